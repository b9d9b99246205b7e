"""The talent hub as members meet it: finding calls, posting and editing one, applying, and the
owner deciding on submissions; visibility and authorization per route."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import bearer_client
from moderation.services import user_verification_set
from social.tests.factories import UserFactory
from talent.models import CastingCall, CastingSubmission
from talent.services import casting_call_moderation_set
from talent.tests.factories import CastingCallFactory, RoleFactory, SubmissionFactory, open_call
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

LIST = "/api/v1/casting-calls/"


def future(days: int = 10) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def apply(client, role, **body):
    return client.post(f"/api/v1/roles/{role.pk}/submissions/", body, format="json")


# --- listing and search --------------------------------------------------------------------


def test_list_shows_public_calls_with_owner_and_roles(api_client):
    call, role = open_call(project_title="Sunlit Harbour")
    body = api_client.get(f"{LIST}?page_size=100").json()
    row = next(r for r in body["results"] if r["id"] == call.pk)
    assert row["project_title"] == "Sunlit Harbour" and row["is_open"] is True
    assert row["posted_by"]["id"] == call.posted_by_id
    assert [r["id"] for r in row["roles"]] == [role.pk]
    assert "search_vector" not in row and "description" not in row


def test_search_by_text_ignores_case_and_accents_and_stems(api_client):
    match, _ = open_call(project_title="Les Misérables on the Tagus", description="Singers wanted")
    other, _ = open_call(project_title="Quiet Lake")
    found = ids(api_client.get(f"{LIST}?q=miserables&page_size=100"))
    assert match.pk in found and other.pk not in found
    assert match.pk in ids(api_client.get(f"{LIST}?q=singer"))


def test_filters(api_client):
    remote, remote_role = open_call(project_type="series", is_remote=True, location_country="JP", location_city="Osaka")
    RoleFactory(call=remote, type="crew", compensation="deferred")
    local, _ = open_call(project_type="short", location_country="PT", location_city="Porto")
    expired = CastingCallFactory(
        posted_date=timezone.now() - timedelta(days=20), submission_deadline=timezone.now() - timedelta(days=1)
    )
    closed = CastingCallFactory(status="closed")
    assert remote.pk in ids(api_client.get(f"{LIST}?project_type=series"))
    assert local.pk not in ids(api_client.get(f"{LIST}?project_type=series"))
    assert remote.pk in ids(api_client.get(f"{LIST}?role_type=crew"))
    assert local.pk not in ids(api_client.get(f"{LIST}?role_type=crew&page_size=100"))
    assert remote.pk in ids(api_client.get(f"{LIST}?compensation=deferred"))
    in_osaka = ids(api_client.get(f"{LIST}?country=jp&city=OSAKA&project_type=series&page_size=100"))
    assert remote.pk in in_osaka and local.pk not in in_osaka
    in_porto = ids(api_client.get(f"{LIST}?country=PT&city=porto&page_size=100"))
    assert local.pk in in_porto and remote.pk not in in_porto
    remote_only = ids(api_client.get(f"{LIST}?remote=true&page_size=100"))
    assert remote.pk in remote_only and local.pk not in remote_only
    open_now = ids(api_client.get(f"{LIST}?open=true&page_size=100"))
    assert {remote.pk, local.pk} <= open_now and not {expired.pk, closed.pk} & open_now
    not_open = ids(api_client.get(f"{LIST}?open=false&page_size=100"))
    assert {expired.pk, closed.pk} <= not_open and remote.pk not in not_open


def test_orderings(api_client):
    rows = api_client.get(f"{LIST}?ordering=submission_deadline&page_size=100").json()["results"]
    assert [r["submission_deadline"] for r in rows] == sorted(r["submission_deadline"] for r in rows)
    rows = api_client.get(f"{LIST}?page_size=100").json()["results"]
    assert [r["posted_date"] for r in rows] == sorted((r["posted_date"] for r in rows), reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "project_type=film", "project_type=", "role_type=hero", "compensation=free", "country=usa", "country=1x",
        "country=", "city=", "remote=yes", "open=1", "open=", "ordering=title", "page_size=101", "colour=red",
        "q=" + "x" * 201,
    ],  # fmt: skip
)
def test_list_refuses_bad_parameters(api_client, query):
    error = assert_error_shape(api_client.get(f"{LIST}?{query}"), 400)
    assert query.split("=")[0] in error["fields"]


def test_list_query_count_is_bounded_whatever_the_page_size(api_client, member, django_assert_max_num_queries):
    for _ in range(30):
        call, _ = open_call()
        RoleFactory(call=call)
    client = bearer_client(member)
    with django_assert_max_num_queries(4):  # verified?, count, page, roles
        body = client.get(f"{LIST}?page_size=100&open=true&role_type=lead").json()
    assert len(body["results"]) >= 30
    with django_assert_max_num_queries(4):
        api_client.get(f"{LIST}?page_size=5&q=production")


# --- visibility ----------------------------------------------------------------------------


def test_drafts_and_private_calls_only_to_their_owner():
    owner, other = UserFactory(), UserFactory()
    draft = CastingCallFactory(posted_by=owner, status="draft")
    private = CastingCallFactory(posted_by=owner, visibility="private")
    for call in (draft, private):
        assert_error_shape(bearer_client(other).get(f"{LIST}{call.pk}/"), 404)
        assert bearer_client(owner).get(f"{LIST}{call.pk}/").status_code == 200
    assert not {draft.pk, private.pk} & ids(bearer_client(other).get(f"{LIST}?page_size=100"))
    assert {draft.pk, private.pk} <= ids(bearer_client(owner).get(f"{LIST}?page_size=100"))


def test_verified_only_calls_only_to_verified_members(api_client):
    call, role = open_call(visibility="verified-only")
    member, verified = UserFactory(), UserFactory()
    user_verification_set(user=verified)
    assert_error_shape(api_client.get(f"{LIST}{call.pk}/"), 404)
    assert_error_shape(bearer_client(member).get(f"{LIST}{call.pk}/"), 404)
    assert_error_shape(apply(bearer_client(member), role), 404)
    assert call.pk not in ids(bearer_client(member).get(f"{LIST}?page_size=100"))
    assert bearer_client(verified).get(f"{LIST}{call.pk}/").status_code == 200
    assert call.pk in ids(bearer_client(verified).get(f"{LIST}?page_size=100"))
    assert apply(bearer_client(verified), role).status_code == 201


def test_a_call_hidden_by_moderators_is_gone_for_everyone(api_client):
    call, role = open_call()
    casting_call_moderation_set(call=call, status="hidden")
    assert_error_shape(api_client.get(f"{LIST}{call.pk}/"), 404)
    assert_error_shape(bearer_client(call.posted_by).get(f"{LIST}{call.pk}/"), 404)
    assert call.pk not in ids(api_client.get(f"{LIST}?page_size=100"))
    assert_error_shape(apply(bearer_client(UserFactory()), role), 404)
    casting_call_moderation_set(call=call, status="visible")
    assert api_client.get(f"{LIST}{call.pk}/").status_code == 200


# --- posting and editing -------------------------------------------------------------------


def test_post_a_call_then_roles_and_guidelines(member_client, member, api_client):
    response = member_client.post(
        LIST,
        {"project_title": "Night Ferry", "project_type": "short", "submission_deadline": future(),
         "location_country": "gb", "location_city": "Dover", "is_remote": False},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    call = response.json()
    assert call["status"] == "draft" and call["location_country"] == "GB" and call["guidelines"] is None
    assert_error_shape(api_client.get(f"{LIST}{call['id']}/"), 404)  # a draft

    role = member_client.post(
        f"{LIST}{call['id']}/roles/",
        {"type": "lead", "title": "The ferryman", "compensation": "paid", "requirements": {"age_range": "40-60"}},
        format="json",
    )
    assert role.status_code == 201 and role.json()["requirements"] == {"age_range": "40-60"}
    guidelines = member_client.put(
        f"{LIST}{call['id']}/guidelines/",
        {"required_materials": ["headshot"], "submission_method": "email", "contact_email": "c@example.com"},
        format="json",
    )
    assert guidelines.status_code == 200 and guidelines.json()["submission_method"] == "email"
    again = member_client.put(f"{LIST}{call['id']}/guidelines/", {"special_instructions": "Be brief."}, format="json")
    assert again.json()["submission_method"] == "in-app" and again.json()["required_materials"] == []

    opened = member_client.patch(f"{LIST}{call['id']}/", {"status": "active"}, format="json")
    assert opened.status_code == 200 and opened.json()["is_open"] is True
    detail = api_client.get(f"{LIST}{call['id']}/").json()
    assert [r["title"] for r in detail["roles"]] == ["The ferryman"]
    assert detail["guidelines"]["special_instructions"] == "Be brief."


def test_writes_need_the_owner(api_client):
    call, _ = open_call()
    other = bearer_client(UserFactory())
    assert_error_shape(api_client.post(LIST, {}, format="json"), 401)
    assert_error_shape(api_client.patch(f"{LIST}{call.pk}/", {"project_title": "x"}, format="json"), 401)
    assert_error_shape(other.patch(f"{LIST}{call.pk}/", {"project_title": "Mine now"}, format="json"), 403)
    assert_error_shape(
        other.post(f"{LIST}{call.pk}/roles/", {"type": "lead", "title": "x", "compensation": "paid"}, format="json"), 403
    )
    assert_error_shape(other.put(f"{LIST}{call.pk}/guidelines/", {}, format="json"), 403)
    assert_error_shape(other.get(f"{LIST}{call.pk}/submissions/"), 404)
    assert_error_shape(api_client.get(f"{LIST}{call.pk}/submissions/"), 401)
    assert CastingCall.objects.get(pk=call.pk).project_title == call.project_title


@pytest.mark.parametrize(
    "body, field",
    [
        ({"project_type": "film"}, "project_type"),
        ({"submission_deadline": "2001-01-01T00:00:00Z"}, "submission_deadline"),
        ({"submission_deadline": "tomorrow"}, "submission_deadline"),
        ({"submission_deadline": 1893456000}, "submission_deadline"),
        ({"submission_deadline": "9999-12-31T23:59:59+14:00"}, "submission_deadline"),
        ({"production_start": "2027-05-01", "production_end": "2027-04-01"}, "production_end"),
        ({"production_start": "2027-02-30"}, "production_start"),
        ({"location_country": "USA"}, "location_country"),
        ({"location_country": "1x"}, "location_country"),
        ({"project_title": ""}, "project_title"),
        ({"project_title": 5}, "project_title"),
        ({"is_remote": "yes"}, "is_remote"),
        ({"status": "closed"}, "status"),
        ({"budget": "big"}, "budget"),
    ],
)
def test_bad_call_input_is_a_400_naming_the_field(member_client, body, field):
    base = {"project_title": "Ok", "project_type": "feature", "submission_deadline": future()}
    error = assert_error_shape(member_client.post(LIST, {**base, **body}, format="json"), 400)
    assert field in error["fields"], error


def test_status_moves_follow_the_rules(member, member_client):
    call = CastingCallFactory(posted_by=member, status="draft")
    patch = lambda status: member_client.patch(f"{LIST}{call.pk}/", {"status": status}, format="json")  # noqa: E731
    assert_error_shape(patch("closed"), 400)
    assert patch("active").json()["status"] == "active"
    assert patch("closed").json()["status"] == "closed"
    assert patch("cancelled").json()["status"] == "cancelled"
    error = assert_error_shape(patch("active"), 400)
    assert "status" in error["fields"]


def test_reopening_needs_a_future_deadline(member, member_client):
    call = CastingCallFactory(
        posted_by=member, status="closed",
        posted_date=timezone.now() - timedelta(days=20), submission_deadline=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    assert_error_shape(member_client.patch(f"{LIST}{call.pk}/", {"status": "active"}, format="json"), 400)
    body = member_client.patch(f"{LIST}{call.pk}/", {"status": "active", "submission_deadline": future()}, format="json")
    assert body.status_code == 200 and body.json()["is_open"] is True


# --- applying and deciding -----------------------------------------------------------------


def test_apply_then_owner_shortlists_and_rejects_and_applicant_withdraws():
    call, role = open_call()
    owner, applicant = bearer_client(call.posted_by), UserFactory()
    mine = bearer_client(applicant)
    created = apply(mine, role, cover_note="I grew up on boats.", materials={"reel": "https://example.com/reel"})
    assert created.status_code == 201, created.content
    submission = created.json()
    assert submission["status"] == "submitted" and submission["role"]["id"] == role.pk
    assert submission["applicant"]["id"] == applicant.pk

    listed = owner.get(f"{LIST}{call.pk}/submissions/").json()["results"]
    assert [s["id"] for s in listed] == [submission["id"]]
    url = f"/api/v1/submissions/{submission['id']}/"
    assert owner.patch(url, {"status": "shortlisted"}, format="json").json()["status"] == "shortlisted"
    assert [s["id"] for s in owner.get(f"{LIST}{call.pk}/submissions/?status=shortlisted").json()["results"]] == [
        submission["id"]
    ]
    assert owner.get(f"{LIST}{call.pk}/submissions/?status=rejected").json()["results"] == []
    assert_error_shape(mine.patch(url, {"status": "shortlisted"}, format="json"), 403)  # not the applicant's call
    assert_error_shape(owner.patch(url, {"status": "withdrawn"}, format="json"), 403)
    assert_error_shape(bearer_client(UserFactory()).patch(url, {"status": "rejected"}, format="json"), 404)
    assert mine.patch(url, {"status": "withdrawn"}, format="json").json()["status"] == "withdrawn"
    assert_error_shape(owner.patch(url, {"status": "rejected"}, format="json"), 400)  # withdrawn is final


def test_a_second_application_to_the_same_role_is_a_409(member_client):
    _, role = open_call()
    assert apply(member_client, role).status_code == 201
    error = assert_error_shape(apply(member_client, role), 409)
    assert "already" in error["message"]


def test_closed_or_past_deadline_calls_refuse_submissions_with_a_clear_400(member_client):
    _, closed_role = open_call(status="closed")
    _, expired_role = open_call(
        posted_date=timezone.now() - timedelta(days=20), submission_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert "closed" in assert_error_shape(apply(member_client, closed_role), 400)["message"]
    assert "deadline" in assert_error_shape(apply(member_client, expired_role), 400)["message"]
    assert not CastingSubmission.objects.filter(role__in=[closed_role, expired_role]).exists()


def test_owner_cannot_apply_to_their_own_call_and_strangers_get_404s(api_client):
    call, role = open_call()
    assert_error_shape(apply(bearer_client(call.posted_by), role), 400)
    assert_error_shape(apply(api_client, role), 401)
    assert_error_shape(apply(bearer_client(UserFactory()), RoleFactory.build(pk=2**31)), 404)
    draft_role = RoleFactory(call=CastingCallFactory(status="draft"))
    assert_error_shape(apply(bearer_client(UserFactory()), draft_role), 404)


@pytest.mark.parametrize(
    "body, field",
    [({"cover_note": 3}, "cover_note"), ({"materials": ["a"]}, "materials"), ({"materials": {"a": {"b": 1}}}, "materials"),
     ({"status": "shortlisted"}, "status")],
)  # fmt: skip
def test_bad_submission_input(member_client, body, field):
    _, role = open_call()
    assert field in assert_error_shape(apply(member_client, role, **body), 400)["fields"]


def test_submission_list_is_bounded_and_filters_by_role(django_assert_max_num_queries):
    call, role = open_call()
    other_role = RoleFactory(call=call)
    for _ in range(15):
        SubmissionFactory(role=role)
    SubmissionFactory(role=other_role)
    owner = bearer_client(call.posted_by)
    with django_assert_max_num_queries(4):  # auth user, call, count, page
        body = owner.get(f"{LIST}{call.pk}/submissions/?page_size=100").json()
    assert len(body["results"]) == 16
    assert len(owner.get(f"{LIST}{call.pk}/submissions/?role={other_role.pk}").json()["results"]) == 1
    assert_error_shape(owner.get(f"{LIST}{call.pk}/submissions/?status=maybe"), 400)


def test_search_ranks_title_matches_first(api_client):
    in_description, _ = open_call(project_title="Harbour Tale", description="A zeppelin crosses the sea.")
    in_title, _ = open_call(project_title="Zeppelin Summer", description="Nothing else.")
    found = [r["id"] for r in api_client.get(f"{LIST}?q=zeppelin").json()["results"]]
    assert found.index(in_title.pk) < found.index(in_description.pk)


def test_mine_lists_my_own_calls_drafts_included(api_client):
    owner = UserFactory()
    draft = CastingCallFactory(posted_by=owner, status="draft")
    active, _ = open_call(posted_by=owner)
    other, _ = open_call()
    assert ids(bearer_client(owner).get(f"{LIST}?mine=true")) == {draft.pk, active.pk}
    assert ids(api_client.get(f"{LIST}?mine=true")) == set()
    assert_error_shape(api_client.get(f"{LIST}?mine=false"), 400)
    assert other.pk not in ids(bearer_client(owner).get(f"{LIST}?mine=true"))


def test_my_submissions_newest_first_filtered_and_bounded(api_client, django_assert_max_num_queries):
    applicant = UserFactory()
    mine = bearer_client(applicant)
    first, second = SubmissionFactory(applicant=applicant), SubmissionFactory(applicant=applicant)
    SubmissionFactory()  # someone else's
    for _ in range(10):
        SubmissionFactory(applicant=applicant)
    with django_assert_max_num_queries(3):  # auth user, count, page
        rows = mine.get("/api/v1/me/casting-submissions/?page_size=100").json()["results"]
    assert len(rows) == 12 and rows[-1]["id"] == first.pk
    only = mine.get(f"/api/v1/me/casting-submissions/?call={second.call_id}").json()["results"]
    assert [r["id"] for r in only] == [second.pk]
    assert mine.get("/api/v1/me/casting-submissions/?status=withdrawn").json()["results"] == []
    assert_error_shape(api_client.get("/api/v1/me/casting-submissions/"), 401)
