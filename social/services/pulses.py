"""Writes of pulses, their reactions and comments, and their visibility.

Counters on a pulse (`reactions` per kind, `reactions_total`, `comments_count` of visible
comments) change in the same transaction as the row that feeds them, by atomic SQL on the
pulse's row (`x = x + 1`). Reacting locks the pulse row first, so one member's reactions to one
pulse are applied one at a time and switching kind moves exactly one count.

Every statement on a pulse names its `created_at` too, so PostgreSQL reads one partition.
Hidden and removed pulses are treated as absent (404) by every member-facing write; moderators
change the status through `pulse_status_set` / `pulse_comment_status_set`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from social.models import (
    COMMENT_MAX,
    MEDIA_URL_MAX,
    PULSE_MEDIA_MAX,
    PULSE_TEXT_MAX,
    ContentStatus,
    LinkedType,
    NotificationType,
    Pulse,
    PulseComment,
    PulseReaction,
    ReactionKind,
)
from social.selectors.pulses import mention_recipients
from social.services.notifications import notify
from social.text import hashtags_in, mentions_in

EDITABLE_FIELDS = ("content_text", "content_media", "linked_movie")
_http_url = URLValidator(schemes=["http", "https"])


# --- validation -----------------------------------------------------------------------------------


def _clean_text(value) -> str:
    if not isinstance(value, str):
        raise ValidationError({"content_text": ["Must be a string."]})
    text = value.strip()
    if len(text) > PULSE_TEXT_MAX:
        raise ValidationError({"content_text": [f"At most {PULSE_TEXT_MAX} characters ({len(text)} given)."]})
    return text


def _clean_media(value) -> list[str]:
    if not isinstance(value, (list, tuple)):
        raise ValidationError({"content_media": ["Must be a list of http(s) URLs."]})
    if len(value) > PULSE_MEDIA_MAX:
        raise ValidationError({"content_media": [f"At most {PULSE_MEDIA_MAX} media URLs ({len(value)} given)."]})
    cleaned = []
    for position, url in enumerate(value, start=1):
        if not isinstance(url, str) or len(url) > MEDIA_URL_MAX:
            raise ValidationError({"content_media": [f"Item {position}: an http(s) URL of at most {MEDIA_URL_MAX} characters."]})
        try:
            _http_url(url)
        except ValidationError:
            raise ValidationError({"content_media": [f"Item {position}: not an http(s) URL."]}) from None
        cleaned.append(url)
    return cleaned


def _movie_id(linked_movie) -> int | None:
    if linked_movie is None:
        return None
    from movies.models import Movie

    movie_id = getattr(linked_movie, "pk", linked_movie)
    if isinstance(movie_id, bool) or not isinstance(movie_id, int) or not Movie.objects.filter(pk=movie_id).exists():
        raise ValidationError({"linked_movie": [f"No movie with id {movie_id}."]})
    return movie_id


def _require_content(text: str, media: Sequence[str]) -> None:
    if not text and not media:
        raise ValidationError({"content_text": ["Write something or attach at least one media URL."]})


# --- pulses ---------------------------------------------------------------------------------------


def _notify_mentions(*, pulse_id: int, author, usernames: Sequence[str]) -> None:
    if not usernames:
        return
    notify(
        recipients=mention_recipients(author_id=author.pk, usernames=usernames),
        type=NotificationType.MENTION,
        actor_id=author.pk,
        title=f"@{author.username} mentioned you",
        action_url=f"/api/v1/pulses/{pulse_id}/",
        metadata={"pulse": pulse_id},
    )


@transaction.atomic
def pulse_create(
    *,
    user,
    content_text: str = "",
    content_media: Sequence[str] | None = None,
    linked_movie=None,
    created_at=None,
    external_id: str | None = None,
) -> Pulse:
    """Post a pulse. Hashtags are parsed from the text; the members mentioned are notified
    (as their privacy allows). `created_at` and `external_id` are for imports and demo data."""
    text = _clean_text(content_text)
    media = _clean_media(content_media or [])
    _require_content(text, media)
    movie_id = _movie_id(linked_movie)
    pulse = Pulse.objects.create(
        user=user,
        external_id=external_id,
        content_text=text,
        content_media=media,
        linked_type=LinkedType.MOVIE if movie_id else "",
        linked_movie_id=movie_id,
        hashtags=hashtags_in(text),
        reactions={},
        created_at=created_at or timezone.now(),
    )
    _notify_mentions(pulse_id=pulse.pk, author=user, usernames=mentions_in(text))
    return pulse


def _lock_visible(pulse: Pulse) -> Pulse:
    """The pulse's row, locked for this transaction; 404 when it is gone or not visible."""
    locked = (
        Pulse.objects.select_for_update()
        .filter(pk=pulse.pk, created_at=pulse.created_at, status=ContentStatus.VISIBLE)
        .only("id", "user_id", "created_at", "content_text", "content_media", "linked_movie_id", "status")
        .first()
    )
    if locked is None:
        raise Http404("No such pulse.")
    return locked


def _lock_own(pulse: Pulse, user) -> Pulse:
    locked = _lock_visible(pulse)
    if locked.user_id != user.pk:
        raise PermissionDenied("Only its author may change or delete a pulse.")
    return locked


@transaction.atomic
def pulse_update(*, pulse: Pulse, user, **changes) -> Pulse:
    """The author edits the text, media or linked movie (None unlinks); sets edited_at and
    parses the hashtags again. Members newly mentioned are notified."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = _lock_own(pulse, user)
    before = {name.upper() for name in mentions_in(locked.content_text)}
    text = _clean_text(changes["content_text"]) if "content_text" in changes else locked.content_text
    media = _clean_media(changes["content_media"]) if "content_media" in changes else locked.content_media
    _require_content(text, media)
    values = {"content_text": text, "content_media": media, "hashtags": hashtags_in(text), "edited_at": timezone.now()}
    if "linked_movie" in changes:
        movie_id = _movie_id(changes["linked_movie"])
        values.update(linked_movie_id=movie_id, linked_type=LinkedType.MOVIE if movie_id else "")
    Pulse.objects.filter(pk=locked.pk, created_at=locked.created_at).update(**values)
    for name, value in values.items():
        setattr(locked, name, value)
    new_mentions = [name for name in mentions_in(text) if name.upper() not in before]
    _notify_mentions(pulse_id=locked.pk, author=user, usernames=new_mentions)
    return locked


@transaction.atomic
def pulse_delete(*, pulse: Pulse, user) -> None:
    """The author deletes the pulse; its reactions and comments go with it (ON DELETE CASCADE)."""
    locked = _lock_own(pulse, user)
    Pulse.objects.filter(pk=locked.pk, created_at=locked.created_at).delete()


@transaction.atomic
def pulse_status_set(*, pulse: Pulse, status: str) -> Pulse:
    """Moderation: make a pulse visible, hidden or removed. Its counters stay as they are."""
    if status not in ContentStatus.values:
        raise ValidationError({"status": [f"One of {', '.join(ContentStatus.values)}."]})
    if not Pulse.objects.filter(pk=pulse.pk, created_at=pulse.created_at).update(status=status):
        raise Http404("No such pulse.")
    pulse.status = status
    return pulse


# --- reactions ------------------------------------------------------------------------------------


def _apply_reaction_counts(pulse: Pulse, changes: dict[str, int], total_delta: int) -> dict:
    """Add `changes` ({kind: delta}) to the pulse's counts in one UPDATE; the new counts."""
    expression, params = "reactions", []
    for kind, delta in changes.items():
        expression = f"jsonb_set({expression}, ARRAY[%s], to_jsonb(COALESCE((reactions ->> %s)::int, 0) + %s))"
        params += [kind, kind, delta]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE pulses SET reactions = {expression}, reactions_total = reactions_total + %s "
            "WHERE id = %s AND created_at = %s RETURNING reactions, reactions_total",
            [*params, total_delta, pulse.pk, pulse.created_at],
        )
        reactions, total = cursor.fetchone()
    return {"reactions": _decoded(reactions), "reactions_total": total}


def _decoded(value):
    return json.loads(value) if isinstance(value, str) else value


def _current_counts(pulse: Pulse) -> dict:
    row = Pulse.objects.filter(pk=pulse.pk, created_at=pulse.created_at).values("reactions", "reactions_total").get()
    return {"reactions": row["reactions"], "reactions_total": row["reactions_total"]}


@transaction.atomic
def pulse_react(*, user, pulse: Pulse, kind: str) -> dict:
    """React with `kind` (one reaction per member and pulse: another kind replaces it and moves
    the counts). Returns the pulse's counts and the member's reaction."""
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": [f"One of {', '.join(ReactionKind.values)}."]})
    locked = _lock_visible(pulse)
    existing = PulseReaction.objects.filter(user=user, pulse_id=locked.pk).only("id", "kind").first()
    if existing is not None and existing.kind == kind:
        counts = _current_counts(locked)
    elif existing is not None:
        PulseReaction.objects.filter(pk=existing.pk).update(kind=kind)
        counts = _apply_reaction_counts(locked, {existing.kind: -1, kind: 1}, 0)
    else:
        PulseReaction.objects.create(user=user, pulse_id=locked.pk, pulse_created_at=locked.created_at, kind=kind)
        counts = _apply_reaction_counts(locked, {kind: 1}, 1)
        notify(
            recipients=[locked.user_id],
            type=NotificationType.PULSE_REACTION,
            actor_id=user.pk,
            title=f"@{user.username} reacted to your pulse",
            action_url=f"/api/v1/pulses/{locked.pk}/",
            metadata={"pulse": locked.pk, "kind": kind},
        )
    return {**counts, "my_reaction": kind}


@transaction.atomic
def pulse_unreact(*, user, pulse: Pulse) -> dict:
    """Take back the member's reaction (nothing happens when there is none)."""
    locked = _lock_visible(pulse)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM pulse_reactions WHERE user_id = %s AND pulse_id = %s RETURNING kind", [user.pk, locked.pk])
        removed = cursor.fetchone()
    if removed is None:
        return {**_current_counts(locked), "my_reaction": None}
    return {**_apply_reaction_counts(locked, {removed[0]: -1}, -1), "my_reaction": None}


# --- comments -------------------------------------------------------------------------------------


@transaction.atomic
def pulse_comment_create(*, user, pulse: Pulse, content: str) -> PulseComment:
    """Comment on a visible pulse; its comments_count goes up in the same transaction."""
    text = content.strip() if isinstance(content, str) else ""
    if not text:
        raise ValidationError({"content": ["Write something."]})
    if len(text) > COMMENT_MAX:
        raise ValidationError({"content": [f"At most {COMMENT_MAX} characters ({len(text)} given)."]})
    with connection.cursor() as cursor:
        # Counts, checks visibility and locks the pulse (a concurrent delete waits) in one statement.
        cursor.execute(
            "UPDATE pulses SET comments_count = comments_count + 1 "
            "WHERE id = %s AND created_at = %s AND status = %s RETURNING user_id",
            [pulse.pk, pulse.created_at, ContentStatus.VISIBLE],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such pulse.")
    comment = PulseComment.objects.create(pulse_id=pulse.pk, pulse_created_at=pulse.created_at, user=user, content=text)
    comment.user = user
    notify(
        recipients=[row[0]],
        type=NotificationType.PULSE_COMMENT,
        actor_id=user.pk,
        title=f"@{user.username} commented on your pulse",
        message=text[:200],
        action_url=f"/api/v1/pulses/{pulse.pk}/comments/",
        metadata={"pulse": pulse.pk, "comment": comment.pk},
    )
    return comment


@transaction.atomic
def pulse_comment_status_set(*, comment: PulseComment, status: str) -> PulseComment:
    """Moderation: make a comment visible, hidden or removed; the pulse's comments_count (of
    visible comments) follows in the same transaction."""
    if status not in ContentStatus.values:
        raise ValidationError({"status": [f"One of {', '.join(ContentStatus.values)}."]})
    row = (
        PulseComment.objects.select_for_update()
        .filter(pk=comment.pk)
        .values("status", "pulse_id", "pulse_created_at")
        .first()
    )
    if row is None:
        raise Http404("No such comment.")
    if row["status"] != status:
        PulseComment.objects.filter(pk=comment.pk).update(status=status)
        delta = int(status == ContentStatus.VISIBLE) - int(row["status"] == ContentStatus.VISIBLE)
        if delta:
            Pulse.objects.filter(pk=row["pulse_id"], created_at=row["pulse_created_at"]).update(
                comments_count=F("comments_count") + delta
            )
    comment.status = status
    return comment
