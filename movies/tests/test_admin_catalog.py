"""The catalog admin: the API's search in the search box, names instead of ids, local times
for showtimes, linguistic name order, undated films last, no query per row."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from movies.models import Movie, MovieCredit, MovieGenre, MovieStreamingOption, Person, SceneGenre, Showtime
from movies.tests.factories import MovieFactory, OfferFactory, PlatformFactory, ShowtimeFactory, TheaterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def changelist(client, model, **params):
    response = client.get(reverse(f"admin:movies_{model._meta.model_name}_changelist"), params)
    assert response.status_code == 200
    return response


def listed_ids(response) -> list[int]:
    return [obj.pk for obj in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("godfater", "The Godfather"),
        ("amelie", "Amélie"),
        ("Ladri di biciclette", "Bicycle Thieves"),
        ("千と千尋", "Spirited Away"),
        ("tt1375666", "Inception"),
        ("iwm-inception-2010", "Inception"),
    ],
)
def test_movie_search_box_uses_the_catalog_search(admin_client_, query, title):
    response = changelist(admin_client_, Movie, q=query)
    assert Movie.objects.get(title=title).pk in listed_ids(response)


@pytest.mark.parametrize("query", ["christopher nolan", "cristopher nolan", "nm0634240", "NOLAN"])
def test_person_search_box_uses_the_catalog_search(admin_client_, query):
    assert Person.objects.get(name="Christopher Nolan").pk in listed_ids(changelist(admin_client_, Person, q=query))


def test_admin_autocomplete_forgives_typos(admin_client_):
    response = admin_client_.get(
        reverse("admin:autocomplete"),
        {"term": "godfater", "app_label": "movies", "model_name": "moviecredit", "field_name": "movie"},
    )
    assert "The Godfather (1972)" in [row["text"] for row in response.json()["results"]]


def test_titles_show_names_not_ids():
    inception = Movie.objects.get(title="Inception")
    nolan = MovieCredit.objects.get(movie=inception, person__name="Christopher Nolan", role="director")
    assert str(nolan) == "Christopher Nolan, director of Inception"
    cobb = MovieCredit.objects.filter(movie=inception, role="actor").exclude(character_name="").first()
    assert str(cobb) == f"{cobb.person.name} as {cobb.character_name} in Inception"
    genre = MovieGenre.objects.filter(movie=inception, genre__slug="science-fiction").get()
    assert str(genre) == "Inception: Science Fiction"
    offer = OfferFactory(movie=inception, platform=PlatformFactory(slug="netflix"), region="FR")
    assert str(offer) == "Inception on Netflix (FR, subscription)"
    scene_genre = SceneGenre.objects.select_related("scene", "genre").first()
    if scene_genre is not None:
        assert str(scene_genre) == f"{scene_genre.scene.title}: {scene_genre.genre.name}"
    theater = TheaterFactory(name="Prince Test", timezone="Europe/London")
    showtime = ShowtimeFactory(
        theater=theater,
        movie=inception,
        starts_at=datetime.datetime(2026, 7, 1, 18, 0, tzinfo=datetime.UTC),
    )
    assert str(showtime) == "Inception at Prince Test, 2026-07-01 19:00 BST"


def test_showtimes_are_shown_in_the_cinemas_local_time(admin_client_):
    theater = TheaterFactory(name="Tokyo Test", timezone="Asia/Tokyo")
    showtime = ShowtimeFactory(
        theater=theater, movie=MovieFactory(), starts_at=datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
    )
    listing = changelist(admin_client_, Showtime, q="Tokyo Test").content.decode()
    assert "2026-12-01 19:00 JST (Asia/Tokyo)" in listing
    page = admin_client_.get(reverse("admin:movies_showtime_change", args=[showtime.pk])).content.decode()
    assert "2026-12-01 19:00 JST (Asia/Tokyo)" in page
    assert showtime.local_starts_at.tzinfo == zoneinfo.ZoneInfo("Asia/Tokyo")


def test_people_are_listed_in_linguistic_order(admin_client_):
    names = [p.name for p in changelist(admin_client_, Person).context["cl"].result_list]
    keyed = sorted(names, key=lambda name: Person.objects.get(name=name).name_sort)
    assert names == keyed
    everyone = list(Person.objects.values_list("name", flat=True))
    sciamma = everyone.index("Céline Sciamma")
    assert everyone[sciamma - 1].lower() < "celine" < everyone[sciamma + 1].lower()
    assert everyone[sciamma - 1][0] == "C" and everyone[sciamma + 1][0] == "C"


def test_movies_without_a_release_date_come_last_in_the_admin(admin_client_):
    undated = MovieFactory(title="No Date Yet", year=None, release_date=None)
    response = changelist(admin_client_, Movie)
    ordered = list(response.context["cl"].queryset.values_list("pk", flat=True))
    assert ordered[-1] == undated.pk
    dated = [pk for pk in ordered if pk != undated.pk]
    assert Movie.objects.get(pk=dated[0]).release_date >= Movie.objects.filter(release_date__isnull=False).latest(
        "release_date"
    ).release_date
    # Sorting by the "released" column (after the checkbox column), either way, keeps them last too.
    undated_count = Movie.objects.filter(release_date__isnull=True).count()
    assert undated_count >= 2
    for order in ("2", "-2"):
        dates = list(changelist(admin_client_, Movie, o=order).context["cl"].queryset.values_list("release_date", flat=True))
        assert dates[-undated_count:] == [None] * undated_count
        assert None not in dates[:-undated_count]
        assert dates[:-undated_count] == sorted(dates[:-undated_count], reverse=order == "-2")


@pytest.mark.parametrize("model", [MovieCredit, MovieStreamingOption, Showtime, Movie, Person])
def test_changelists_do_not_query_per_row(admin_client_, django_assert_max_num_queries, model):
    with django_assert_max_num_queries(12):
        response = changelist(admin_client_, model)
    assert len(response.context["cl"].result_list) == 100 or model is Showtime


def test_movie_change_page_inlines_do_not_query_per_row(admin_client_, django_assert_max_num_queries):
    interstellar = Movie.objects.get(title="Interstellar")
    assert interstellar.credits.count() >= 10
    # ~15 for the page, plus Django's autocomplete widgets (one lookup per inline row with a
    # person or platform); the rows' titles add nothing (two per row when not joined: ~50).
    with django_assert_max_num_queries(35):
        page = admin_client_.get(reverse("admin:movies_movie_change", args=[interstellar.pk])).content.decode()
    assert "Christopher Nolan, director of Interstellar" in page
