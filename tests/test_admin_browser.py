"""The moderation admin in a real headless Chromium (Playwright for Python driving Debian's
`chromium`; Playwright cannot download its own browsers here).

A moderator signs in to /admin/, opens the queue, removes a reported review, and the review is
gone from the public API. An admin then opens the dashboard, whose screenshot is written to
var/screenshots/admin-dashboard.png for a person to look at.

Without a browser the test is skipped with how to install one, except when CI is set, where a
missing browser is a failure (`make test` installs chromium where it runs as root with apt-get).
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.request

import pytest
from django.conf import settings

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOW_TO = (
    "no Chromium found ({}). Install Debian's: `sudo apt-get install chromium` (`make test` does it when run "
    "as root with apt-get)."
)
PASSWORD = "a-long-browser-test-password"


def chromium_path() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        message = HOW_TO.format(", ".join(BROWSERS))
        if os.environ.get("CI"):
            pytest.fail("CI is set and " + message, pytrace=False)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        pytest.fail("playwright is not installed: `make venv`")
    # Playwright runs an event loop in this thread; the test's own ORM calls are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def api_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            json.load(response)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.django_db(transaction=True)
def test_a_moderator_removes_a_reported_review_in_the_browser(browser, live_server):
    from moderation.services import admin_metrics_snapshot, daily_report_generate
    from moderation.tests.helpers import reported_review
    from social.services import moderators_group_ensure
    from social.tests.factories import UserFactory

    moderator = UserFactory(email="mod@example.com", password=PASSWORD, is_staff=True)
    moderator.groups.add(moderators_group_ensure())
    admin = UserFactory(email="boss@example.com", password=PASSWORD, is_staff=True, is_superuser=True)
    review, item = reported_review(reporters=2)  # under the hiding threshold: still public
    base = live_server.url
    assert api_status(f"{base}/api/v1/reviews/{review.pk}/") == 200
    movie_reviews = f"{base}/api/v1/movies/{review.movie_id}/reviews/?page_size=100"
    assert review.pk in [row["id"] for row in json.load(urllib.request.urlopen(movie_reviews, timeout=10))["results"]]

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, moderator.email)
    page.click("text=Moderation queue")
    page.wait_for_selector("#result_list")
    page.click(f'#result_list a[href$="/moderationitem/{item.pk}/change/"]')
    page.wait_for_selector("#id_decision")
    assert review.content in page.inner_text("body")
    page.select_option("#id_decision", "remove")
    page.fill("#id_reason", "spam (browser test)")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert "done" in page.inner_text(".messagelist")
    context.close()

    assert api_status(f"{base}/api/v1/reviews/{review.pk}/") == 404
    listed = json.load(urllib.request.urlopen(movie_reviews, timeout=10))
    assert review.pk not in [row["id"] for row in listed["results"]]

    # The dashboard with data, for a person to look at: a day of hourly history, then now.
    from datetime import timedelta

    from django.utils import timezone

    from moderation.models import AdminMetricSnapshot

    now = timezone.now()
    AdminMetricSnapshot.objects.bulk_create(
        AdminMetricSnapshot(
            snapshot_time=now - timedelta(hours=hours),
            metrics={"users": 10 + (24 - hours), "active_users_24h": 3 + hours % 5, "reviews": 0,
                     "pulses": 20 + (24 - hours) * 2, "pending_moderation": hours % 4, "oldest_pending_hours": hours % 7},
        )  # fmt: skip
        for hours in range(24, 0, -1)
    )
    admin_metrics_snapshot()
    daily_report_generate()
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    sign_in(page, base, admin.email)
    page.click("text=Dashboard")
    page.wait_for_selector("#dashboard-charts svg")
    target = settings.VAR_DIR / "screenshots" / "admin-dashboard.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    context.close()
    assert target.stat().st_size > 10_000
