"""Writes of members' lists: collections and their films, collection follows, the watchlist,
favorites, and the removal of all of them with an account.

Rules the database also enforces are checked here first for a clear message (a film already on
the watchlist is a 409 that says so); a race past the check still meets the constraint and ends
as the same 409, never a 500. A collection's films are positioned 1..n without gaps: every write
to them locks the collection's row first, so two reorders of one collection run one after the
other. The `followers` counter moves by `x = x + 1` in the follow's own transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from iwm.api.errors import Conflict
from movies.models import (
    Collection,
    CollectionFollow,
    CollectionMovie,
    Favorite,
    FavoriteType,
    Movie,
    Person,
    Scene,
    WatchlistEntry,
)

NOT_OWNER = "Only its owner may change this collection."


def _movie(movie_id: int, field: str = "movie") -> Movie:
    movie = Movie.objects.filter(pk=movie_id).only("id").first()
    if movie is None:
        raise ValidationError({field: [f"No movie with id {movie_id}."]})
    return movie


def _lock_own_collection(collection_id: int, user) -> Collection:
    """The collection's row, locked; 404 when it does not exist or is someone else's private
    one, 403 when it is someone else's public one."""
    collection = Collection.objects.select_for_update().filter(pk=collection_id).first()
    if collection is None or (collection.owner_id != user.pk and not collection.is_public):
        raise Http404("No such collection.")
    if collection.owner_id != user.pk:
        raise PermissionDenied(NOT_OWNER)
    return collection


def _touch(collection: Collection) -> None:
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())


# --- collections ----------------------------------------------------------------------------------


@transaction.atomic
def collection_create(*, owner, title: str, description: str = "", is_public: bool = True, tags=None) -> Collection:
    return Collection.objects.create(
        owner=owner, title=title, description=description, is_public=is_public, tags=list(tags or [])
    )


@transaction.atomic
def collection_update(*, collection_id: int, user, **changes) -> Collection:
    collection = _lock_own_collection(collection_id, user)
    for field in ("title", "description", "is_public", "tags"):
        if field in changes:
            setattr(collection, field, list(changes[field]) if field == "tags" else changes[field])
    collection.updated_at = timezone.now()
    collection.save()
    return collection


@transaction.atomic
def collection_delete(*, collection_id: int, user) -> None:
    """Its films and follows go with it (ON DELETE CASCADE)."""
    _lock_own_collection(collection_id, user).delete()


@transaction.atomic
def collection_movie_put(*, collection_id: int, user, movie: int, position: int | None = None, note=None) -> tuple[CollectionMovie, bool]:
    """Add `movie` to the collection (at `position`, the end by default) or, when it is there
    already, move it to `position` and/or change its note. Positions stay 1..n: the films at and
    after the new place move down one. A position past the end means the end.
    Returns (row, created)."""
    collection = _lock_own_collection(collection_id, user)
    film = _movie(movie)
    items = CollectionMovie.objects.filter(collection=collection)
    row = items.filter(movie=film).first()
    count = items.count()
    if row is None:
        target = count + 1 if position is None else min(position, count + 1)
        items.filter(position__gte=target).update(position=F("position") + 1)
        row = CollectionMovie.objects.create(collection=collection, movie=film, position=target, note=note or "")
        created = True
    else:
        target = row.position if position is None else min(position, count)
        if target < row.position:
            items.filter(position__gte=target, position__lt=row.position).update(position=F("position") + 1)
        elif target > row.position:
            items.filter(position__gt=row.position, position__lte=target).update(position=F("position") - 1)
        row.position = target
        if note is not None:
            row.note = note
        row.save(update_fields=["position", "note"])
        created = False
    _touch(collection)
    return row, created


@transaction.atomic
def collection_movie_remove(*, collection_id: int, user, movie: int) -> None:
    """Take `movie` out; the films after it move up one. 404 when it is not in the collection."""
    collection = _lock_own_collection(collection_id, user)
    items = CollectionMovie.objects.filter(collection=collection)
    row = items.filter(movie_id=movie).first()
    if row is None:
        raise Http404("That movie is not in this collection.")
    row.delete()
    items.filter(position__gt=row.position).update(position=F("position") - 1)
    _touch(collection)


# --- collection follows ---------------------------------------------------------------------------


def _visible_collection(collection_id: int, user) -> Collection:
    collection = Collection.objects.filter(pk=collection_id).only("id", "owner_id", "is_public").first()
    if collection is None or (collection.owner_id != user.pk and not collection.is_public):
        raise Http404("No such collection.")
    return collection


@transaction.atomic
def collection_follow(*, collection_id: int, user) -> bool:
    """Follow a public collection of someone else; True when the follow is new (following twice
    changes nothing)."""
    collection = _visible_collection(collection_id, user)
    if collection.owner_id == user.pk:
        raise ValidationError("You cannot follow your own collection.")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO collection_follows (collection_id, user_id, created_at) VALUES (%s, %s, now())
            ON CONFLICT (collection_id, user_id) DO NOTHING RETURNING id
            """,
            [collection.pk, user.pk],
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute("UPDATE collections SET followers = followers + 1 WHERE id = %s", [collection.pk])
    return True


@transaction.atomic
def collection_unfollow(*, collection_id: int, user) -> bool:
    """Stop following; True when there was a follow (unfollowing twice changes nothing)."""
    collection = _visible_collection(collection_id, user)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM collection_follows WHERE collection_id = %s AND user_id = %s RETURNING id",
            [collection.pk, user.pk],
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute("UPDATE collections SET followers = followers - 1 WHERE id = %s", [collection.pk])
    return True


# --- watchlist ------------------------------------------------------------------------------------

ALREADY_ON_WATCHLIST = "This movie is on your watchlist already; PATCH /me/watchlist/{movie_id}/ changes it."


def watchlist_add(*, user, movie: int, **fields) -> WatchlistEntry:
    film = _movie(movie)
    if WatchlistEntry.objects.filter(user=user, movie=film).exists():
        raise Conflict(ALREADY_ON_WATCHLIST, code="already_on_watchlist")
    try:
        with transaction.atomic():
            return WatchlistEntry.objects.create(user=user, movie=film, **fields)
    except IntegrityError as exc:  # a concurrent add of the same film
        raise Conflict(ALREADY_ON_WATCHLIST, code="already_on_watchlist") from exc


def _own_entry(user, movie_id: int) -> WatchlistEntry:
    entry = WatchlistEntry.objects.select_for_update().filter(user=user, movie_id=movie_id).first()
    if entry is None:
        raise Http404("This movie is not on your watchlist.")
    return entry


@transaction.atomic
def watchlist_update(*, user, movie_id: int, **changes) -> WatchlistEntry:
    entry = _own_entry(user, movie_id)
    for field in ("status", "priority", "progress"):
        if field in changes:
            setattr(entry, field, changes[field])
    entry.updated_at = timezone.now()
    entry.save()
    return entry


@transaction.atomic
def watchlist_remove(*, user, movie_id: int) -> None:
    _own_entry(user, movie_id).delete()


# --- favorites ------------------------------------------------------------------------------------

TARGETS = {FavoriteType.MOVIE: Movie, FavoriteType.PERSON: Person, FavoriteType.SCENE: Scene}


def favorite_add(*, user, type: str, target: int) -> Favorite:
    """Favorite a movie, a person or a scene (by id); once each (409 the second time)."""
    model = TARGETS[FavoriteType(type)]
    if not model.objects.filter(pk=target).exists():
        raise ValidationError({type: [f"No {type} with id {target}."]})
    already = f"This {type} is among your favorites already."
    if Favorite.objects.filter(user=user, **{f"{type}_id": target}).exists():
        raise Conflict(already, code="already_favorite")
    try:
        with transaction.atomic():
            return Favorite.objects.create(user=user, type=type, **{f"{type}_id": target})
    except IntegrityError as exc:  # a concurrent add of the same target
        raise Conflict(already, code="already_favorite") from exc


@transaction.atomic
def favorite_remove(*, user, favorite_id: int) -> None:
    deleted, _ = Favorite.objects.filter(pk=favorite_id, user=user).delete()
    if not deleted:
        raise Http404("No such favorite of yours.")


# --- account removal ------------------------------------------------------------------------------

REMOVAL_STEPS: list[tuple[str, str]] = [
    (
        "followers of others' collections they followed",
        """
        UPDATE collections c SET followers = c.followers - 1
        FROM collection_follows f
        WHERE f.user_id = %(user)s AND c.id = f.collection_id AND c.owner_id <> %(user)s
        """,
    ),
    ("collection follows", "DELETE FROM collection_follows WHERE user_id = %(user)s"),
    (
        "follows of their collections",
        "DELETE FROM collection_follows f USING collections c WHERE c.id = f.collection_id AND c.owner_id = %(user)s",
    ),
    (
        "films of their collections",
        "DELETE FROM collection_movies m USING collections c WHERE c.id = m.collection_id AND c.owner_id = %(user)s",
    ),
    ("collections", "DELETE FROM collections WHERE owner_id = %(user)s"),
    ("watchlist", "DELETE FROM watchlist WHERE user_id = %(user)s"),
    ("favorites", "DELETE FROM favorites WHERE user_id = %(user)s"),
]


def lists_account_data_remove(*, user) -> dict[str, int]:
    """Delete the member's collections (with their films and follows), their follows of others'
    collections (those collections' `followers` go down by one each), watchlist and favorites,
    in set-based statements inside the caller's transaction; rows per step."""
    done: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for label, sql in REMOVAL_STEPS:
            cursor.execute(sql, {"user": user.pk})
            done[label] = cursor.rowcount
    return done
