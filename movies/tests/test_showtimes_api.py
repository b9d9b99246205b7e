"""A theater's showtimes on a date, and the theaters showing one movie near a point. Dates are
the cinema's own calendar; a listing leaves out the showings that have already started."""

import datetime

import pytest
from django.utils import timezone

from movies.models import Movie, Showtime, Theater
from movies.tests.factories import MovieFactory, ShowtimeFactory, TheaterFactory
from movies.tests.test_theaters_api import local, zone_at_local_noon

pytestmark = pytest.mark.django_db


def detail(client, theater, **params):
    response = client.get(f"/api/v1/theaters/{theater.pk}/", params)
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.fixture
def cinema():
    zone = zone_at_local_noon()
    theater = TheaterFactory(timezone=zone, name="Noon Picturehouse", latitude=10.0, longitude=10.0)
    movie, other = MovieFactory(title="Later Today"), MovieFactory(title="Also Showing")
    shows = {
        "started": ShowtimeFactory(theater=theater, movie=movie, starts_at=local(zone, 0, 9)),
        "tonight": ShowtimeFactory(theater=theater, movie=movie, starts_at=local(zone, 0, 20)),
        "late": ShowtimeFactory(theater=theater, movie=other, starts_at=local(zone, 0, 23, 45)),
        "tomorrow": ShowtimeFactory(theater=theater, movie=movie, starts_at=local(zone, 1, 0, 15)),
    }
    return theater, zone, movie, shows


def test_theater_detail_lists_its_local_today_without_started_showings(api_client, cinema, django_assert_max_num_queries):
    theater, zone, _movie, shows = cinema
    with django_assert_max_num_queries(2):
        body = detail(api_client, theater)
    assert body["name"] == "Noon Picturehouse" and body["timezone"] == zone
    assert body["date"] == local(zone, 0, 0).date().isoformat()
    assert [s["id"] for s in body["showtimes"]] == [shows["tonight"].pk, shows["late"].pk]
    assert body["showtimes"][0]["movie"]["title"] == "Later Today"


def test_theater_detail_for_another_date(api_client, cinema):
    theater, zone, _movie, shows = cinema
    tomorrow = local(zone, 1, 0).date().isoformat()
    assert [s["id"] for s in detail(api_client, theater, date=tomorrow)["showtimes"]] == [shows["tomorrow"].pk]
    today = local(zone, 0, 0).date().isoformat()
    assert [s["id"] for s in detail(api_client, theater, date=today)["showtimes"]] == [
        shows["tonight"].pk,
        shows["late"].pk,
    ]


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01", "20261127", "2026-1-5", "２０２６-01-01"])
def test_a_malformed_date_is_a_400(api_client, cinema, value):
    theater = cinema[0]
    response = api_client.get(f"/api/v1/theaters/{theater.pk}/", {"date": value})
    assert response.status_code == 400 and "date" in response.json()["error"]["fields"]


@pytest.mark.parametrize("days", [31, -31, 4000])
def test_a_date_more_than_thirty_days_away_is_a_400(api_client, cinema, days):
    theater = cinema[0]
    far = (timezone.now().date() + datetime.timedelta(days=days)).isoformat()
    for path in (f"/api/v1/theaters/{theater.pk}/", f"/api/v1/movies/{cinema[2].pk}/showtimes/"):
        response = api_client.get(path, {"date": far})
        assert response.status_code == 400, path
        assert "30 days" in response.json()["error"]["fields"]["date"][0]


def test_unknown_theater_or_movie_is_a_404(api_client):
    assert api_client.get("/api/v1/theaters/999999999/").status_code == 404
    assert api_client.get("/api/v1/movies/999999999/showtimes/").status_code == 404


def test_movie_showtimes_near_a_point_nearest_first_with_that_movies_showings(api_client):
    zone = zone_at_local_noon()
    movie, other = MovieFactory(title="Only Here"), MovieFactory()
    near = TheaterFactory(timezone=zone, latitude=48.8566, longitude=2.3522)  # Paris
    nearer = TheaterFactory(timezone=zone, latitude=48.86, longitude=2.35)
    far = TheaterFactory(timezone=zone, latitude=45.76, longitude=4.83)  # Lyon, 390 km
    not_showing = TheaterFactory(timezone=zone, latitude=48.857, longitude=2.352)
    mine = {
        theater: ShowtimeFactory(theater=theater, movie=movie, starts_at=local(zone, 0, 21))
        for theater in (near, nearer, far)
    }
    ShowtimeFactory(theater=near, movie=movie, starts_at=local(zone, 0, 8))  # started
    ShowtimeFactory(theater=near, movie=other, starts_at=local(zone, 0, 22))  # another film
    ShowtimeFactory(theater=not_showing, movie=other, starts_at=local(zone, 0, 21))
    ShowtimeFactory(theater=not_showing, movie=movie, starts_at=local(zone, 0, 7))  # started: not showing it now
    response = api_client.get(f"/api/v1/movies/{movie.pk}/showtimes/", {"near": "48.8600,2.3500", "radius_km": 50})
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [nearer.pk, near.pk]
    assert rows[0]["distance_km"] < rows[1]["distance_km"]
    assert [s["id"] for s in rows[1]["showtimes"]] == [mine[near].pk]
    assert rows[1]["date"] == local(zone, 0, 0).date().isoformat()
    wide = api_client.get(f"/api/v1/movies/{movie.pk}/showtimes/", {"near": "48.86,2.35", "radius_km": 500}).json()
    assert [row["id"] for row in wide["results"]] == [nearer.pk, near.pk, far.pk]
    tomorrow = local(zone, 1, 0).date().isoformat()
    assert api_client.get(f"/api/v1/movies/{movie.pk}/showtimes/", {"date": tomorrow}).json()["results"] == []


def test_movie_showtimes_without_a_point_and_on_the_demo_catalog(api_client, django_assert_max_num_queries):
    today = Showtime.objects.filter(
        starts_at__gte=timezone.now(), starts_at__lt=timezone.now() + datetime.timedelta(hours=6)
    ).select_related("movie", "theater").first()
    assert today is not None, "the demo cinemas show films every day"
    for size in (1, 100):
        with django_assert_max_num_queries(4):  # the movie, the count, the theaters, their showings
            response = api_client.get(f"/api/v1/movies/{today.movie_id}/showtimes/", {"page_size": size})
        assert response.status_code == 200 and response.json()["results"]
    point = f"{today.theater.latitude},{today.theater.longitude}"
    rows = api_client.get(f"/api/v1/movies/{today.movie_id}/showtimes/", {"near": point, "radius_km": 1}).json()
    assert rows["results"][0]["id"] == today.theater_id
    assert all(s["starts_at"] for s in rows["results"][0]["showtimes"])


def test_demo_theater_detail_in_london(api_client):
    prince_charles = Theater.objects.get(name="Prince Charles Cinema")
    body = detail(api_client, prince_charles, date=(timezone.now().date() + datetime.timedelta(days=1)).isoformat())
    assert body["showtimes"] and {s["movie"]["id"] for s in body["showtimes"]} <= set(
        Movie.objects.values_list("id", flat=True)
    )
    assert detail(api_client, prince_charles, date="")["date"] == detail(api_client, prince_charles)["date"]
