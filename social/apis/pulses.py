"""Pulses: post, read, edit and delete; reactions; comments; the hashtag list; the feed;
trending topics."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from iwm.api.keyset import KeysetPagination
from iwm.api.pagination import CursorPagination
from iwm.api.schema import Error
from iwm.api.views import ApiView, ListApiView, PublicReadMixin
from social.models import Pulse, PulseComment
from social.selectors import pulses as pulse_reads
from social.selectors import trending as trending_reads
from social.serializers.pulses import (
    CommentInput,
    CommentOutput,
    PulseInput,
    PulseListParams,
    PulseOutput,
    ReactionInput,
    ReactionOutput,
    TrendingOutput,
    TrendingParams,
)
from social.services import pulses as pulse_writes
from social.services import trending as trending_writes
from social.text import is_tag, normalise_tag

NOT_THE_AUTHOR = OpenApiResponse(Error, description="Signed in, but not the pulse's author.")
HIDDEN = "Hidden and removed pulses are absent from every list and a 404 here."


def payload(pulse: Pulse, viewer) -> dict:
    return pulse_reads.pulse_payloads([pulse_reads.pulse_detail_row(pulse)], viewer)[0]


class PulseListApi(ListApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    optional_auth = True
    pagination_class = KeysetPagination
    params_class = PulseListParams
    serializer_class = PulseOutput
    filter_backends = []
    queryset = Pulse.objects.none()

    @extend_schema(
        summary="Pulses, newest first: all of them, or those with a hashtag",
        description=(
            "`?tag=nolan` (or `%23Nolan`: case and '#' do not matter) lists the visible pulses with "
            "that hashtag. Pages by cursor: follow `next`. " + HIDDEN
        ),
    )
    def get(self, request):
        raw = self.query_params().get("tag")
        queryset = pulse_reads.visible_pulses()
        if raw is not None:
            tag = normalise_tag(raw)
            if not is_tag(tag):
                raise ValidationError(
                    {"tag": ["A hashtag: letters, digits and '_' (up to 100), with or without the leading '#'."]}
                )
            queryset = pulse_reads.pulses_with_tag(tag)
        rows = self.paginate_queryset(lambda after, limit: pulse_reads.keyset_page(queryset, after=after, limit=limit))
        return self.get_paginated_response(PulseOutput(pulse_reads.pulse_payloads(rows, request.user), many=True).data)

    @extend_schema(
        request=PulseInput,
        responses={201: PulseOutput},
        summary="Post a pulse",
        description=(
            "Text (up to 2,000 characters) and/or up to 4 media URLs, and optionally a linked movie. "
            "Hashtags are parsed from the text; the members @mentioned are notified unless their "
            "privacy setting `allow_mentions` says otherwise."
        ),
    )
    def post(self, request):
        data = PulseInput(data=request.data)
        data.is_valid(raise_exception=True)
        pulse = pulse_writes.pulse_create(user=request.user, **data.validated_data)
        return Response(PulseOutput(payload(pulse, request.user)).data, status=201)


class PulseDetailApi(ApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    optional_auth = True

    @extend_schema(responses=PulseOutput, summary="One pulse", description=HIDDEN)
    def get(self, request, pulse_id: int):
        row = pulse_reads.pulse_visible_row(pulse_id)
        return Response(PulseOutput(pulse_reads.pulse_payloads([row], request.user)[0]).data)

    @extend_schema(
        request=PulseInput,
        responses={200: PulseOutput, 403: NOT_THE_AUTHOR},
        summary="Edit my pulse",
        description="Sets `edited_at` and parses the hashtags again; `linked_movie: null` unlinks the movie.",
    )
    def patch(self, request, pulse_id: int):
        data = PulseInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        pulse = pulse_writes.pulse_update(pulse=pulse_reads.pulse_find(pulse_id), user=request.user, **data.validated_data)
        return Response(PulseOutput(payload(pulse, request.user)).data)

    @extend_schema(
        responses={204: None, 403: NOT_THE_AUTHOR},
        summary="Delete my pulse",
        description="Its reactions and comments are deleted with it.",
    )
    def delete(self, request, pulse_id: int):
        pulse_writes.pulse_delete(pulse=pulse_reads.pulse_find(pulse_id), user=request.user)
        return Response(status=204)


class PulseReactionsApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ReactionInput,
        responses=ReactionOutput,
        summary="React to a pulse",
        description="One reaction per member and pulse: another kind replaces mine (and moves the counts).",
    )
    def post(self, request, pulse_id: int):
        data = ReactionInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = pulse_writes.pulse_react(
            user=request.user, pulse=pulse_reads.pulse_find(pulse_id), kind=data.validated_data["kind"]
        )
        return Response(ReactionOutput({**result, "reactions": pulse_reads.reaction_counts(result["reactions"])}).data)

    @extend_schema(request=None, responses={204: None}, summary="Take back my reaction (also when there is none)")
    def delete(self, request, pulse_id: int):
        pulse_writes.pulse_unreact(user=request.user, pulse=pulse_reads.pulse_find(pulse_id))
        return Response(status=204)


class OldestFirst(CursorPagination):
    ordering = ("created_at", "id")


class PulseCommentsApi(ListApiView):
    """A pulse's comments, oldest first (cursor pages)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = OldestFirst
    serializer_class = CommentOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return PulseComment.objects.none()
        return pulse_reads.comments_of(pulse_reads.pulse_visible(self.kwargs["pulse_id"]))

    @extend_schema(request=CommentInput, responses={201: CommentOutput}, summary="Comment on a pulse")
    def post(self, request, pulse_id: int):
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = pulse_writes.pulse_comment_create(
            user=request.user, pulse=pulse_reads.pulse_find(pulse_id), content=data.validated_data["content"]
        )
        return Response(CommentOutput(comment).data, status=201)


class FeedApi(ListApiView):
    """My feed: the pulses of the people I follow and mine, newest first (cursor pages)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = KeysetPagination
    serializer_class = PulseOutput
    filter_backends = []
    queryset = Pulse.objects.none()

    def get(self, request):
        rows = self.paginate_queryset(
            lambda after, limit: pulse_reads.feed_page(reader_id=request.user.pk, after=after, limit=limit)
        )
        return self.get_paginated_response(PulseOutput(pulse_reads.pulse_payloads(rows, request.user), many=True).data)


class TrendingApi(PublicReadMixin, ListApiView):
    """Trending hashtags of a window (24h, 7d or 30d), most used first."""

    params_class = TrendingParams
    serializer_class = TrendingOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return trending_reads.trending_of("24h").none()
        window = self.query_params()["window"]
        if trending_reads.trending_is_empty(window):
            trending_writes.trending_topics_refresh(windows=[window])
        return trending_reads.trending_of(window)
