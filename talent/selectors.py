"""Reads of the talent hub, with the visibility rules in one place (`call_visible_q`):

* a call hidden or removed by moderators is visible to nobody (a 404, absent from lists);
* a draft or a private call is visible to its owner only;
* a verified-only call to its owner and to verified members (moderation.selectors);
* any other call that is not a draft, to everyone.

Anything not visible is a 404, never a 403: its existence is not disclosed.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from moderation.selectors import user_is_verified
from talent.models import (
    SEARCH_CONFIG,
    CallStatus,
    CastingCall,
    CastingCallRole,
    CastingSubmission,
    ModerationStatus,
    Visibility,
    unaccented,
)

LIST_FIELDS = (
    "id", "external_id", "project_title", "project_type", "production_company", "location_city", "location_state",
    "location_country", "is_remote", "budget_range", "visibility", "submission_deadline", "posted_date",
    "poster_image", "is_verified", "status", "posted_by__id", "posted_by__username", "posted_by__name",
)  # fmt: skip
ROLE_LIST_FIELDS = ("id", "call_id", "type", "title", "category", "compensation", "audition_type")


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def call_visible_q(user, *, verified: bool | None = None) -> Q:
    """The calls `user` (anonymous or not) may see. `verified` saves its query when known."""
    if verified is None:
        verified = user_is_verified(user)
    audiences = [Visibility.PUBLIC, *([Visibility.VERIFIED_ONLY] if verified else [])]
    listed = Q(moderation_status=ModerationStatus.VISIBLE, visibility__in=audiences) & ~Q(status=CallStatus.DRAFT)
    if _signed_in(user):
        return listed | Q(moderation_status=ModerationStatus.VISIBLE, posted_by_id=user.pk)
    return listed


def open_q(now=None) -> Q:
    """Open for submissions: active and before the deadline."""
    return Q(status=CallStatus.ACTIVE, submission_deadline__gt=now or timezone.now())


def _roles_prefetch(fields=ROLE_LIST_FIELDS) -> Prefetch:
    return Prefetch("roles", queryset=CastingCallRole.objects.only(*fields).order_by("id"))


def casting_call_list(user, *, verified: bool | None = None) -> QuerySet[CastingCall]:
    """Calls `user` may see, with owner and roles: 3 queries a page (count, page, roles) plus one
    to know whether the member is verified. Filters and ordering: talent.filters."""
    return (
        CastingCall.objects.filter(call_visible_q(user, verified=verified))
        .select_related("posted_by")
        .only(*LIST_FIELDS)
        .prefetch_related(_roles_prefetch())
    )


def search(queryset: QuerySet[CastingCall], text: str) -> QuerySet[CastingCall]:
    """Full-text match on title, company and description (accents and case ignored, English
    stemming), answered by the GIN index casting_calls_search; best matches first."""
    query = SearchQuery(unaccented(Value(text)), search_type="websearch", config=SEARCH_CONFIG)
    return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def role_exists(**conditions) -> Exists:
    return Exists(CastingCallRole.objects.filter(call_id=OuterRef("pk"), **conditions))


def casting_call_detail(*, call_id: int, user) -> CastingCall:
    """One visible call with its owner, guideline and roles (3 queries + the verified check)."""
    call = (
        CastingCall.objects.filter(call_visible_q(user), pk=call_id)
        .select_related("posted_by", "guideline")
        .defer("search_vector")
        .prefetch_related(Prefetch("roles", queryset=CastingCallRole.objects.order_by("id")))
        .first()
    )
    if call is None:
        raise Http404("No such casting call.")
    return call


def casting_call_owned(*, call_id: int, user) -> CastingCall:
    """The call if `user` owns it (and moderators have not hidden it); 404 for anyone else, who
    may not learn what its submissions are."""
    call = (
        CastingCall.objects.filter(pk=call_id, posted_by_id=user.pk, moderation_status=ModerationStatus.VISIBLE)
        .only("id", "posted_by_id")
        .first()
    )
    if call is None:
        raise Http404("No such casting call.")
    return call


def call_submissions(call_id: int) -> QuerySet[CastingSubmission]:
    """A call's submissions, newest first, with applicant and role: one query a page."""
    return (
        CastingSubmission.objects.filter(call_id=call_id)
        .select_related("applicant", "role")
        .only(
            "id", "call_id", "cover_note", "materials", "status", "created_at", "updated_at",
            "applicant__id", "applicant__username", "applicant__name", "role__id", "role__title", "role__type",
        )  # fmt: skip
        .order_by("-created_at", "-id")
    )


def my_submissions(user) -> QuerySet[CastingSubmission]:
    """The member's own submissions, newest first (casting_subs_applicant), one query a page.
    Listed whatever has become of the call since, so a member can always withdraw."""
    return call_submissions_all().filter(applicant_id=user.pk).order_by("-created_at", "-id")


def submission_detail(submission_id: int) -> CastingSubmission:
    return call_submissions_all().get(pk=submission_id)


def call_submissions_all() -> QuerySet[CastingSubmission]:
    return CastingSubmission.objects.select_related("applicant", "role")
