"""The awards and festivals endpoints, on the demo data and on rows made here, with their query
counts."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Ceremony, Festival
from awards.selectors.profiles import award_counts_for_movies, award_counts_for_people
from awards.tests.factories import (
    CategoryFactory,
    CeremonyFactory,
    CeremonyYearFactory,
    EditionFactory,
    EntryFactory,
    FestivalFactory,
    FestivalWinnerFactory,
    NominationFactory,
    PrizeFactory,
    SectionFactory,
)
from movies.models import Movie, Person
from movies.tests.factories import MovieFactory, PersonFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    return response.json()


def oscars() -> Ceremony:
    return Ceremony.objects.get(external_id="oscars")


def festival(external_id: str) -> Festival:
    return Festival.objects.get(external_id=external_id)


# Ceremonies


def test_ceremony_list_is_by_name_and_bounded(api_client, django_assert_max_num_queries):
    CeremonyFactory.create_batch(25)
    for page_size in (5, 100):
        with django_assert_max_num_queries(2):  # count + page
            body = get(api_client, f"{API}/awards/ceremonies/", page_size=page_size)
    names = [c["name"] for c in body["results"]]
    assert names == sorted(names)
    assert {"Academy Awards", "Golden Globe Awards", "British Academy Film Awards"} <= set(names)


def test_ceremony_detail_lists_its_years_newest_first(api_client, django_assert_max_num_queries):
    url = f"{API}/awards/ceremonies/{oscars().pk}/"
    with django_assert_max_num_queries(2):
        body = get(api_client, url)
    years = [y["year"] for y in body["years"]]
    assert years == sorted(years, reverse=True) and {2024, 2020, 2017, 2004, 1995} <= set(years)
    assert body["years"][0]["label"] == "96th Academy Awards"


def test_ceremony_year_has_every_category_and_nominee_with_winners_marked(api_client):
    body = get(api_client, f"{API}/awards/ceremonies/{oscars().pk}/years/2020/")
    assert body["ceremony"]["name"] == "Academy Awards" and body["film_year"] == 2019
    categories = {c["name"]: c for c in body["categories"]}
    assert list(categories)[0] == "Best Picture"
    picture = categories["Best Picture"]["nominations"]
    assert len(picture) == 9
    winners = [n for n in picture if n["is_winner"]]
    assert [w["nominee_name"] for w in winners] == ["Parasite"] and picture[0]["is_winner"]  # winners first
    assert winners[0]["movie"]["id"] == Movie.objects.get(title="Parasite").pk
    unlinked = next(n for n in picture if n["nominee_name"] == "Ford v Ferrari")
    assert unlinked["movie"] is None and unlinked["film_title"] == "Ford v Ferrari"  # named, not in the catalog
    actor = next(n for n in categories["Best Actor"]["nominations"] if n["is_winner"])
    assert actor["person"]["name"] == "Joaquin Phoenix" and actor["details"] == "Arthur Fleck"
    for category in body["categories"]:
        assert sum(n["is_winner"] for n in category["nominations"]) == 1, category["name"]


def test_ceremony_year_query_count_does_not_grow_with_its_size(api_client, django_assert_max_num_queries):
    year = CeremonyYearFactory(year=2001)
    people = PersonFactory.create_batch(3)
    for index in range(12):
        category = CategoryFactory(ceremony_year=year, order_index=index)
        for n in range(6):
            nomination = NominationFactory(category=category, movie=MovieFactory(), is_winner=n == 0)
            nomination.credited_people.set(people)
    with django_assert_max_num_queries(4):
        body = get(api_client, f"{API}/awards/ceremonies/{year.ceremony_id}/years/2001/")
    assert len(body["categories"]) == 12 and all(len(c["nominations"]) == 6 for c in body["categories"])
    assert len(body["categories"][0]["nominations"][0]["credited_people"]) == 3
    url = f"{API}/awards/ceremonies/{oscars().pk}/years/2024/"
    with django_assert_max_num_queries(4):
        get(api_client, url)


@pytest.mark.parametrize(
    "url",
    [
        "/awards/ceremonies/999999999/",
        "/awards/ceremonies/999999999/years/2020/",
        "/festivals/999999999/",
        "/festivals/999999999/editions/2019/",
        "/movies/999999999/awards/",
        "/people/999999999/awards/",
    ],
)
def test_missing_things_are_404_in_the_error_shape(api_client, url):
    body = get(api_client, API + url, status=404)
    assert body["error"]["status"] == 404


def test_a_year_the_ceremony_does_not_have_is_404(api_client):
    get(api_client, f"{API}/awards/ceremonies/{oscars().pk}/years/1900/", status=404)
    get(api_client, f"{API}/awards/ceremonies/{oscars().pk}/years/99999/", status=404)  # past smallint
    get(api_client, f"{API}/festivals/{festival('cannes').pk}/editions/2020/", status=404)


def test_unknown_query_parameters_are_refused(api_client):
    body = get(api_client, f"{API}/awards/ceremonies/", status=400, sort="name")
    assert "sort" in body["error"]["fields"]
    get(api_client, f"{API}/festivals/{festival('cannes').pk}/", status=400, today="2020-01-01")


# Festivals


def test_festival_list_is_by_name_and_bounded(api_client, django_assert_max_num_queries):
    FestivalFactory.create_batch(25)
    for page_size in (5, 100):
        with django_assert_max_num_queries(2):
            body = get(api_client, f"{API}/festivals/", page_size=page_size)
    names = [f["name"] for f in body["results"]]
    assert names == sorted(names) and "Cannes Film Festival" in names


def test_festival_detail_derives_each_edition_status_from_today(api_client, django_assert_max_num_queries):
    today = timezone.localdate()
    fest = FestivalFactory()
    past, upcoming = datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 1, 1, 1)
    EditionFactory(festival=fest, year=past.year, starts_on=past, ends_on=past + datetime.timedelta(days=5))
    EditionFactory(festival=fest, year=today.year, starts_on=today, ends_on=today + datetime.timedelta(days=3))
    EditionFactory(festival=fest, year=upcoming.year, starts_on=upcoming, ends_on=upcoming + datetime.timedelta(days=5))
    EditionFactory(festival=fest, year=today.year + 2, starts_on=None, ends_on=None)
    with django_assert_max_num_queries(2):
        body = get(api_client, f"{API}/festivals/{fest.pk}/")
    assert [(e["year"] - today.year, e["status"]) for e in body["editions"]] == [
        (2, None), (1, "upcoming"), (0, "live"), (-1, "past"),
    ]  # fmt: skip
    cannes = get(api_client, f"{API}/festivals/{festival('cannes').pk}/")
    assert {e["year"]: e["status"] for e in cannes["editions"]} == {2023: "past", 2019: "past"}


def test_edition_has_its_program_and_prizes_with_shared_prizes(api_client, django_assert_max_num_queries):
    url = f"{API}/festivals/{festival('cannes').pk}/editions/2019/"
    with django_assert_max_num_queries(5):
        body = get(api_client, url)
    assert body["festival"]["name"] == "Cannes Film Festival" and body["status"] == "past"
    competition = body["sections"][0]
    assert competition["name"] == "Competition"
    parasite = next(e for e in competition["entries"] if e["title"] == "Parasite")
    assert parasite["movie"]["id"] == Movie.objects.get(title="Parasite").pk and parasite["premiere_type"] == "world"
    prizes = {p["name"]: p["winners"] for p in body["prizes"]}
    assert [w["title"] for w in prizes["Palme d'Or"]] == ["Parasite"]
    assert prizes["Palme d'Or"][0]["person"]["name"] == "Bong Joon Ho"
    assert len(prizes["Jury Prize"]) == 2  # ex aequo


def test_edition_query_count_does_not_grow_with_its_program(api_client, django_assert_max_num_queries):
    edition = EditionFactory(year=2030, starts_on=None, ends_on=None)
    for _ in range(5):
        section = SectionFactory(edition=edition)
        for _ in range(8):
            EntryFactory(section=section, movie=MovieFactory())
        prize = PrizeFactory(edition=edition)
        FestivalWinnerFactory.create_batch(2, category=prize, movie=MovieFactory(), person=PersonFactory(), recipient_name="X")
    with django_assert_max_num_queries(5):
        body = get(api_client, f"{API}/festivals/{edition.festival_id}/editions/2030/")
    assert len(body["sections"]) == 5 and all(len(s["entries"]) == 8 for s in body["sections"])
    assert len(body["prizes"]) == 5 and body["status"] is None


# A film's and a person's awards


def test_movie_awards_grouped_by_ceremony_and_year(api_client, django_assert_max_num_queries):
    parasite = Movie.objects.get(title="Parasite")
    with django_assert_max_num_queries(4):
        body = get(api_client, f"{API}/movies/{parasite.pk}/awards/")
    by_ceremony = {c["ceremony"]["name"]: c for c in body["ceremonies"]}
    oscars_ = by_ceremony["Academy Awards"]
    assert [y["year"] for y in oscars_["years"]] == [2020]
    categories = {n["category"]["name"]: n["is_winner"] for n in oscars_["years"][0]["nominations"]}
    assert categories == {
        "Best Picture": True, "Best Director": True, "Best Original Screenplay": True,
        "Best International Feature Film": True,
    }  # fmt: skip
    assert (oscars_["wins"], oscars_["nominations"]) == (4, 4)
    assert body["wins"] == sum(c["wins"] for c in body["ceremonies"])
    assert body["nominations"] == sum(c["nominations"] for c in body["ceremonies"])
    assert [w["prize"]["name"] for w in body["festival_wins"]] == ["Palme d'Or"]
    assert body["festival_wins"][0]["edition"]["festival"]["name"] == "Cannes Film Festival"
    assert [s["section"]["name"] for s in body["festival_selections"]] == ["Competition"]


def test_movie_without_awards_answers_empty(api_client):
    movie = MovieFactory()
    body = get(api_client, f"{API}/movies/{movie.pk}/awards/")
    assert (body["wins"], body["nominations"], body["ceremonies"], body["festival_wins"]) == (0, 0, [], [])


def test_person_awards_count_nominee_and_credited_nominations_once(api_client, django_assert_max_num_queries):
    nolan = Person.objects.get(name="Christopher Nolan")
    with django_assert_max_num_queries(4):
        body = get(api_client, f"{API}/people/{nolan.pk}/awards/")
    oscars_ = next(c for c in body["ceremonies"] if c["ceremony"]["name"] == "Academy Awards")
    categories = {n["category"]["name"]: n["is_winner"] for y in oscars_["years"] for n in y["nominations"]}
    # Director as the nominee; Picture (as a producer) and Adapted Screenplay as credited.
    assert categories == {"Best Picture": True, "Best Director": True, "Best Adapted Screenplay": False}

    person, movie = PersonFactory(), MovieFactory()
    category = CategoryFactory()
    nominee = NominationFactory(category=category, person=person, movie=movie, is_winner=True)
    nominee.credited_people.add(person)  # credited as well as named: still one nomination
    NominationFactory(category=CategoryFactory(), nominee_type="screenplay", movie=movie).credited_people.add(person)
    FestivalWinnerFactory(person=person, recipient_name=person.name, movie=movie)
    body = get(api_client, f"{API}/people/{person.pk}/awards/")
    assert (body["wins"], body["nominations"], len(body["festival_wins"])) == (1, 2, 1)
    assert award_counts_for_people([person.pk]) == {person.pk: {"wins": 1, "nominations": 2, "festival_wins": 1}}


def test_award_counts_for_movies_and_people(django_assert_max_num_queries):
    oppenheimer, parasite, unawarded = (
        Movie.objects.get(title="Oppenheimer"), Movie.objects.get(title="Parasite"), MovieFactory()
    )  # fmt: skip
    with django_assert_max_num_queries(2):
        counts = award_counts_for_movies([oppenheimer.pk, parasite.pk, unawarded.pk])
    assert counts[unawarded.pk] == {"wins": 0, "nominations": 0, "festival_wins": 0}
    assert counts[parasite.pk]["festival_wins"] == 1
    # Oppenheimer at the 96th Oscars: 8 of its nominations fall in the demo's main categories, 6 won.
    oscars_2024 = get_counts_in(oppenheimer, "oscars-2024")
    assert oscars_2024 == (6, 8)
    assert counts[oppenheimer.pk]["nominations"] >= 8
    murphy = Person.objects.get(name="Cillian Murphy")
    with django_assert_max_num_queries(2):
        people = award_counts_for_people([murphy.pk])
    assert people[murphy.pk]["wins"] == 3  # Oscar, Golden Globe and BAFTA for Oppenheimer
    assert award_counts_for_movies([]) == {} and award_counts_for_people([]) == {}


def get_counts_in(movie, year_external_id) -> tuple[int, int]:
    from awards.models import Nomination

    rows = Nomination.objects.filter(movie=movie, category__ceremony_year__external_id=year_external_id)
    return rows.filter(is_winner=True).count(), rows.count()


def test_movie_and_person_details_carry_the_award_counts(api_client):
    parasite = Movie.objects.get(title="Parasite")
    detail = get(api_client, f"{API}/movies/{parasite.pk}/")
    awards = get(api_client, f"{API}/movies/{parasite.pk}/awards/")
    assert detail["awards"] == {
        "wins": awards["wins"], "nominations": awards["nominations"], "festival_wins": len(awards["festival_wins"])
    }  # fmt: skip
    assert detail["awards"]["wins"] >= 4 and detail["awards"]["festival_wins"] == 1

    nolan = Person.objects.get(name="Christopher Nolan")
    detail = get(api_client, f"{API}/people/{nolan.pk}/")
    awards = get(api_client, f"{API}/people/{nolan.pk}/awards/")
    assert (detail["awards"]["wins"], detail["awards"]["nominations"]) == (awards["wins"], awards["nominations"])
    assert detail["awards"]["wins"] >= 2

    unawarded = MovieFactory()
    assert get(api_client, f"{API}/movies/{unawarded.pk}/")["awards"] == {"wins": 0, "nominations": 0, "festival_wins": 0}
