"""Public profiles, follows, and the followers / following lists."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from iwm.api.pagination import CursorPagination
from iwm.api.views import ApiView, ListApiView, PublicReadMixin
from social.models import Follow, User
from social.selectors import graph as graph_reads
from social.selectors import profiles
from social.serializers.graph import FollowerItemOutput, FollowingItemOutput, FollowOutput, ProfileOutput
from social.services import graph as graph_writes


def active_member(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).only("id", "username").first()
    if user is None:
        raise Http404("No such member.")
    return user


class UserProfileApi(PublicReadMixin, ApiView):
    optional_auth = True

    @extend_schema(
        responses=ProfileOutput,
        summary="A member's public profile",
        description=(
            "Name, username, avatar, bio, and location and website unless the member's profile "
            "settings hide them (`profile.show_location`, `profile.show_website`: then null); the "
            "counts of followers, following and visible reviews; whether I follow them (null when "
            "anonymous). 404 for a missing or deactivated account."
        ),
    )
    def get(self, request, user_id: int):
        return Response(ProfileOutput(profiles.user_public_profile(user_id=user_id, viewer=request.user)).data)


class UserFollowApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses=FollowOutput,
        summary="Follow a member",
        description="Following someone I already follow changes nothing (200 again). Following myself is a 400.",
    )
    def post(self, request, user_id: int):
        target = active_member(user_id)
        graph_writes.follow_create(follower=request.user, following=target)
        return Response({"following": True, **graph_reads.follow_counts(target.pk)})

    @extend_schema(request=None, responses={204: None}, summary="Stop following a member (also when I did not)")
    def delete(self, request, user_id: int):
        target = active_member(user_id)
        graph_writes.follow_delete(follower=request.user, following=target)
        return Response(status=204)


class FollowListApi(PublicReadMixin, ListApiView):
    optional_auth = True
    pagination_class = CursorPagination
    filter_backends = []

    def target(self) -> User:
        target = active_member(self.kwargs["user_id"])
        if not graph_reads.follows_visible_to(owner_id=target.pk, viewer=self.request.user):
            raise Http404("No such member, or their follows are private.")
        return target


class UserFollowersApi(FollowListApi):
    """Who follows a member, newest first (404 to others when their follows are private)."""

    serializer_class = FollowerItemOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Follow.objects.none()
        return graph_reads.followers_of(self.target().pk)


class UserFollowingApi(FollowListApi):
    """Whom a member follows, newest first (404 to others when their follows are private)."""

    serializer_class = FollowingItemOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Follow.objects.none()
        return graph_reads.following_of(self.target().pk)
