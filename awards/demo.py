"""Load the awards and festivals shipped in awards/demo_data/ (real ceremonies and festivals;
each file's `source` says where its figures come from).

Idempotent: every row is upserted on its external_id, and under a demo ceremony year, category,
festival edition, section or prize the children are made to match the files exactly, so running
it twice changes nothing. Films and people are linked by the catalog's external_id (loaded
first, by movies.services.demo_catalog). One transaction: a bad row loads nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_date

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
    ProgramSection,
    WinnerCategory,
)
from movies.models import Movie, Person

DEMO_DATA_DIR = Path(__file__).resolve().parent / "demo_data"


def _read(data_dir: Path, name: str) -> dict:
    with open(data_dir / name, encoding="utf-8") as handle:
        return json.load(handle)


def _date(value):
    return parse_date(value) if value else None


def _upsert(model, rows: list, update_fields: list[str]) -> dict[str, object]:
    """Bulk upsert on external_id; returns {external_id: saved row (with pk)}."""
    if not rows:
        return {}
    saved = model.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["external_id"], update_fields=update_fields, batch_size=1000
    )
    return {row.external_id: row for row in saved}


def _prune(model, parent_field: str, parents, keep: dict) -> None:
    """Delete the rows under `parents` that the files no longer have."""
    model.objects.filter(**{f"{parent_field}__in": list(parents)}).exclude(external_id__in=list(keep)).delete()


class _Catalog:
    """The demo catalog's ids by external_id; a reference the catalog lacks is an error."""

    def __init__(self):
        self.movies = dict(Movie.objects.values_list("external_id", "id"))
        self.people = dict(Person.objects.values_list("external_id", "id"))

    def movie(self, external_id):
        if external_id is None:
            return None
        if external_id not in self.movies:
            raise ValueError(f"awards demo data: no catalog movie {external_id!r}")
        return self.movies[external_id]

    def person(self, external_id):
        if external_id is None:
            return None
        if external_id not in self.people:
            raise ValueError(f"awards demo data: no catalog person {external_id!r}")
        return self.people[external_id]


def _load_ceremonies(data: dict, catalog: _Catalog, counts: dict) -> None:
    ceremonies = _upsert(
        Ceremony,
        [
            Ceremony(
                external_id=c["external_id"], name=c["name"], short_name=c.get("short_name", ""),
                description=c.get("description", ""), logo_url=c.get("logo_url", ""),
                background_image_url=c.get("background_image_url", ""), current_year=c.get("current_year"),
                next_ceremony_date=_date(c.get("next_ceremony_date")),
            )
            for c in data["ceremonies"]
        ],
        ["name", "short_name", "description", "logo_url", "background_image_url", "current_year", "next_ceremony_date"],
    )  # fmt: skip
    year_rows, category_rows, nomination_rows, credit_keys = [], [], [], []
    for c in data["ceremonies"]:
        for y in c["years"]:
            year_rows.append(
                CeremonyYear(
                    external_id=y["external_id"], ceremony=ceremonies[c["external_id"]], year=y["year"],
                    label=y.get("label", ""), film_year=y.get("film_year"), date=_date(y.get("date")),
                    location=y.get("location", ""), hosted_by=y.get("hosted_by", []),
                    description=y.get("description", ""), highlights=y.get("highlights", []),
                )
            )  # fmt: skip
    # Upserting (ceremony, year) pairs in place: a year moved to another external_id would
    # collide on the pair, which is a data error worth stopping on.
    years = _upsert(
        CeremonyYear,
        year_rows,
        ["ceremony", "year", "label", "film_year", "date", "location", "hosted_by", "description", "highlights"],
    )
    _prune(CeremonyYear, "ceremony", [ceremony.pk for ceremony in ceremonies.values()], years)
    for c in data["ceremonies"]:
        for y in c["years"]:
            for order, cat in enumerate(y["categories"]):
                category_rows.append(
                    Category(
                        external_id=cat["external_id"], ceremony_year=years[y["external_id"]], name=cat["name"],
                        order_index=order, allows_ties=cat.get("allows_ties", False),
                    )
                )  # fmt: skip
    categories = _upsert(Category, category_rows, ["ceremony_year", "name", "order_index", "allows_ties"])
    _prune(Category, "ceremony_year", [year.pk for year in years.values()], categories)
    # Winners are set afresh below; clearing them first lets a corrected file move a win from
    # one nomination to another without two winners standing for a moment.
    Nomination.objects.filter(category__in=list(categories.values()), is_winner=True).update(is_winner=False)
    for c in data["ceremonies"]:
        for y in c["years"]:
            for cat in y["categories"]:
                for n in cat["nominations"]:
                    nomination_rows.append(
                        Nomination(
                            external_id=n["external_id"], category=categories[cat["external_id"]],
                            nominee_type=n["type"], nominee_name=n["name"], film_title=n.get("film") or "",
                            movie_id=catalog.movie(n.get("movie")), person_id=catalog.person(n.get("person")),
                            details=n.get("details", ""), image_url=n.get("image_url", ""),
                            is_winner=bool(n.get("winner")),
                        )
                    )  # fmt: skip
                    credit_keys.extend((n["external_id"], catalog.person(p)) for p in n.get("people", []))
    nominations = _upsert(
        Nomination,
        nomination_rows,
        ["category", "nominee_type", "nominee_name", "film_title", "movie", "person", "details", "image_url", "is_winner"],
    )
    _prune(Nomination, "category", [category.pk for category in categories.values()], nominations)
    wanted = {(nominations[ext].pk, person_id) for ext, person_id in credit_keys}
    have = set(
        NominationPerson.objects.filter(nomination__in=list(nominations.values())).values_list("nomination_id", "person_id")
    )
    for nomination_id, person_id in have - wanted:
        NominationPerson.objects.filter(nomination_id=nomination_id, person_id=person_id).delete()
    NominationPerson.objects.bulk_create(
        [NominationPerson(nomination_id=n, person_id=p) for n, p in sorted(wanted - have)], batch_size=1000
    )
    counts.update(
        award_ceremonies=len(ceremonies), award_ceremony_years=len(years), award_categories=len(categories),
        award_nominations=len(nominations), award_nomination_people=len(wanted),
    )  # fmt: skip


def _load_festivals(data: dict, catalog: _Catalog, counts: dict) -> None:
    festivals = _upsert(
        Festival,
        [
            Festival(
                external_id=f["external_id"], name=f["name"], location=f.get("location", ""),
                description=f.get("description", ""), website=f.get("website", ""), image_url=f.get("image_url", ""),
                logo_url=f.get("logo_url", ""), founding_year=f.get("founding_year"),
            )
            for f in data["festivals"]
        ],
        ["name", "location", "description", "website", "image_url", "logo_url", "founding_year"],
    )  # fmt: skip
    editions = _upsert(
        FestivalEdition,
        [
            FestivalEdition(
                external_id=e["external_id"], festival=festivals[f["external_id"]], year=e["year"],
                edition_label=e.get("edition_label", ""), starts_on=_date(e.get("starts_on")),
                ends_on=_date(e.get("ends_on")), description=e.get("description", ""),
            )
            for f in data["festivals"]
            for e in f["editions"]
        ],
        ["festival", "year", "edition_label", "starts_on", "ends_on", "description"],
    )  # fmt: skip
    _prune(FestivalEdition, "festival", [festival.pk for festival in festivals.values()], editions)
    all_editions = [(f, e) for f in data["festivals"] for e in f["editions"]]
    sections = _upsert(
        ProgramSection,
        [
            ProgramSection(
                external_id=s["external_id"], edition=editions[e["external_id"]], name=s["name"],
                description=s.get("description", ""), order_index=order,
            )
            for _, e in all_editions
            for order, s in enumerate(e.get("sections", []))
        ],
        ["edition", "name", "description", "order_index"],
    )  # fmt: skip
    _prune(ProgramSection, "edition", [edition.pk for edition in editions.values()], sections)
    entries = _upsert(
        ProgramEntry,
        [
            ProgramEntry(
                external_id=x["external_id"], section=sections[s["external_id"]], movie_id=catalog.movie(x.get("movie")),
                title=x.get("title", ""), director=x.get("director", ""), country=x.get("country", ""),
                premiere_type=x.get("premiere_type", ""), order_index=order,
            )
            for _, e in all_editions
            for s in e.get("sections", [])
            for order, x in enumerate(s["entries"])
        ],
        ["section", "movie", "title", "director", "country", "premiere_type", "order_index"],
    )  # fmt: skip
    _prune(ProgramEntry, "section", [section.pk for section in sections.values()], entries)
    prizes = _upsert(
        WinnerCategory,
        [
            WinnerCategory(external_id=p["external_id"], edition=editions[e["external_id"]], name=p["name"], order_index=order)
            for _, e in all_editions
            for order, p in enumerate(e.get("prizes", []))
        ],
        ["edition", "name", "order_index"],
    )
    _prune(WinnerCategory, "edition", [edition.pk for edition in editions.values()], prizes)
    winners = _upsert(
        FestivalWinner,
        [
            FestivalWinner(
                external_id=w["external_id"], category=prizes[p["external_id"]], movie_id=catalog.movie(w.get("movie")),
                title=w.get("title", ""), person_id=catalog.person(w.get("person")),
                recipient_name=w.get("recipient_name", ""), details=w.get("details", ""), order_index=order,
            )
            for _, e in all_editions
            for p in e.get("prizes", [])
            for order, w in enumerate(p["winners"])
        ],
        ["category", "movie", "title", "person", "recipient_name", "details", "order_index"],
    )  # fmt: skip
    _prune(FestivalWinner, "category", [prize.pk for prize in prizes.values()], winners)
    counts.update(
        festivals=len(festivals), festival_editions=len(editions), festival_program_sections=len(sections),
        festival_program_entries=len(entries), festival_winner_categories=len(prizes), festival_winners=len(winners),
    )  # fmt: skip


@transaction.atomic
def demo_awards_load(*, data_dir: Path = DEMO_DATA_DIR) -> dict[str, int]:
    catalog = _Catalog()
    counts: dict[str, int] = {}
    _load_ceremonies(_read(data_dir, "ceremonies.json"), catalog, counts)
    _load_festivals(_read(data_dir, "festivals.json"), catalog, counts)
    return counts


def demo_is_loaded() -> bool:
    return Ceremony.objects.filter(external_id="oscars").exists() and Festival.objects.filter(external_id="cannes").exists()


def demo_load() -> dict[str, int]:
    return demo_awards_load()
