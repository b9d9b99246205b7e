"""The demo awards and festivals: real results, linked to the catalog, loaded idempotently."""

import json
import shutil

import pytest

from awards.demo import DEMO_DATA_DIR, demo_awards_load, demo_is_loaded
from awards.models import (
    Category,
    Ceremony,
    CeremonyYear,
    Festival,
    FestivalEdition,
    FestivalWinner,
    Nomination,
    NominationPerson,
    ProgramEntry,
)
from iwm.demo import DEMO_MODULES

pytestmark = pytest.mark.django_db

TABLES = [Ceremony, CeremonyYear, Category, Nomination, NominationPerson, Festival, FestivalEdition, ProgramEntry, FestivalWinner]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in TABLES}


def test_registered_after_the_catalog_and_loaded():
    assert DEMO_MODULES.index("awards.demo") > DEMO_MODULES.index("movies.services.demo_catalog")
    assert demo_is_loaded()
    for name in ("Academy Awards", "Golden Globe Awards", "British Academy Film Awards"):
        assert Ceremony.objects.filter(name=name).exists()
    for external_id in ("cannes", "venice", "berlinale", "sundance", "tiff"):
        assert Festival.objects.filter(external_id=external_id).exists()
    assert CeremonyYear.objects.filter(ceremony__external_id="oscars").count() >= 4


@pytest.mark.parametrize(
    ("year", "category", "winner", "film"),
    [
        ("oscars-2024", "Best Picture", "Oppenheimer", "Oppenheimer"),
        ("oscars-2024", "Best Supporting Actress", "Da'Vine Joy Randolph", "The Holdovers"),
        ("oscars-2023", "Best Picture", "Everything Everywhere All at Once", "Everything Everywhere All at Once"),
        ("oscars-2020", "Best Director", "Bong Joon Ho", "Parasite"),
        ("oscars-2017", "Best Picture", "Moonlight", "Moonlight"),
        ("oscars-2004", "Best Actress", "Charlize Theron", "Monster"),
        ("oscars-1995", "Best Actor", "Tom Hanks", "Forrest Gump"),
        ("golden-globes-2020", "Best Motion Picture – Drama", "1917", "1917"),
        ("bafta-2023", "Best Film", "All Quiet on the Western Front", "All Quiet on the Western Front"),
    ],
)
def test_known_results(year, category, winner, film):
    won = Nomination.objects.get(category__ceremony_year__external_id=year, category__name=category, is_winner=True)
    assert (won.nominee_name, won.film_title) == (winner, film)


def test_every_category_has_exactly_one_winner_and_links_resolve():
    for category in Category.objects.filter(ceremony_year__ceremony__external_id__in=["oscars", "golden-globes", "bafta"]):
        assert category.nominations.filter(is_winner=True).count() == 1, category.external_id
    linked = Nomination.objects.filter(movie__isnull=False).select_related("movie")
    assert linked.count() > 150
    for nomination in linked:  # a catalog link points at the film the ceremony named
        assert nomination.movie.title.casefold() == nomination.film_title.casefold(), nomination.external_id
    named = Nomination.objects.filter(nominee_type="person", person__isnull=False).select_related("person")
    for nomination in named:
        assert nomination.person.name == nomination.nominee_name, nomination.external_id


def test_sources_are_cited():
    for name in ("ceremonies.json", "festivals.json"):
        data = json.loads((DEMO_DATA_DIR / name).read_text(encoding="utf-8"))
        assert len(data["source"]) > 100
    assert "DLu/oscar_data" in json.loads((DEMO_DATA_DIR / "ceremonies.json").read_text(encoding="utf-8"))["source"]


def test_loading_twice_changes_nothing():
    before = snapshot()
    counts = demo_awards_load()
    assert snapshot() == before
    assert counts["award_nominations"] == Nomination.objects.count()


def test_a_corrected_file_moves_a_win_and_drops_removed_rows(tmp_path):
    for name in ("ceremonies.json", "festivals.json"):
        shutil.copy(DEMO_DATA_DIR / name, tmp_path / name)
    data = json.loads((tmp_path / "ceremonies.json").read_text(encoding="utf-8"))
    year = next(y for c in data["ceremonies"] for y in c["years"] if y["external_id"] == "oscars-2020")
    picture = year["categories"][0]
    for nomination in picture["nominations"]:
        nomination["winner"] = nomination["name"] == "1917"
    dropped = picture["nominations"].pop()["external_id"]
    (tmp_path / "ceremonies.json").write_text(json.dumps(data), encoding="utf-8")
    demo_awards_load(data_dir=tmp_path)
    won = Nomination.objects.get(category__external_id=picture["external_id"], is_winner=True)
    assert won.nominee_name == "1917"
    assert not Nomination.objects.filter(external_id=dropped).exists()


def test_a_bad_row_loads_nothing(tmp_path):
    for name in ("ceremonies.json", "festivals.json"):
        shutil.copy(DEMO_DATA_DIR / name, tmp_path / name)
    data = json.loads((tmp_path / "festivals.json").read_text(encoding="utf-8"))
    data["festivals"][0]["editions"][0]["sections"][0]["entries"][0]["movie"] = "iwm-no-such-film"
    (tmp_path / "festivals.json").write_text(json.dumps(data), encoding="utf-8")
    Nomination.objects.filter(external_id="oscars-2024-picture-oppenheimer").update(details="changed")
    before = snapshot()
    with pytest.raises(ValueError, match="iwm-no-such-film"):
        demo_awards_load(data_dir=tmp_path)
    assert snapshot() == before
    assert Nomination.objects.get(external_id="oscars-2024-picture-oppenheimer").details == "changed"
