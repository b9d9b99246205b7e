"""What moderators do to a queue item, each in one transaction with its audit row.

    item_act(item_id=..., moderator=..., action=ActionKind.REMOVE, reason="spam link")

| action          | from               | item becomes | content           | author                         |
|-----------------|--------------------|--------------|-------------------|--------------------------------|
| approve         | pending, escalated | approved     | visible again     | told if it had been hidden     |
| remove          | pending, escalated, approved | removed | removed        | told                           |
| warn            | pending, escalated | removed      | removed           | told (a warning)               |
| suspend-user    | pending, escalated | removed      | removed           | suspended for N days           |
| ban-user        | pending, escalated | removed      | removed           | banned                         |
| escalate        | pending            | escalated    | as it is          | -                              |
| restore         | removed            | approved     | visible again     | told                           |

The item's row is locked (SELECT ... FOR UPDATE) and its status checked before anything is
applied, so when two moderators act at once the second finds the item already handled and is
refused (`ActionRefused`), whatever the timing. An escalated item is for admins (superusers).
Every applied action writes one `moderation_actions` row and marks the item's reports handled.

A member who is suspended or banned has `is_active = False` (and the matching
`admin_user_meta.status`): Django's sign-in, the JWT authentication (which rejects inactive
users' access tokens on every request), sessions and token refresh all refuse inactive
members, so existing tokens stop working at once; their refresh tokens are also blacklisted.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from moderation import targets
from moderation.models import ActionKind, AdminUserMeta, ItemStatus, MemberStatus, ModerationAction, ModerationItem
from moderation.services.reports import reports_mark_handled
from moderation.system_settings import setting_get
from social.services import user_tokens_revoke
from social.services.notifications import notify

OPEN = {ItemStatus.PENDING, ItemStatus.ESCALATED}
ALLOWED_FROM: dict[str, set[str]] = {
    ActionKind.APPROVE: OPEN,
    ActionKind.REMOVE: OPEN | {ItemStatus.APPROVED},
    ActionKind.WARN: OPEN,
    ActionKind.SUSPEND: OPEN,
    ActionKind.BAN: OPEN,
    ActionKind.ESCALATE: {ItemStatus.PENDING},
    ActionKind.RESTORE: {ItemStatus.REMOVED},
}
RESULT: dict[str, str] = {
    ActionKind.APPROVE: ItemStatus.APPROVED,
    ActionKind.REMOVE: ItemStatus.REMOVED,
    ActionKind.WARN: ItemStatus.REMOVED,
    ActionKind.SUSPEND: ItemStatus.REMOVED,
    ActionKind.BAN: ItemStatus.REMOVED,
    ActionKind.ESCALATE: ItemStatus.ESCALATED,
    ActionKind.RESTORE: ItemStatus.APPROVED,
}
MODERATOR_ACTIONS = tuple(ALLOWED_FROM)
MAX_SUSPENSION_DAYS = 3650


class ActionRefused(Exception):
    """The action cannot apply (the item was handled meanwhile, or the action does not fit)."""


def _content_status(target, item: ModerationItem, status: str) -> None:
    if target is None or not target.hideable:
        return
    obj = target.fetch(item.object_id)
    if obj is not None and target.status_of(obj) != status:
        target.set_status(obj, status)


def _notify_author(item: ModerationItem, *, action: str, reason: str, moderator_id: int | None, extra: str = "") -> None:
    if item.author_id is None:
        return
    what = item.get_content_type_display().lower()
    titles = {
        ActionKind.APPROVE: f"Your {what} is visible again",
        ActionKind.REMOVE: f"Your {what} was removed",
        ActionKind.WARN: f"A warning about your {what}",
        ActionKind.RESTORE: f"Your {what} was restored",
        ActionKind.SUSPEND: "Your account is suspended",
        ActionKind.BAN: "Your account is banned",
    }
    if action not in titles:
        return
    target = targets.target_for(item.content_type)
    notify(
        recipients=[item.author_id],
        type="moderation",
        title=titles[action],
        message=" ".join(part for part in (reason, extra) if part),
        action_url=target.link_of(item.object_id) if target else "",
        metadata={"item": item.pk, "action": action},
    )


def member_restrict(*, user, status: str, until=None) -> None:
    """Suspend (until a time) or ban a member: inactive at once, every refresh token revoked."""
    User = get_user_model()
    User.objects.filter(pk=user.pk).update(is_active=False)
    AdminUserMeta.objects.update_or_create(user_id=user.pk, defaults={"status": status, "suspended_until": until})
    user_tokens_revoke(user=user)


def _author_locked(item: ModerationItem):
    if item.author_id is None:
        raise ActionRefused("The author's account no longer exists.")
    return get_user_model().objects.select_for_update().get(pk=item.author_id)


def item_act(*, item_id: int, moderator, action: str, reason: str = "", days: int | None = None) -> ModerationAction:
    if action not in ALLOWED_FROM:
        raise ActionRefused(f"Unknown action {action!r}.")
    with transaction.atomic():
        item = ModerationItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            raise ActionRefused("No such moderation item.")
        if item.status not in ALLOWED_FROM[action]:
            raise ActionRefused(
                f"Cannot {action} an item that is {item.status} (another moderator may have handled it just now)."
            )
        if item.status == ItemStatus.ESCALATED and not moderator.is_superuser:
            raise ActionRefused("This item is escalated: an admin decides it.")
        target = targets.target_for(item.content_type)
        details: dict = {"from": item.status}
        extra = ""
        if action == ActionKind.REMOVE and (target is None or not target.hideable):
            raise ActionRefused("A member cannot be removed: warn, suspend or ban them.")
        if action in (ActionKind.SUSPEND, ActionKind.BAN):
            author = _author_locked(item)
            if author.is_superuser or (author.is_staff and not moderator.is_superuser):
                raise ActionRefused("Staff accounts are not suspended or banned from the queue.")
            if action == ActionKind.SUSPEND:
                days = setting_get("suspension_default_days") if days is None else days
                if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_SUSPENSION_DAYS:
                    raise ActionRefused(f"A suspension lasts 1 to {MAX_SUSPENSION_DAYS} days.")
                until = timezone.now() + timedelta(days=days)
                member_restrict(user=author, status=MemberStatus.SUSPENDED, until=until)
                details.update(days=days, until=until.isoformat())
                extra = f"Suspended until {until:%Y-%m-%d %H:%M} UTC."
            else:
                member_restrict(user=author, status=MemberStatus.BANNED)
        was_hidden = item.content_hidden
        if action in (ActionKind.APPROVE, ActionKind.RESTORE):
            _content_status(target, item, targets.VISIBLE)
            item.content_hidden = False
        elif RESULT[action] == ItemStatus.REMOVED:
            _content_status(target, item, targets.REMOVED)
        item.status = RESULT[action]
        item.resolved_at = None if item.status in OPEN else timezone.now()
        item.save(update_fields=["status", "resolved_at", "content_hidden"])
        if item.status not in OPEN:
            reports_mark_handled(item=item)
        row = ModerationAction.objects.create(
            item=item,
            moderator=moderator,
            target_user_id=item.author_id,
            action=action,
            reason=reason,
            details=details,
        )
        if action != ActionKind.APPROVE or was_hidden:
            _notify_author(item, action=action, reason=reason, moderator_id=moderator.pk, extra=extra)
    return row


def item_assign(*, item_id: int, moderator) -> int:
    """Take an open item ("assign to me"). Returns 1 if assigned, 0 if it is not open."""
    return ModerationItem.objects.filter(pk=item_id, status__in=OPEN).update(assigned_to=moderator)


def suspensions_lift_expired(*, now=None) -> int:
    """Reactivate members whose suspension has ended (the hourly job). Returns how many."""
    now = now or timezone.now()
    lifted = 0
    User = get_user_model()
    with transaction.atomic():
        metas = list(
            AdminUserMeta.objects.select_for_update(skip_locked=True)
            .filter(status=MemberStatus.SUSPENDED, suspended_until__lte=now)
            .only("id", "user_id", "suspended_until")
        )  # fmt: skip
        for meta in metas:
            AdminUserMeta.objects.filter(pk=meta.pk).update(status=MemberStatus.ACTIVE, suspended_until=None)
            User.objects.filter(pk=meta.user_id).update(is_active=True)
            ModerationAction.objects.create(
                target_user_id=meta.user_id,
                action=ActionKind.LIFT,
                details={"until": meta.suspended_until.isoformat()},
                created_at=now,
            )
            notify(
                recipients=[meta.user_id],
                type="moderation",
                title="Your suspension has ended",
                message="You can sign in and post again.",
                metadata={"action": ActionKind.LIFT},
            )
            lifted += 1
    return lifted
