"""Theaters near a point, nearest first, with today's showtimes in local time."""

import datetime
import math
import zoneinfo

import pytest
from django.utils import timezone

from iwm.db.features import has_extension
from movies.models import Theater
from movies.selectors.theaters import EARTH_RADIUS_KM, theaters_near
from movies.tests.factories import MovieFactory, ShowtimeFactory, TheaterFactory

pytestmark = pytest.mark.django_db

THEATERS = "/api/v1/theaters/"
MANHATTAN = (40.7306, -73.9866)
LONDON = (51.5072, -0.1276)


def haversine_km(a, b):
    (lat1, lon1), (lat2, lon2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def test_theaters_near_a_point_come_back_nearest_first(api_client):
    body = api_client.get(THEATERS, {"near": f"{LONDON[0]},{LONDON[1]}", "radius_km": 30}).json()
    rows = body["results"]
    assert len(rows) >= 4 and all(row["city"] == "London" for row in rows)
    distances = [row["distance_km"] for row in rows]
    assert distances == sorted(distances)
    for row in rows:
        assert row["distance_km"] == pytest.approx(haversine_km(LONDON, (row["latitude"], row["longitude"])), rel=5e-3)
        assert row["distance_km"] <= 30


def test_radius_excludes_far_theaters(api_client):
    near = api_client.get(THEATERS, {"near": f"{MANHATTAN[0]},{MANHATTAN[1]}", "radius_km": 50}).json()["results"]
    assert near and {row["city"] for row in near} == {"New York"}
    nothing = api_client.get(THEATERS, {"near": "0,0", "radius_km": 10}).json()
    assert nothing["count"] == 0 and nothing["results"] == []


@pytest.mark.parametrize("method", ["haversine", "earthdistance"])
def test_every_distance_method_agrees(method):
    if method == "earthdistance":
        assert has_extension("earthdistance"), "both supported servers ship earthdistance"
    expected = [(t.pk, t.distance_km) for t in theaters_near(*MANHATTAN, 30, method="haversine")]
    got = [(t.pk, t.distance_km) for t in theaters_near(*MANHATTAN, 30, method=method)]
    assert [pk for pk, _ in got] == [pk for pk, _ in expected]
    for (_, a), (_, b) in zip(got, expected, strict=True):
        assert a == pytest.approx(b, abs=1e-3)


def test_near_the_antimeridian_and_the_pole():
    fiji = TheaterFactory(latitude=-17.7, longitude=179.99)
    samoa_side = TheaterFactory(latitude=-17.7, longitude=-179.99)
    found = list(theaters_near(-17.7, 179.995, 5, method="haversine"))
    assert {t.pk for t in found} == {fiji.pk, samoa_side.pk}
    polar = TheaterFactory(latitude=89.99, longitude=10)
    assert [t.pk for t in theaters_near(89.99, -170, 5, method="haversine")] == [polar.pk]


def zone_at_local_noon() -> str:
    """An IANA zone whose clock reads about noon now, so a test has showings both already
    started (09:00) and later today (20:00), whatever the hour the suite runs at."""
    offset = 12 - timezone.now().astimezone(datetime.UTC).hour  # -11..+12
    return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"  # Etc signs are reversed


def local(zone: str, day_offset: int, hour: int, minute: int = 0) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    day = timezone.now().astimezone(tz).date() + datetime.timedelta(days=day_offset)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


def test_showtimes_today_are_the_local_days_not_yet_started(api_client):
    zone = zone_at_local_noon()
    theater = TheaterFactory(timezone=zone, latitude=-36.85, longitude=174.76, city="Auckland")
    movie = MovieFactory(title="Tonight Only")
    tonight = ShowtimeFactory(theater=theater, movie=movie, starts_at=local(zone, 0, 20))
    ShowtimeFactory(theater=theater, movie=movie, starts_at=local(zone, 0, 9))  # already started
    ShowtimeFactory(theater=theater, movie=movie, starts_at=local(zone, 1, 0, 30))  # tomorrow, local
    rows = api_client.get(THEATERS, {"near": "-36.85,174.76", "radius_km": 5}).json()["results"]
    assert [row["id"] for row in rows] == [theater.pk]
    assert [s["id"] for s in rows[0]["showtimes_today"]] == [tonight.pk]
    assert rows[0]["showtimes_today"][0]["movie"]["title"] == "Tonight Only"
    assert rows[0]["showtimes_today"][0]["starts_at_local"] == tonight.starts_at.isoformat()


def test_demo_cinemas_have_showtimes_today(api_client):
    rows = api_client.get(THEATERS, {"near": f"{LONDON[0]},{LONDON[1]}", "radius_km": 30}).json()["results"]
    assert all(row["showtimes_today"] for row in rows)


def test_list_without_a_point_and_query_count(api_client, django_assert_max_num_queries):
    for size in (1, 40):
        with django_assert_max_num_queries(3):
            rows = api_client.get(THEATERS, {"page_size": size}).json()["results"]
        assert len(rows) == size and rows[0]["distance_km"] is None
    with django_assert_max_num_queries(3):
        api_client.get(THEATERS, {"near": f"{LONDON[0]},{LONDON[1]}", "radius_km": 500, "page_size": 100})


@pytest.mark.parametrize(
    "params",
    [
        {"near": "abc"},
        {"near": "91,0"},
        {"near": "0,181"},
        {"near": "1,2,3"},
        {"near": "nan,0"},
        {"near": "0,0", "radius_km": "0"},
        {"near": "0,0", "radius_km": "501"},
        {"near": "0,0", "radius_km": "nan"},
    ],
)
def test_bad_points_and_radii_are_400s(api_client, params):
    response = api_client.get(THEATERS, params)
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) & {"near", "radius_km"}


def test_demo_data_spans_several_cities():
    assert Theater.objects.values("city").distinct().count() >= 8
