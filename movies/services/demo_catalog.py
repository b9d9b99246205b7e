"""Load the demo catalog shipped in movies/demo_data/ (real films, people, platforms, cinemas).

Idempotent: every row is upserted on its natural key (external_id, slug, or the row's unique
pair), and a film's genres, credits, scenes and offers are made to match the files exactly, so
running it twice changes nothing. Everything is one transaction: a bad row loads nothing.
Showtimes are generated for the seven days starting on the load day, in each cinema's local
time.
"""

from __future__ import annotations

import hashlib
import json
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_date

from movies.choices import MovieStatus, ShowtimeFormat
from movies.models import (
    Genre,
    Movie,
    MovieCredit,
    MovieGenre,
    MovieStreamingOption,
    Person,
    Scene,
    Showtime,
    StreamingPlatform,
    Theater,
)

DEMO_DATA_DIR = Path(__file__).resolve().parent.parent / "demo_data"
SHOWTIME_DAYS = 7
SHOWTIME_SLOTS = (time(12, 30), time(15, 45), time(19, 0), time(21, 45))
FILMS_PER_THEATER_PER_DAY = 4
# A typical adult ticket, by country: (currency, price).
TICKET_PRICES = {
    "US": ("USD", "15.50"),
    "CA": ("CAD", "14.99"),
    "GB": ("GBP", "12.50"),
    "FR": ("EUR", "11.90"),
    "DE": ("EUR", "12.00"),
    "ES": ("EUR", "9.50"),
    "IT": ("EUR", "9.00"),
    "JP": ("JPY", "2000"),
    "KR": ("KRW", "15000"),
    "IN": ("INR", "280"),
    "AU": ("AUD", "24.00"),
}


@dataclass
class DemoLoadResult:
    counts: dict[str, int] = field(default_factory=dict)


def _read(data_dir: Path, name: str):
    with open(data_dir / name, encoding="utf-8") as handle:
        return json.load(handle)


def _upsert(model, rows: list, unique_fields: list[str], update_fields: list[str]) -> dict:
    """bulk upsert; returns {natural key: saved object (with pk)}."""
    if not rows:
        return {}
    saved = model.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields, batch_size=1000
    )
    key = unique_fields[0]
    return {getattr(obj, key): obj for obj in saved}


def _delete_ids(model, rows, *, keep: set) -> None:
    """Delete, in one statement, the rows (id, *natural key) whose key is not in `keep`."""
    stale = [row[0] for row in rows if tuple(row[1:]) not in keep]
    if stale:
        model.objects.filter(pk__in=stale).delete()


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@transaction.atomic
def demo_catalog_load(*, data_dir: Path = DEMO_DATA_DIR, today: date | None = None) -> DemoLoadResult:
    result = DemoLoadResult()
    now = timezone.now()

    genres = _upsert(
        Genre, [Genre(slug=g["slug"], name=g["name"]) for g in _read(data_dir, "genres.json")], ["slug"], ["name"]
    )
    platforms = _upsert(
        StreamingPlatform,
        [
            StreamingPlatform(
                external_id=p["external_id"],
                slug=p["slug"],
                name=p["name"],
                logo_url=p.get("logo_url", ""),
                website_url=p.get("website_url", ""),
            )
            for p in _read(data_dir, "platforms.json")
        ],
        ["external_id"],
        ["slug", "name", "logo_url", "website_url"],
    )
    platform_by_slug = {p.slug: p for p in platforms.values()}

    people_rows = _read(data_dir, "people.json")
    people = _upsert(
        Person,
        [
            Person(
                external_id=p["external_id"],
                imdb_id=p.get("imdb_id", ""),
                name=p["name"],
                bio=p.get("bio", ""),
                image_url=p.get("image_url", ""),
                birth_date=parse_date(p["birth_date"]) if p.get("birth_date") else None,
                known_for=p.get("known_for", ""),
                created_at=now,
                updated_at=now,
            )
            for p in people_rows
        ],
        ["external_id"],
        ["imdb_id", "name", "bio", "image_url", "birth_date", "known_for", "updated_at"],
    )
    person_by_name = {p.name: p for p in people.values()}

    movie_rows = _read(data_dir, "movies.json")
    movie_fields = [
        "imdb_id", "title", "original_title", "tagline", "year", "release_date", "runtime", "rating", "language", "country",
        "overview", "poster_url", "backdrop_url", "budget", "revenue", "status", "imdb_rating",
        "rotten_tomatoes_score", "critics_score", "trivia", "timeline",
    ]  # fmt: skip
    movies = _upsert(
        Movie,
        [
            Movie(
                external_id=m["external_id"],
                imdb_id=m.get("imdb_id", ""),
                title=m["title"],
                original_title=m.get("original_title", ""),
                tagline=m.get("tagline", ""),
                year=m.get("year"),
                release_date=parse_date(m["release_date"]) if m.get("release_date") else None,
                runtime=m.get("runtime"),
                rating=m.get("rating", ""),
                language=m.get("language", ""),
                country=m.get("country", ""),
                overview=m.get("overview", ""),
                poster_url=m.get("poster_url", ""),
                backdrop_url=m.get("backdrop_url", ""),
                budget=m.get("budget"),
                revenue=m.get("revenue"),
                status=m.get("status", MovieStatus.RELEASED),
                imdb_rating=_decimal(m.get("imdb_rating")),
                rotten_tomatoes_score=m.get("rotten_tomatoes_score"),
                critics_score=_decimal(m.get("critics_score")),
                trivia=m.get("trivia"),
                timeline=m.get("timeline"),
                created_at=now,
                updated_at=now,
            )
            for m in movie_rows
        ],
        ["external_id"],
        [*movie_fields, "updated_at"],
    )
    movie_ids = [movie.pk for movie in movies.values()]

    # Genres of each film: exactly the files' set.
    wanted_genres = {(movies[m["external_id"]].pk, genres[slug].pk) for m in movie_rows for slug in m.get("genres", [])}
    MovieGenre.objects.bulk_create(
        [MovieGenre(movie_id=mid, genre_id=gid) for mid, gid in wanted_genres], ignore_conflicts=True
    )
    _delete_ids(
        MovieGenre,
        MovieGenre.objects.filter(movie_id__in=movie_ids).values_list("id", "movie_id", "genre_id"),
        keep=wanted_genres,
    )

    # Credits, upserted on (movie, person, role); billing order is the order in the file.
    credit_rows = []
    for m in movie_rows:
        for order, credit in enumerate(m.get("credits", [])):
            credit_rows.append(
                MovieCredit(
                    movie_id=movies[m["external_id"]].pk,
                    person_id=person_by_name[credit["person"]].pk,
                    role=credit["role"],
                    character_name=credit.get("character", ""),
                    billing_order=order,
                )
            )
    MovieCredit.objects.bulk_create(
        credit_rows,
        update_conflicts=True,
        unique_fields=["movie", "person", "role"],
        update_fields=["character_name", "billing_order"],
        batch_size=1000,
    )
    _delete_ids(
        MovieCredit,
        MovieCredit.objects.filter(movie_id__in=movie_ids).values_list("id", "movie_id", "person_id", "role"),
        keep={(c.movie_id, c.person_id, c.role) for c in credit_rows},
    )

    # Scenes, keyed "<film external_id>-scene-<n>".
    scene_rows = []
    for m in movie_rows:
        director = next((c["person"] for c in m.get("credits", []) if c["role"] == "director"), None)
        photographer = next((c["person"] for c in m.get("credits", []) if c["role"] == "cinematographer"), None)
        for number, scene in enumerate(m.get("scenes", []), start=1):
            scene_rows.append(
                Scene(
                    external_id=f"{m['external_id']}-scene-{number}",
                    movie_id=movies[m["external_id"]].pk,
                    title=scene["title"],
                    description=scene.get("description", ""),
                    duration_seconds=scene.get("duration_seconds"),
                    scene_type=scene.get("scene_type", ""),
                    director_id=person_by_name[director].pk if director else None,
                    cinematographer_id=person_by_name[photographer].pk if photographer else None,
                    is_popular=scene.get("is_popular", False),
                    is_visual_treat=scene.get("is_visual_treat", False),
                    added_at=now,
                )
            )
    scenes = _upsert(
        Scene,
        scene_rows,
        ["external_id"],
        ["movie", "title", "description", "duration_seconds", "scene_type", "director", "cinematographer",
         "is_popular", "is_visual_treat"],
    )  # fmt: skip
    Scene.objects.filter(movie_id__in=movie_ids).exclude(external_id__in=list(scenes)).delete()

    # Streaming offers, upserted on (movie, platform, region, type).
    offer_rows = [
        MovieStreamingOption(
            movie_id=movies[m["external_id"]].pk,
            platform_id=platform_by_slug[offer["platform"]].pk,
            region=offer["region"],
            type=offer["type"],
            price=_decimal(offer.get("price")),
            currency=offer.get("currency", "") if offer.get("price") is not None else "",
            quality=offer.get("quality", "HD"),
            url=offer.get("url") or platform_by_slug[offer["platform"]].website_url,
            verified=True,
            last_checked_at=now,
        )
        for m in movie_rows
        for offer in m.get("streaming", [])
    ]
    MovieStreamingOption.objects.bulk_create(
        offer_rows,
        update_conflicts=True,
        unique_fields=["movie", "platform", "region", "type"],
        update_fields=["price", "currency", "quality", "url", "verified", "last_checked_at"],
        batch_size=1000,
    )
    _delete_ids(
        MovieStreamingOption,
        MovieStreamingOption.objects.filter(movie_id__in=movie_ids).values_list(
            "id", "movie_id", "platform_id", "region", "type"
        ),
        keep={(o.movie_id, o.platform_id, o.region, o.type) for o in offer_rows},
    )

    theaters = _upsert(
        Theater,
        [
            Theater(
                external_id=t["external_id"],
                name=t["name"],
                chain=t.get("chain", ""),
                address=t.get("address", ""),
                city=t["city"],
                country=t["country"],
                timezone=t["timezone"],
                latitude=t["latitude"],
                longitude=t["longitude"],
            )
            for t in _read(data_dir, "theaters.json")
        ],
        ["external_id"],
        ["name", "chain", "address", "city", "country", "timezone", "latitude", "longitude"],
    )

    result.counts = {
        "genres": len(genres),
        "streaming_platforms": len(platforms),
        "people": len(people),
        "movies": len(movies),
        "movie_credits": len(credit_rows),
        "scenes": len(scenes),
        "movie_streaming_options": len(offer_rows),
        "theaters": len(theaters),
        "showtimes": demo_showtimes_refresh(theater_ids=[t.pk for t in theaters.values()], today=today),
    }
    return result


def _pick(seed: str, population: list, count: int) -> list:
    """A deterministic choice of `count` items (same seed, same films)."""
    ranked = sorted(population, key=lambda item: hashlib.sha256(f"{seed}:{item}".encode()).hexdigest())
    return ranked[:count]


@transaction.atomic
def demo_showtimes_refresh(*, theater_ids: list[int] | None = None, today: date | None = None) -> int:
    """Give the demo cinemas showtimes for `today` and the six days after, in local time.

    Existing showtimes in that window are kept (the slot is unique); showtimes that ended
    more than a day before `today` are removed. Returns how many showtimes the window holds.
    """
    theaters = Theater.objects.filter(external_id__startswith="iwm-theater-")
    if theater_ids is not None:
        theaters = theaters.filter(pk__in=theater_ids)
    released = list(
        Movie.objects.filter(status=MovieStatus.RELEASED)
        .order_by(F("imdb_rating").desc(nulls_last=True), "id")
        .values_list("id", flat=True)[:120]
    )
    if not released:
        return 0
    rows = []
    first_day_starts = []
    for theater in theaters:
        zone = zoneinfo.ZoneInfo(theater.timezone)
        local_today = today or timezone.now().astimezone(zone).date()
        first_day_starts.append((theater.pk, datetime.combine(local_today, time.min, tzinfo=zone)))
        currency, price = TICKET_PRICES.get(theater.country, ("USD", "12.00"))
        premium = theater.chain.upper() in {"AMC", "REGAL", "CINEWORLD", "ODEON", "CINEPLEX", "EVENT CINEMAS", "PVR"}
        for offset in range(SHOWTIME_DAYS):
            day = local_today + timedelta(days=offset)
            films = _pick(f"{theater.external_id}:{day.isoformat()}", released, FILMS_PER_THEATER_PER_DAY)
            for slot, movie_id in zip(SHOWTIME_SLOTS, films, strict=False):  # fewer films than slots is fine
                imax_slot = premium and slot == SHOWTIME_SLOTS[2]
                rows.append(
                    Showtime(
                        theater=theater,
                        movie_id=movie_id,
                        starts_at=datetime.combine(day, slot, tzinfo=zone),
                        format=ShowtimeFormat.IMAX if imax_slot else ShowtimeFormat.STANDARD,
                        price=(Decimal(price) * (Decimal("1.4") if imax_slot else 1)).quantize(Decimal("0.01")),
                        currency=currency,
                    )
                )
    Showtime.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    stale = Q()
    for theater_id, starts in first_day_starts:
        stale |= Q(theater_id=theater_id, starts_at__lt=starts - timedelta(days=1))
    if first_day_starts:
        Showtime.objects.filter(stale).delete()
    return Showtime.objects.filter(theater__in=theaters).count()


def demo_catalog_is_loaded() -> bool:
    return Movie.objects.exists()


# The interface iwm.demo expects of every app's demo module.
def demo_is_loaded() -> bool:
    return demo_catalog_is_loaded()


def demo_load() -> dict[str, int]:
    return demo_catalog_load().counts


def demo_refresh() -> dict[str, int]:
    """On every `make run`: the demo cinemas' showtimes always cover the coming week."""
    return {"showtimes": demo_showtimes_refresh()}
