"""The demo catalog: real data, loaded idempotently, all or nothing."""

import json
import re
import shutil

import pytest
from django.db import IntegrityError

from movies.models import (
    Genre,
    Movie,
    MovieCredit,
    MovieStreamingOption,
    Person,
    Scene,
    Showtime,
    StreamingPlatform,
    Theater,
)
from movies.services.demo_catalog import DEMO_DATA_DIR, demo_catalog_load

pytestmark = pytest.mark.django_db

TABLES = [Genre, Movie, Person, MovieCredit, Scene, MovieStreamingOption, Theater, Showtime]


def snapshot():
    return {model.__name__: model.objects.count() for model in TABLES}


def test_demo_catalog_is_big_enough_and_real():
    assert Movie.objects.count() >= 150
    interstellar = Movie.objects.get(title="Interstellar")
    assert (interstellar.year, interstellar.runtime) == (2014, 169)
    assert interstellar.credits.filter(role="director", person__name="Christopher Nolan").exists()
    assert Movie.objects.exclude(overview="").count() == Movie.objects.count()
    assert Movie.objects.filter(trivia__isnull=False).exists()


def test_loading_twice_changes_nothing():
    before = snapshot()
    ids = dict(Movie.objects.values_list("external_id", "id"))
    result = demo_catalog_load()
    assert snapshot() == before
    assert dict(Movie.objects.values_list("external_id", "id")) == ids
    assert result.counts["movies"] == before["Movie"]


def test_a_bad_row_loads_nothing(tmp_path):
    data = tmp_path / "demo"
    shutil.copytree(DEMO_DATA_DIR, data)
    movies = json.loads((data / "movies.json").read_text())
    movies[0]["title"] = "Changed Title That Must Not Land"
    movies[-1]["imdb_rating"] = 42  # violates movies_imdb_rating_range
    (data / "movies.json").write_text(json.dumps(movies))
    before = snapshot()
    with pytest.raises(IntegrityError):
        demo_catalog_load(data_dir=data)
    assert snapshot() == before
    assert not Movie.objects.filter(title="Changed Title That Must Not Land").exists()


def test_a_film_removed_from_the_files_loses_its_extra_rows(tmp_path):
    data = tmp_path / "demo"
    shutil.copytree(DEMO_DATA_DIR, data)
    movies = json.loads((data / "movies.json").read_text())
    target = next(m for m in movies if m["title"] == "Interstellar")
    target["genres"] = target["genres"][:1]
    target["streaming"] = target["streaming"][:1]
    target["credits"] = target["credits"][:3]
    (data / "movies.json").write_text(json.dumps(movies))
    demo_catalog_load(data_dir=data)
    movie = Movie.objects.get(external_id=target["external_id"])
    assert list(movie.genres.values_list("slug", flat=True)) == target["genres"]
    assert movie.streaming_options.count() == 1
    assert sorted(movie.credits.values_list("person__name", "role")) == sorted(
        (credit["person"], credit["role"]) for credit in target["credits"]
    )


def test_taglines_are_the_films_own_and_hbo_max_has_its_name_back():
    assert Movie.objects.get(title="Alien").tagline == "In space no one can hear you scream."
    assert Movie.objects.get(title="Inception").tagline == "Your mind is the scene of the crime."
    # Where no real tagline is known for sure, the film has none rather than an invented one.
    assert Movie.objects.get(title="Rashomon").tagline == ""
    hbo = StreamingPlatform.objects.get(slug="max")
    assert (hbo.name, hbo.website_url) == ("HBO Max", "https://www.hbomax.com")


def test_demo_files_carry_well_formed_unique_imdb_ids():
    movies = json.loads((DEMO_DATA_DIR / "movies.json").read_text(encoding="utf-8"))
    people = json.loads((DEMO_DATA_DIR / "people.json").read_text(encoding="utf-8"))
    for rows, pattern in ((movies, r"tt\d{7,8}"), (people, r"nm\d{7,8}")):
        ids = [row["imdb_id"] for row in rows if "imdb_id" in row]
        assert ids, pattern
        assert [i for i in ids if not re.fullmatch(pattern, i)] == []
        assert len(ids) == len(set(ids))
    film_ids = {movie["title"]: movie.get("imdb_id") for movie in movies}
    assert film_ids["The Shawshank Redemption"] == "tt0111161"
    assert film_ids["Inception"] == "tt1375666"
    assert {person["name"]: person.get("imdb_id") for person in people}["Christopher Nolan"] == "nm0634240"


def test_imdb_ids_of_the_demo_files_are_loaded_and_absent_keys_stay_empty():
    movies = json.loads((DEMO_DATA_DIR / "movies.json").read_text(encoding="utf-8"))
    people = json.loads((DEMO_DATA_DIR / "people.json").read_text(encoding="utf-8"))
    assert Movie.objects.get(title="Inception").imdb_id == "tt1375666"
    assert Person.objects.get(name="Christopher Nolan").imdb_id == "nm0634240"
    assert Movie.objects.exclude(imdb_id="").count() == sum(1 for m in movies if m.get("imdb_id"))
    assert Person.objects.exclude(imdb_id="").count() == sum(1 for p in people if p.get("imdb_id"))
    without = next(m for m in movies if not m.get("imdb_id"))
    assert Movie.objects.get(external_id=without["external_id"]).imdb_id == ""


def test_reloading_upserts_imdb_ids_and_an_absent_key_clears_one(tmp_path):
    data = tmp_path / "demo"
    shutil.copytree(DEMO_DATA_DIR, data)
    movies = json.loads((data / "movies.json").read_text(encoding="utf-8"))
    inception = next(m for m in movies if m["title"] == "Inception")
    del inception["imdb_id"]
    (data / "movies.json").write_text(json.dumps(movies), encoding="utf-8")
    people = json.loads((data / "people.json").read_text(encoding="utf-8"))
    nolan = next(p for p in people if p["name"] == "Christopher Nolan")
    nolan["imdb_id"] = "nm99999999"
    (data / "people.json").write_text(json.dumps(people), encoding="utf-8")
    demo_catalog_load(data_dir=data)
    assert Movie.objects.get(title="Inception").imdb_id == ""
    assert Person.objects.get(name="Christopher Nolan").imdb_id == "nm99999999"
