"""Where to watch: streaming platforms and each movie's offers per region."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from iwm.db.constraints import choices_check, unique_external_id
from movies.choices import OfferType, Region, VideoQuality

PRICED_OFFERS = [OfferType.RENT, OfferType.BUY]


class StreamingPlatform(models.Model):
    external_id = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, help_text="Used in ?watch_platforms=netflix,mubi")
    name = models.CharField(max_length=100)
    logo_url = models.URLField(max_length=500, blank=True)
    website_url = models.URLField(max_length=500, blank=True)

    class Meta:
        db_table = "streaming_platforms"
        ordering = ["name"]
        constraints = [
            unique_external_id(table="streaming_platforms"),
            models.UniqueConstraint(fields=["slug"], name="streaming_platforms_slug_key"),
        ]

    def __str__(self) -> str:
        return self.name


class MovieStreamingOption(models.Model):
    movie = models.ForeignKey("movies.Movie", on_delete=models.CASCADE, related_name="streaming_options")
    platform = models.ForeignKey(StreamingPlatform, on_delete=models.CASCADE, related_name="options")
    region = models.CharField(max_length=2, choices=Region.choices)
    type = models.CharField(max_length=20, choices=OfferType.choices)
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True, help_text="Rent or buy only.")
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, with a price.")
    quality = models.CharField(max_length=2, choices=VideoQuality.choices, default=VideoQuality.HD)
    url = models.URLField(max_length=500, blank=True)
    verified = models.BooleanField(default=False)
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "movie_streaming_options"
        ordering = ["region", "platform__name", "type"]
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "platform", "region", "type"], name="movie_streaming_options_offer_key"
            ),
            choices_check("region", Region, table="movie_streaming_options"),
            choices_check("type", OfferType, table="movie_streaming_options"),
            choices_check("quality", VideoQuality, table="movie_streaming_options"),
            # A price (with its currency) belongs to rent and buy offers only.
            models.CheckConstraint(
                condition=(Q(price__isnull=True) & Q(currency=""))
                | (Q(type__in=PRICED_OFFERS) & Q(price__gte=0) & Q(currency__regex=r"^[A-Z]{3}$")),
                name="movie_streaming_options_price_rule",
            ),
        ]
        indexes = [
            models.Index(fields=["movie", "region"], name="streaming_options_movie_region"),
            models.Index(fields=["platform", "region", "movie"], name="streaming_opts_platform_region"),
            # GET /regions/ counts the movies of each region from this index alone.
            models.Index(fields=["region", "movie"], name="streaming_options_region_movie"),
        ]

    def __str__(self) -> str:
        """"Inception on Netflix (US, subscription)": select_related movie and platform where many are shown."""
        return f"{self.movie.title} on {self.platform.name} ({self.region}, {self.type})"
