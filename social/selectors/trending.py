"""Trending topics of a window, most used first."""

from __future__ import annotations

from django.db.models import QuerySet

from social.models import TrendingTopic


def trending_of(window: str) -> QuerySet[TrendingTopic]:
    return TrendingTopic.objects.filter(window_label=window).order_by("-count", "tag").only(
        "id", "tag", "category", "window_label", "count", "computed_at"
    )


def trending_is_empty(window: str) -> bool:
    return not TrendingTopic.objects.filter(window_label=window).exists()
