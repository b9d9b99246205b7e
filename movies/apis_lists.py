"""Members' lists over HTTP: collections (CRUD, their films, follows), my watchlist and my
favorites, and another member's watchlist and favorites subject to their privacy settings."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from iwm.api.schema import Error
from iwm.api.views import ApiView, ListApiView
from movies.models import Collection, CollectionMovie, Favorite, WatchlistEntry
from movies.selectors import lists as reads
from movies.serializers_lists import (
    CollectionFollowOutput,
    CollectionInput,
    CollectionListParams,
    CollectionMovieInput,
    CollectionMovieOutput,
    CollectionMovieRemoveInput,
    CollectionOutput,
    FavoriteInput,
    FavoriteOutput,
    FavoriteParams,
    WatchlistAddInput,
    WatchlistChangeInput,
    WatchlistOutput,
    WatchlistParams,
)
from movies.services import lists as writes

NOT_OWNER = OpenApiResponse(Error, description="Signed in, but not the collection's owner.")
CONFLICT = OpenApiResponse(Error, description="Already there.")
PRIVATE = "A private collection is a 404 to everyone but its owner."


def _collection_payload(collection_id: int, viewer) -> dict:
    return CollectionOutput(reads.collection_visible(collection_id, viewer)).data


# --- collections ----------------------------------------------------------------------------------


class CollectionListApi(ListApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    optional_auth = True
    serializer_class = CollectionOutput
    params_class = CollectionListParams
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Collection.objects.none()
        params = self.query_params()
        queryset = reads.collections_visible_to(self.request.user)
        if "owner" in params:
            queryset = queryset.filter(owner_id=params["owner"])
        if params.get("tag"):
            queryset = queryset.filter(tags__contains=[params["tag"].strip().lower()])
        return queryset

    @extend_schema(
        summary="Collections: the public ones and mine",
        description="Most recently updated first. `?owner=` one member's, `?tag=` those with a tag. " + PRIVATE,
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=CollectionInput, responses={201: CollectionOutput}, summary="Create a collection")
    def post(self, request):
        data = CollectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        collection = writes.collection_create(owner=request.user, **data.validated_data)
        return Response(_collection_payload(collection.pk, request.user), status=201)


class CollectionDetailApi(ApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    optional_auth = True

    @extend_schema(responses=CollectionOutput, summary="One collection", description=PRIVATE)
    def get(self, request, collection_id: int):
        return Response(_collection_payload(collection_id, request.user))

    @extend_schema(
        request=CollectionInput(partial=True),
        responses={200: CollectionOutput, 403: NOT_OWNER},
        summary="Edit my collection",
        description="Any of title, description, is_public, tags (which replace the old ones).",
    )
    def patch(self, request, collection_id: int):
        data = CollectionInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        writes.collection_update(collection_id=collection_id, user=request.user, **data.validated_data)
        return Response(_collection_payload(collection_id, request.user))

    @extend_schema(responses={204: None, 403: NOT_OWNER}, summary="Delete my collection")
    def delete(self, request, collection_id: int):
        writes.collection_delete(collection_id=collection_id, user=request.user)
        return Response(status=204)


class CollectionMoviesApi(ListApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    optional_auth = True
    serializer_class = CollectionMovieOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return CollectionMovie.objects.none()
        collection = reads.collection_visible(self.kwargs["collection_id"], self.request.user)
        return reads.collection_movies(collection.pk)

    @extend_schema(summary="A collection's films, in order", description=PRIVATE)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CollectionMovieInput,
        responses={201: CollectionMovieOutput, 200: CollectionMovieOutput, 403: NOT_OWNER},
        summary="Add a film to my collection, or move it / change its note",
        description=(
            "A film not in the collection is added (201) at `position` (default: the end); one "
            "already there is moved to `position` and/or given the new `note` (200). Positions run "
            "1..n without gaps: the films in between shift by one."
        ),
    )
    def post(self, request, collection_id: int):
        data = CollectionMovieInput(data=request.data)
        data.is_valid(raise_exception=True)
        row, created = writes.collection_movie_put(collection_id=collection_id, user=request.user, **data.validated_data)
        row = reads.collection_movies(collection_id).get(pk=row.pk)
        return Response(CollectionMovieOutput(row).data, status=201 if created else 200)

    @extend_schema(
        request=CollectionMovieRemoveInput,
        responses={204: None, 403: NOT_OWNER},
        summary="Take a film out of my collection",
        description="The films after it move up one. 404 when it is not in the collection.",
    )
    def delete(self, request, collection_id: int):
        data = CollectionMovieRemoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        writes.collection_movie_remove(collection_id=collection_id, user=request.user, movie=data.validated_data["movie"])
        return Response(status=204)


class CollectionFollowApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses=CollectionFollowOutput,
        summary="Follow a collection",
        description="Following twice changes nothing (200 again); following my own collection is a 400. " + PRIVATE,
    )
    def post(self, request, collection_id: int):
        writes.collection_follow(collection_id=collection_id, user=request.user)
        followers = Collection.objects.filter(pk=collection_id).values_list("followers", flat=True).get()
        return Response({"following": True, "followers": followers})

    @extend_schema(request=None, responses={204: None}, summary="Stop following a collection (also when I did not)")
    def delete(self, request, collection_id: int):
        writes.collection_unfollow(collection_id=collection_id, user=request.user)
        return Response(status=204)


# --- watchlist ------------------------------------------------------------------------------------


class WatchlistListApi(ListApiView):
    serializer_class = WatchlistOutput
    params_class = WatchlistParams
    filter_backends = []

    def owner_id(self) -> int:
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return WatchlistEntry.objects.none()
        return reads.watchlist_of(self.owner_id(), **self.query_params())


class MyWatchlistApi(WatchlistListApi):
    permission_classes = [permissions.IsAuthenticated]

    def owner_id(self) -> int:
        return self.request.user.pk

    @extend_schema(summary="My watchlist", description="Newest first; `?status=`, `?priority=`.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=WatchlistAddInput,
        responses={201: WatchlistOutput, 409: CONFLICT},
        summary="Put a film on my watchlist",
        description="status (default want-to-watch), priority (default medium), progress 0-100 (default 0). "
        "A film already there is a 409.",
    )
    def post(self, request):
        data = WatchlistAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = writes.watchlist_add(user=request.user, **data.validated_data)
        return Response(WatchlistOutput(reads.watchlist_of(request.user.pk).get(pk=entry.pk)).data, status=201)


class MyWatchlistEntryApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=WatchlistChangeInput,
        responses=WatchlistOutput,
        summary="Change a film on my watchlist",
        description="Any of status, priority, progress. 404 when the film is not on my watchlist.",
    )
    def patch(self, request, movie_id: int):
        data = WatchlistChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = writes.watchlist_update(user=request.user, movie_id=movie_id, **data.validated_data)
        return Response(WatchlistOutput(reads.watchlist_of(request.user.pk).get(pk=entry.pk)).data)

    @extend_schema(responses={204: None}, summary="Take a film off my watchlist (404 when it is not on it)")
    def delete(self, request, movie_id: int):
        writes.watchlist_remove(user=request.user, movie_id=movie_id)
        return Response(status=204)


class UserWatchlistApi(WatchlistListApi):
    permission_classes = [permissions.AllowAny]
    optional_auth = True

    def owner_id(self) -> int:
        owner = reads.active_member(self.kwargs["user_id"])
        if not reads.list_visible_to(owner_id=owner.pk, viewer=self.request.user, setting="watchlist"):
            raise Http404("No such member, or their watchlist is private.")
        return owner.pk

    @extend_schema(
        summary="A member's watchlist",
        description="Newest first; `?status=`, `?priority=`. 404 to others when their `privacy.watchlist` is private.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- favorites ------------------------------------------------------------------------------------


class FavoriteListApi(ListApiView):
    serializer_class = FavoriteOutput
    params_class = FavoriteParams
    filter_backends = []

    def owner_id(self) -> int:
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Favorite.objects.none()
        return reads.favorites_of(self.owner_id(), **self.query_params())


class MyFavoritesApi(FavoriteListApi):
    permission_classes = [permissions.IsAuthenticated]

    def owner_id(self) -> int:
        return self.request.user.pk

    @extend_schema(summary="My favorites", description="Newest first; `?type=movie|person|scene`.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=FavoriteInput,
        responses={201: FavoriteOutput, 409: CONFLICT},
        summary="Add a favorite",
        description='Exactly one of `{"movie": id}`, `{"person": id}`, `{"scene": id}`; each once (409 the second time).',
    )
    def post(self, request):
        data = FavoriteInput(data=request.data)
        data.is_valid(raise_exception=True)
        favorite = writes.favorite_add(user=request.user, **data.validated_data)
        return Response(FavoriteOutput(reads.favorites_of(request.user.pk).get(pk=favorite.pk)).data, status=201)


class MyFavoriteApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None}, summary="Remove one of my favorites (404 when it is not mine)")
    def delete(self, request, favorite_id: int):
        writes.favorite_remove(user=request.user, favorite_id=favorite_id)
        return Response(status=204)


class UserFavoritesApi(FavoriteListApi):
    permission_classes = [permissions.AllowAny]
    optional_auth = True

    def owner_id(self) -> int:
        owner = reads.active_member(self.kwargs["user_id"])
        if not reads.list_visible_to(owner_id=owner.pk, viewer=self.request.user, setting="favorites"):
            raise Http404("No such member, or their favorites are private.")
        return owner.pk

    @extend_schema(
        summary="A member's favorites",
        description="Newest first; `?type=movie|person|scene`. 404 to others when their `privacy.favorites` is private.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
