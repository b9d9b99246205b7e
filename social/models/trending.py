"""Trending hashtags per time window, recomputed by social.services.trending from visible pulses."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from iwm.db.constraints import choices_check, non_negative


class TopicCategory(models.TextChoices):
    MOVIE = "movie", "Movie"
    PERSON = "person", "Person"
    EVENT = "event", "Event"
    GENERAL = "general", "General"


class TrendingWindow(models.TextChoices):
    DAY = "24h", "Past 24 hours"
    WEEK = "7d", "Past 7 days"
    MONTH = "30d", "Past 30 days"


class TrendingTopic(models.Model):
    tag = models.CharField(max_length=100)
    category = models.CharField(max_length=10, choices=TopicCategory.choices, default=TopicCategory.GENERAL)
    window_label = models.CharField(max_length=3, choices=TrendingWindow.choices)
    count = models.IntegerField(help_text="Visible pulses carrying the tag in the window.")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "trending_topics"
        ordering = ["window_label", "-count", "tag"]
        constraints = [
            models.UniqueConstraint(fields=["tag", "window_label"], name="trending_topics_tag_window_key"),
            choices_check("category", TopicCategory, table="trending_topics"),
            choices_check("window_label", TrendingWindow, table="trending_topics"),
            non_negative("count", table="trending_topics"),
        ]
        indexes = [
            models.Index(models.F("window_label"), models.F("count").desc(), models.F("tag"), name="trending_topics_rank"),
        ]

    def __str__(self) -> str:
        return f"#{self.tag} ({self.window_label}: {self.count})"
