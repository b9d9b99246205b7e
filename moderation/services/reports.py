"""Members reporting content: one `moderation_items` row per piece of content, one report per
member and item, automatic hiding once enough members reported it.

Errors: bad input raises Django's ValidationError keyed by field (400); a second report of the
same content by the same member raises Conflict (409).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from iwm.api.errors import Conflict
from moderation import targets
from moderation.models import ItemStatus, ModerationItem, ModerationReport, ReportReason
from moderation.system_settings import setting_get

NOT_REPORTABLE = "This kind of content is not reportable yet."
NO_SUCH_CONTENT = "There is no such content."
OWN_CONTENT = "You cannot report your own content."
ALREADY_REPORTED = "You have already reported this."


def _item_locked(*, target: targets.Target, object_id: int, obj, reason: str) -> ModerationItem:
    """The content's item, created if needed, locked until the transaction ends."""
    item = ModerationItem.objects.select_for_update().filter(content_type=target.kind, object_id=object_id).first()
    if item is not None:
        return item
    try:
        with transaction.atomic():
            ModerationItem.objects.create(
                content_type=target.kind,
                object_id=object_id,
                content_title=target.text_of(obj)[:200],
                author_id=target.author_id(obj),
                report_reason=reason,
            )
    except IntegrityError:
        pass  # created by a concurrent report: lock that one
    return ModerationItem.objects.select_for_update().get(content_type=target.kind, object_id=object_id)


def report_create(*, reporter, content_type: str, object_id: int, reason: str, note: str = "") -> ModerationReport:
    if reason not in ReportReason.values:
        raise ValidationError({"reason": [f"One of {', '.join(ReportReason.values)}."]})
    target = targets.target_for(content_type)
    if target is None:
        raise ValidationError({"content_type": [NOT_REPORTABLE]})
    obj = target.fetch(object_id)
    if obj is None or target.status_of(obj) == targets.REMOVED:
        raise ValidationError({"object_id": [NO_SUCH_CONTENT]})
    if target.author_id(obj) == reporter.pk:
        raise ValidationError({"object_id": [OWN_CONTENT]})
    with transaction.atomic():
        item = _item_locked(target=target, object_id=object_id, obj=obj, reason=reason)
        if ModerationReport.objects.filter(item=item, reporter=reporter).exists():
            raise Conflict(ALREADY_REPORTED, code="already_reported")
        report = ModerationReport.objects.create(item=item, reporter=reporter, reason=reason, note=note)
        was_approved = item.status == ItemStatus.APPROVED
        item.reporter_count += 1
        item.last_reported_at = report.created_at
        fields = ["reporter_count", "last_reported_at"]
        if was_approved:
            # New reports after an approval put it back in the queue; the approval stands for
            # the automatic hiding (a moderator looked at it), so it is not hidden again.
            item.status, item.resolved_at = ItemStatus.PENDING, None
            fields += ["status", "resolved_at"]
        if (
            not was_approved
            and item.status == ItemStatus.PENDING
            and target.hideable
            and not item.content_hidden
            and item.reporter_count >= setting_get("report_threshold")
        ):
            locked = target.fetch(object_id)
            if target.status_of(locked) == targets.VISIBLE:
                target.set_status(locked, targets.HIDDEN)
                item.content_hidden = True
                fields.append("content_hidden")
        item.save(update_fields=fields)
    return report


def reports_mark_handled(*, item: ModerationItem) -> int:
    return ModerationReport.objects.filter(item=item, handled=False).update(handled=True)


