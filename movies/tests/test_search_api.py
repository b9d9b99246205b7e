"""Search and autocomplete over the demo catalog (real titles and names)."""

import pytest

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/"


def hits(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200, response.json()
    return response.json()["results"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Intersteller", "Interstellar"),
        ("godfater", "The Godfather"),
        ("interstellar", "Interstellar"),
        ("the dark knigth", "The Dark Knight"),
        ("amelie", "Amélie"),  # accent-insensitive
        ("SPIRITED AWAY", "Spirited Away"),
    ],
)
def test_typo_tolerant_title_search_puts_the_film_first(api_client, query, title):
    first = hits(api_client, query)[0]
    assert (first["type"], first["name"]) == ("movie", title)


def test_person_search_puts_christopher_nolan_first(api_client):
    people = [hit["name"] for hit in hits(api_client, "nolan") if hit["type"] == "person"]
    assert people[:2] == ["Christopher Nolan", "Jonathan Nolan"]  # more credits breaks the near-tie


def test_movies_and_people_come_in_one_ranked_list_with_types(api_client):
    results = hits(api_client, "nolan", page_size=50)
    assert {hit["type"] for hit in results} <= {"movie", "person"}
    scores = [hit["score"] for hit in results]
    assert scores == sorted(scores, reverse=True)


def test_full_text_finds_a_film_by_what_happens_in_it(api_client):
    titles = [hit["name"] for hit in hits(api_client, "thief entering dreams")[:5]]
    assert "Inception" in titles


def test_no_match_is_an_empty_list(api_client):
    body = api_client.get(SEARCH, {"q": "qzxjvwq"}).json()
    assert body["results"] == [] and body["count"] == 0


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "a"}, {"q": "x" * 101}])
def test_missing_blank_short_or_long_query_is_a_400_on_q(api_client, params):
    response = api_client.get(SEARCH, params)
    assert response.status_code == 400
    assert "q" in response.json()["error"]["fields"]


@pytest.mark.parametrize("query", ["%%", "__", "50% off", "\\x", "'; drop table movies; --", "Ω≈ç√"])
def test_special_characters_are_just_text(api_client, query):
    assert api_client.get(SEARCH, {"q": query}).status_code == 200
    assert api_client.get("/api/v1/movies/autocomplete/", {"q": query}).status_code == 200


def test_search_query_count_does_not_grow_with_page_size(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        api_client.get(SEARCH, {"q": "the", "page_size": 1})
    with django_assert_max_num_queries(2):
        api_client.get(SEARCH, {"q": "the", "page_size": 100})


def test_movie_autocomplete_prefers_titles_that_start_with_the_text(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = api_client.get("/api/v1/movies/autocomplete/", {"q": "inter"})
    titles = [row["title"] for row in response.json()]
    assert titles[0] == "Interstellar"
    assert len(titles) <= 10


def test_movie_autocomplete_is_fuzzy(api_client):
    titles = [row["title"] for row in api_client.get("/api/v1/movies/autocomplete/", {"q": "godfathr"}).json()]
    assert "The Godfather" in titles


def test_autocomplete_returns_at_most_ten(api_client):
    assert len(api_client.get("/api/v1/movies/autocomplete/", {"q": "th"}).json()) == 10


def test_person_autocomplete(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        rows = api_client.get("/api/v1/people/autocomplete/", {"q": "christopher n"}).json()
    assert rows[0]["name"] == "Christopher Nolan"
    assert api_client.get("/api/v1/people/autocomplete/", {"q": "x" * 101}).status_code == 400


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Ladri di biciclette", "Bicycle Thieves"),
        ("Le fabuleux destin d'Amélie Poulain", "Amélie"),
        ("le fabuleux destin d'amelie poulain", "Amélie"),
        ("千と千尋", "Spirited Away"),
        ("千尋", "Spirited Away"),  # shorter than a trigram, inside a title without word breaks
        ("神隠し", "Spirited Away"),
        ("기생충", "Parasite"),
        ("살인의 추억", "Memories of Murder"),
        ("Det sjunde inseglet", "The Seventh Seal"),
    ],
)
def test_original_titles_find_their_films(api_client, query, title):
    first = hits(api_client, query)[0]
    assert (first["type"], first["name"]) == ("movie", title)


def test_a_plot_beats_a_title_that_merely_shares_letters(api_client):
    names = [hit["name"] for hit in hits(api_client, "dream heist")]
    assert names[0] == "Inception"
    assert "Hoop Dreams" in names[1:]  # still found (it shares letters), below the film whose plot it is


def test_shark_finds_jaws_above_people_whose_names_share_letters(api_client):
    results = hits(api_client, "shark", page_size=50)
    jaws = next(i for i, hit in enumerate(results) if hit["name"] == "Jaws")
    people = [i for i, hit in enumerate(results) if hit["type"] == "person"]
    assert people, "Omar Sharif and friends still match, lower down"
    assert jaws < min(people)


def test_autocomplete_tolerates_a_typo(api_client):
    titles = [row["title"] for row in api_client.get("/api/v1/movies/autocomplete/", {"q": "spirted"}).json()]
    assert titles[0] == "Spirited Away"
    originals = [row["title"] for row in api_client.get("/api/v1/movies/autocomplete/", {"q": "千と千"}).json()]
    assert originals[0] == "Spirited Away"


def test_a_two_letter_query_finds_whole_words_and_title_starts(api_client):
    names = [hit["name"] for hit in hits(api_client, "up", page_size=20)]
    assert names[0] == "Up"


def test_cjk_and_short_queries_stay_bounded_in_queries(api_client, django_assert_max_num_queries):
    for query in ("千尋", "up", "기생충"):
        with django_assert_max_num_queries(2):
            assert api_client.get(SEARCH, {"q": query, "page_size": 100}).status_code == 200
