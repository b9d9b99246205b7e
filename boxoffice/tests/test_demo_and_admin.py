"""The demo box office data, and the admin pages editors use."""

import json

import pytest
from django.urls import reverse

from boxoffice import demo
from boxoffice.models import SAMPLE, BoxOfficeRecord, DailyGross, WeekendEntry, YearToDate, YearToDateTopMovie
from boxoffice.tests.factories import WeekendEntryFactory
from movies.models import Movie

pytestmark = pytest.mark.django_db

MODELS = (WeekendEntry, DailyGross, YearToDate, YearToDateTopMovie, BoxOfficeRecord)


def test_demo_is_loaded_and_loading_again_changes_nothing():
    assert demo.demo_is_loaded()
    before = {model: sorted(model.objects.values_list("id", flat=True)) for model in MODELS}
    counts = demo.demo_load()
    assert counts == {model._meta.db_table: len(ids) for model, ids in before.items()}
    assert {model: sorted(model.objects.values_list("id", flat=True)) for model in MODELS if model is not YearToDateTopMovie} == {
        model: ids for model, ids in before.items() if model is not YearToDateTopMovie
    }


def test_demo_charts_cover_the_us_and_one_more_region_with_cited_sources():
    weekends = set(WeekendEntry.objects.values_list("region", "period_start").distinct())
    assert sum(1 for region, _ in weekends if region == "US") >= 3
    assert {region for region, _ in weekends} == {"US", "GB"}
    # Published figures cite where they come from; only the daily trends are sample data.
    for model in (WeekendEntry, YearToDate, YearToDateTopMovie, BoxOfficeRecord):
        assert not model.objects.filter(source=SAMPLE).exists(), model
        assert not model.objects.exclude(source__startswith="http").exists(), model
    assert set(DailyGross.objects.values_list("source", flat=True)) == {SAMPLE}


def test_demo_entries_link_the_catalog_films_named_in_the_files():
    with open(demo.DEMO_DATA_DIR / "weekends.json", encoding="utf-8") as handle:
        named = {row["external_id"] for chart in json.load(handle) for row in chart["entries"] if "external_id" in row}
    assert named <= set(Movie.objects.values_list("external_id", flat=True))
    linked = set(WeekendEntry.objects.filter(movie__isnull=False).values_list("movie__external_id", flat=True))
    assert linked == named


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("weekendentry", {"sourced": "sample"}),
        ("weekendentry", {"linked": "no", "region__exact": "US"}),
        ("weekendentry", {"period_start__year": "2023", "q": "barbie"}),
        ("dailygross", {"sourced": "cited", "region__exact": "GB"}),
        ("yeartodate", {"year": "2023"}),
        ("yeartodatetopmovie", {"linked": "yes", "ytd__region": "US"}),
        ("boxofficerecord", {"category__exact": "worldwide-total", "q": "avatar"}),
    ],
)
def test_admin_filters_and_search(admin_client_, model, params):
    response = admin_client_.get(reverse(f"admin:boxoffice_{model}_changelist"), params)
    assert response.status_code == 200


def test_admin_search_finds_a_film_and_the_sample_filter_keeps_only_sample_rows(admin_client_):
    url = reverse("admin:boxoffice_weekendentry_changelist")
    WeekendEntryFactory(title="Sampled Film", source=SAMPLE)
    assert b"Oppenheimer" in admin_client_.get(url, {"q": "oppenheimer"}).content
    page = admin_client_.get(url, {"sourced": "sample"}).content
    assert b"Sampled Film" in page and b"Oppenheimer" not in page


def test_admin_add_form_refuses_a_film_twice_in_one_chart_and_fills_the_currency(admin_client_):
    WeekendEntryFactory(region="GB", title="Already Here", rank=9)
    url = reverse("admin:boxoffice_weekendentry_add")
    form = {
        "region": "GB", "period_start": "2031-01-03", "period_end": "2031-01-05", "rank": "8", "title": "already here",
        "distributor": "", "weekend_gross": "100", "source": "https://example.org",
    }  # fmt: skip
    response = admin_client_.post(url, form)
    assert response.status_code == 200 and b"already in this weekend" in response.content
    response = admin_client_.post(url, {**form, "title": "New Here"})
    assert response.status_code == 302
    assert WeekendEntry.objects.get(title="New Here").currency == "GBP"


def test_admin_changelists_do_not_grow_in_queries(admin_client_, django_assert_max_num_queries):
    for rank in range(1, 80):
        WeekendEntryFactory(rank=rank)
    for model in ("weekendentry", "dailygross", "yeartodatetopmovie", "boxofficerecord"):
        with django_assert_max_num_queries(12):
            assert admin_client_.get(reverse(f"admin:boxoffice_{model}_changelist")).status_code == 200
