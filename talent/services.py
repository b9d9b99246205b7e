"""Writes of the talent hub: calls (create, edit, status, moderation), roles, guidelines,
submissions (apply, owner's decision, withdraw), the hourly close of expired calls, and the
removal of a member's talent data with their account.

Business rules live here, not in the API: who may change what, which status follows which, a
call open for submissions (active and before its deadline). Each write runs in a transaction;
the call row is locked (SELECT ... FOR UPDATE) where a decision depends on its status, so a
submission cannot slip into a call that is being closed.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone

from iwm.api.errors import Conflict
from talent.models import (
    CallStatus,
    CastingCall,
    CastingCallRole,
    CastingSubmission,
    ModerationStatus,
    SubmissionGuideline,
    SubmissionStatus,
)
from talent.selectors import call_visible_q

# Which status a call may move to from each status (the owner's edits and the expiry job).
CALL_TRANSITIONS: dict[str, set[str]] = {
    CallStatus.DRAFT: {CallStatus.ACTIVE, CallStatus.CANCELLED},
    CallStatus.ACTIVE: {CallStatus.CLOSED, CallStatus.CANCELLED},
    CallStatus.CLOSED: {CallStatus.ACTIVE, CallStatus.CANCELLED},
    CallStatus.CANCELLED: set(),
}
# What the call's owner may set on a submission, and from which statuses.
OWNER_DECISIONS = {SubmissionStatus.SUBMITTED, SubmissionStatus.SHORTLISTED, SubmissionStatus.REJECTED}
CALL_FIELDS = (
    "project_title", "project_type", "production_company", "description", "production_start", "production_end",
    "location_city", "location_state", "location_country", "is_remote", "budget_range", "visibility",
    "submission_deadline", "poster_image",
)  # fmt: skip
ROLE_FIELDS = (
    "type", "title", "description", "category", "department", "compensation", "payment_details", "requirements",
    "audition_type",
)  # fmt: skip
GUIDELINE_FIELDS = (
    "required_materials", "submission_method", "contact_email", "contact_website", "special_instructions",
)  # fmt: skip


def _constraint_of(exc: IntegrityError) -> str | None:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)


def _check_call_fields(call: CastingCall, *, now: datetime, deadline_changed: bool) -> None:
    errors: dict[str, list[str]] = {}
    if call.production_start and call.production_end and call.production_end < call.production_start:
        errors["production_end"] = ["Must not be before production_start."]
    if deadline_changed and call.submission_deadline <= now:
        errors["submission_deadline"] = ["Must be in the future."]
    if call.submission_deadline <= call.posted_date:
        errors.setdefault("submission_deadline", []).append("Must be after the call was posted.")
    if errors:
        raise ValidationError(errors)


def _locked_own_call(*, call_id: int, user) -> CastingCall:
    """The call, row-locked, if `user` may see it (404 otherwise) and owns it (403 otherwise)."""
    call = CastingCall.objects.select_for_update(of=("self",)).filter(call_visible_q(user), pk=call_id).first()
    if call is None:
        raise Http404("No such casting call.")
    if call.posted_by_id != user.pk:
        raise PermissionDenied("Only the call's owner may change it.")
    return call


# --- calls ---------------------------------------------------------------------------------


@transaction.atomic
def casting_call_create(*, user, status: str = CallStatus.DRAFT, now: datetime | None = None, **fields) -> CastingCall:
    """A new call by `user`, a draft unless `status` is active (a call opens straight away)."""
    now = now or timezone.now()
    if status not in (CallStatus.DRAFT, CallStatus.ACTIVE):
        raise ValidationError({"status": ["A new call is a draft or active."]})
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown casting call fields: {', '.join(sorted(unknown))}")
    call = CastingCall(posted_by=user, status=status, posted_date=now, **fields)
    _check_call_fields(call, now=now, deadline_changed=True)
    call.save()
    return call


@transaction.atomic
def casting_call_update(*, call_id: int, user, status: str | None = None, now: datetime | None = None, **fields):
    """The owner edits their call; a `status` moves it along CALL_TRANSITIONS."""
    now = now or timezone.now()
    call = _locked_own_call(call_id=call_id, user=user)
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown casting call fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(call, name, value)
    _check_call_fields(call, now=now, deadline_changed="submission_deadline" in fields)
    if status is not None and status != call.status:
        _status_move(call, status, now=now)
    call.save()
    return call


def _status_move(call: CastingCall, status: str, *, now: datetime) -> None:
    if status not in CallStatus.values:
        raise ValidationError({"status": [f"Unknown status {status!r}."]})
    if status not in CALL_TRANSITIONS[call.status]:
        allowed = ", ".join(sorted(CALL_TRANSITIONS[call.status])) or "none (it is final)"
        raise ValidationError({"status": [f"A {call.status} call cannot become {status}; it may become: {allowed}."]})
    if status == CallStatus.ACTIVE and call.submission_deadline <= now:
        raise ValidationError({"status": ["The deadline has passed: move submission_deadline forward to reopen."]})
    call.status = status


@transaction.atomic
def casting_call_status_set(*, call: CastingCall, status: str, now: datetime | None = None) -> CastingCall:
    """Move a call to `status` (staff and jobs; the owner goes through casting_call_update)."""
    now = now or timezone.now()
    locked = CastingCall.objects.select_for_update(of=("self",)).get(pk=call.pk)
    if locked.status != status:
        _status_move(locked, status, now=now)
        locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def casting_call_moderation_set(*, call: CastingCall, status: str) -> CastingCall:
    """Moderators hide or remove a call (absent from every read of the API), or show it again."""
    if status not in ModerationStatus.values:
        raise ValueError(f"unknown moderation status {status!r}")
    CastingCall.objects.filter(pk=call.pk).update(moderation_status=status, updated_at=timezone.now())
    call.refresh_from_db()
    return call


def casting_calls_close_expired(*, now: datetime | None = None) -> int:
    """The hourly job: close every active call whose deadline has passed. Idempotent; returns
    how many calls it closed (one UPDATE on the partial index casting_calls_active_deadline)."""
    now = now or timezone.now()
    return CastingCall.objects.filter(status=CallStatus.ACTIVE, submission_deadline__lte=now).update(
        status=CallStatus.CLOSED, updated_at=now
    )


# --- roles and guidelines ------------------------------------------------------------------


@transaction.atomic
def casting_call_role_add(*, call_id: int, user, **fields) -> CastingCallRole:
    call = _locked_own_call(call_id=call_id, user=user)
    if call.status == CallStatus.CANCELLED:
        raise ValidationError("A cancelled call takes no new roles.")
    return CastingCallRole.objects.create(call=call, **{k: v for k, v in fields.items() if k in ROLE_FIELDS})


@transaction.atomic
def submission_guideline_set(*, call_id: int, user, **fields) -> SubmissionGuideline:
    """Create or replace the call's one guideline (fields not given take their defaults)."""
    call = _locked_own_call(call_id=call_id, user=user)
    values = {name: fields[name] for name in GUIDELINE_FIELDS if name in fields}
    defaults = {
        "required_materials": [], "submission_method": "in-app", "contact_email": "", "contact_website": "",
        "special_instructions": "",
    }  # fmt: skip
    values = {**defaults, **values}
    errors = {}
    if values["submission_method"] == "email" and not values["contact_email"]:
        errors["contact_email"] = ["Required when submission_method is email."]
    if values["submission_method"] == "website" and not values["contact_website"]:
        errors["contact_website"] = ["Required when submission_method is website."]
    if errors:
        raise ValidationError(errors)
    guideline, _ = SubmissionGuideline.objects.update_or_create(call=call, defaults=values)
    return guideline


# --- submissions ---------------------------------------------------------------------------


def submission_create(
    *, role_id: int, user, cover_note: str = "", materials: dict | None = None, now: datetime | None = None
) -> CastingSubmission:
    """Apply to a role of a call the member can see. The call must be open (active, before its
    deadline): otherwise a 400 saying why. A second application to the same role is a 409."""
    now = now or timezone.now()
    with transaction.atomic():
        role = CastingCallRole.objects.filter(pk=role_id).only("id", "call_id").first()
        call = None
        if role is not None:
            # Locked: the call cannot be closed or edited until this submission is in.
            call = (
                CastingCall.objects.select_for_update(of=("self",))
                .filter(call_visible_q(user), pk=role.call_id)
                .first()
            )
        if call is None:
            raise Http404("No such role.")
        if call.posted_by_id == user.pk:
            raise ValidationError("You cannot apply to your own casting call.")
        if call.status != CallStatus.ACTIVE:
            raise ValidationError(f"This casting call is {call.status}: it takes no submissions.")
        if call.submission_deadline <= now:
            raise ValidationError("The deadline of this casting call has passed: it takes no submissions.")
        try:
            with transaction.atomic():
                return CastingSubmission.objects.create(
                    role=role, call_id=call.pk, applicant=user, cover_note=cover_note, materials=materials or {},
                    created_at=now,
                )  # fmt: skip
        except IntegrityError as exc:
            if _constraint_of(exc) == "casting_submissions_role_applicant_key":
                raise Conflict("You have applied to this role already.") from exc
            raise


@transaction.atomic
def submission_status_set(*, submission_id: int, user, status: str) -> CastingSubmission:
    """The call's owner shortlists, rejects (or puts back to submitted) a submission; the
    applicant withdraws theirs. Anyone else: 404. A withdrawn submission is final."""
    submission = (
        CastingSubmission.objects.select_for_update(of=("self",))
        .select_related("call")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        raise Http404("No such submission.")
    is_owner = submission.call.posted_by_id == user.pk and submission.call.moderation_status == ModerationStatus.VISIBLE
    is_applicant = submission.applicant_id == user.pk
    if not (is_owner or is_applicant):
        raise Http404("No such submission.")
    if status not in SubmissionStatus.values:
        raise ValidationError({"status": [f"Unknown status {status!r}."]})
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise ValidationError({"status": ["This submission was withdrawn; it cannot change."]})
    if status == SubmissionStatus.WITHDRAWN:
        if not is_applicant:
            raise PermissionDenied("Only the applicant may withdraw a submission.")
    elif not is_owner:
        raise PermissionDenied("Only the call's owner may shortlist or reject; you may withdraw (status: withdrawn).")
    if submission.status != status:
        submission.status = status
        submission.save(update_fields=["status", "updated_at"])
    return submission


# --- account removal -----------------------------------------------------------------------

REMOVAL_STEPS = [
    ("casting submissions", "DELETE FROM casting_submissions WHERE applicant_id = %(user)s"),
    # Their calls, with the roles, guideline and others' submissions to them (ON DELETE CASCADE).
    ("casting calls", "DELETE FROM casting_calls WHERE posted_by_id = %(user)s"),
]


def account_data_remove(*, user) -> dict[str, int]:
    """Delete the member's submissions and casting calls (with everything under them), in the
    caller's transaction; rows per step."""
    done: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for label, sql in REMOVAL_STEPS:
            cursor.execute(sql, {"user": user.pk})
            done[label] = cursor.rowcount
    return done
