"""Reads of members' lists, shaped for the API with every related row fetched up front (a page
costs the same few queries whatever its size).

Who sees what: a collection is seen by everyone when public, else by its owner only (404 to
others); a member's watchlist and favorites by everyone unless their privacy settings
(`privacy.watchlist`, `privacy.favorites`) say "private", then by them only.
"""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from movies.models import Collection, CollectionFollow, CollectionMovie, Favorite, WatchlistEntry
from social.models import User
from social.selectors.settings import privacy_of

OWNER_COLUMNS = ("id", "username", "name", "avatar_url")
MOVIE_COLUMNS = ("id", "title", "year", "poster_url")


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


def active_member(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).only("id").first()
    if user is None:
        raise Http404("No such member.")
    return user


# --- collections ----------------------------------------------------------------------------------


_films_counted = (
    CollectionMovie.objects.filter(collection=OuterRef("pk")).order_by().values("collection").annotate(n=Count("*")).values("n")
)


def collections_visible_to(viewer) -> QuerySet[Collection]:
    """Public collections and, for a signed-in member, their own private ones; most recently
    updated first (index collections_recent), each with its owner, its count of films and
    whether the viewer follows it."""
    queryset = Collection.objects.filter(owner__is_active=True)
    if _signed_in(viewer):
        queryset = queryset.filter(Q(is_public=True) | Q(owner_id=viewer.pk))
        following = Exists(CollectionFollow.objects.filter(collection=OuterRef("pk"), user_id=viewer.pk))
    else:
        queryset = queryset.filter(is_public=True)
        following = None
    queryset = (
        queryset.select_related("owner")
        .only(
            "id", "title", "description", "is_public", "followers", "tags", "created_at", "updated_at",
            *(f"owner__{column}" for column in OWNER_COLUMNS),
        )  # fmt: skip
        # A correlated count, computed for the rows of the page only (no GROUP BY over the table).
        .annotate(movies_count=Coalesce(Subquery(_films_counted, output_field=IntegerField()), 0))
        .order_by("-updated_at", "-id")
    )
    if following is not None:
        queryset = queryset.annotate(is_following=following)
    return queryset


def collection_visible(collection_id: int, viewer) -> Collection:
    """One collection as the viewer may see it; 404 when missing or someone else's private one."""
    collection = collections_visible_to(viewer).filter(pk=collection_id).first()
    if collection is None:
        raise Http404("No such collection.")
    return collection


def collection_movies(collection_id: int) -> QuerySet[CollectionMovie]:
    """A collection's films in order (the pair key's index (collection, position))."""
    return (
        CollectionMovie.objects.filter(collection_id=collection_id)
        .select_related("movie")
        .only("id", "position", "note", "added_at", "collection_id", *(f"movie__{column}" for column in MOVIE_COLUMNS))
        .order_by("position")
    )


# --- watchlist and favorites ----------------------------------------------------------------------


def list_visible_to(*, owner_id: int, viewer, setting: str) -> bool:
    """Whether `viewer` may see `owner_id`'s watchlist or favorites (`setting` is the privacy
    key): always the owner; others unless the owner made it private."""
    if _signed_in(viewer) and viewer.pk == owner_id:
        return True
    return privacy_of(owner_id)[setting] != "private"


def watchlist_of(user_id: int, *, status: str | None = None, priority: str | None = None) -> QuerySet[WatchlistEntry]:
    """Newest first; by status or priority on their own indexes."""
    queryset = WatchlistEntry.objects.filter(user_id=user_id)
    if status:
        queryset = queryset.filter(status=status)
    if priority:
        queryset = queryset.filter(priority=priority)
    return (
        queryset.select_related("movie")
        .only(
            "id", "user_id", "status", "priority", "progress", "date_added", "updated_at",
            *(f"movie__{column}" for column in MOVIE_COLUMNS),
        )  # fmt: skip
        .order_by("-date_added", "-id")
    )


def favorites_of(user_id: int, *, type: str | None = None) -> QuerySet[Favorite]:
    """Newest first, optionally of one type, each with its movie, person or scene (and the
    scene's film)."""
    queryset = Favorite.objects.filter(user_id=user_id)
    if type:
        queryset = queryset.filter(type=type)
    return (
        queryset.select_related("movie", "person", "scene", "scene__movie")
        .only(
            "id", "user_id", "type", "added_date",
            *(f"movie__{column}" for column in MOVIE_COLUMNS),
            "person__id", "person__name", "person__image_url", "person__known_for",
            "scene__id", "scene__title", "scene__thumbnail_url",
            "scene__movie__id", "scene__movie__title", "scene__movie__year", "scene__movie__poster_url",
        )  # fmt: skip
        .order_by("-added_date", "-id")
    )
