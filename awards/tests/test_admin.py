"""The admin pages editors use for ceremonies and festivals (tests/test_admin.py renders every
changelist, search and add page; this covers the inlines, the winner rule and the filters)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Category, FestivalEdition, Nomination
from awards.tests.factories import CategoryFactory, EditionFactory, NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def test_ceremony_year_and_category_pages_show_their_inlines(admin_client_):
    category = Category.objects.get(external_id="oscars-2020-picture")
    year_page = admin_client_.get(reverse("admin:awards_ceremonyyear_change", args=[category.ceremony_year_id]))
    assert year_page.status_code == 200 and b"Best Picture" in year_page.content
    category_page = admin_client_.get(reverse("admin:awards_category_change", args=[category.pk]))
    assert category_page.status_code == 200 and b"Ford v Ferrari" in category_page.content
    assert b"autocomplete" in category_page.content  # movie and person pickers


def test_edition_and_section_pages_show_program_and_prizes(admin_client_):
    edition = FestivalEdition.objects.get(external_id="cannes-2019")
    page = admin_client_.get(reverse("admin:awards_festivaledition_change", args=[edition.pk]))
    assert page.status_code == 200 and b"Competition" in page.content and b"Palme d&#x27;Or" in page.content
    section = edition.sections.get(name="Competition")
    page = admin_client_.get(reverse("admin:awards_programsection_change", args=[section.pk]))
    assert b"Portrait of a Lady on Fire" in page.content


def inline_post(category, nominations, **changes):
    data = {
        "ceremony_year": category.ceremony_year_id, "name": category.name, "order_index": category.order_index,
        "allows_ties": "on" if changes.get("allows_ties", category.allows_ties) else "",
        "external_id": category.external_id,
        "nominations-TOTAL_FORMS": len(nominations), "nominations-INITIAL_FORMS": len(nominations),
        "nominations-MIN_NUM_FORMS": 0, "nominations-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for index, nomination in enumerate(nominations):
        prefix = f"nominations-{index}-"
        data.update({
            prefix + "id": nomination.pk, prefix + "category": category.pk,
            prefix + "nominee_type": nomination.nominee_type, prefix + "nominee_name": nomination.nominee_name,
            prefix + "film_title": nomination.film_title, prefix + "details": "", prefix + "image_url": "",
            prefix + "external_id": nomination.external_id,
            prefix + "is_winner": "on" if changes.get("winners", {}).get(nomination.pk, nomination.is_winner) else "",
        })  # fmt: skip
    return data


def test_two_winners_in_a_category_without_ties_are_refused_with_a_message(admin_client_):
    category = CategoryFactory()
    first, second = NominationFactory(category=category, is_winner=True), NominationFactory(category=category)
    url = reverse("admin:awards_category_change", args=[category.pk])
    response = admin_client_.post(url, inline_post(category, [first, second], winners={second.pk: True}))
    assert response.status_code == 200 and b"does not allow ties" in response.content
    assert list(Nomination.objects.filter(category=category, is_winner=True)) == [first]
    # Moving the win in one save is fine.
    response = admin_client_.post(url, inline_post(category, [first, second], winners={first.pk: False, second.pk: True}))
    assert response.status_code == 302
    assert list(Nomination.objects.filter(category=category, is_winner=True)) == [second]


def test_a_second_winner_on_the_nomination_page_is_refused(admin_client_):
    category = CategoryFactory()
    NominationFactory(category=category, is_winner=True)
    other = NominationFactory(category=category)
    response = admin_client_.post(
        reverse("admin:awards_nomination_change", args=[other.pk]),
        {
            "external_id": other.external_id, "category": category.pk, "nominee_type": "person",
            "nominee_name": other.nominee_name, "film_title": other.film_title, "is_winner": "on",
            "credits-TOTAL_FORMS": 0, "credits-INITIAL_FORMS": 0, "credits-MIN_NUM_FORMS": 0,
            "credits-MAX_NUM_FORMS": 1000,
        },
    )  # fmt: skip
    assert response.status_code == 200 and b"does not allow ties" in response.content
    other.refresh_from_db()
    assert other.is_winner is False


def test_mark_winner_action_replaces_the_winner(admin_client_):
    category = CategoryFactory()
    first, second = NominationFactory(category=category, is_winner=True), NominationFactory(category=category)
    response = admin_client_.post(
        reverse("admin:awards_nomination_changelist"), {"action": "mark_winner", "_selected_action": [second.pk]}
    )
    assert response.status_code == 302
    assert list(Nomination.objects.filter(category=category, is_winner=True)) == [second]
    first.refresh_from_db()
    assert not first.is_winner


def test_edition_status_filter_uses_today(admin_client_):
    today = timezone.localdate()
    live = EditionFactory(year=today.year, starts_on=today, ends_on=today + datetime.timedelta(days=2), edition_label="Live Fest Now")
    url = reverse("admin:awards_festivaledition_changelist")
    assert b"Live Fest Now" in admin_client_.get(url, {"status": "live"}).content
    assert b"Live Fest Now" not in admin_client_.get(url, {"status": "past"}).content
    assert b"76th Cannes" in admin_client_.get(url, {"status": "past"}).content
    assert live.status_on(today) == "live"
