"""Cinemas and their showtimes.

Distances are computed in SQL by the best method the server offers (see
movies.selectors.theaters): PostGIS geography, else earthdistance, else haversine. The
PostGIS column and the earthdistance index are created by migration only where the server
has the extension, so they are not part of the Django model.
"""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models

from iwm.db.constraints import choices_check, non_negative, range_check, unique_external_id
from movies.choices import ShowtimeFormat


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone (e.g. Europe/London).")


class Theater(models.Model):
    external_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    chain = models.CharField(max_length=100, blank=True)
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    timezone = models.CharField(
        max_length=64, default="UTC", validators=[validate_timezone], help_text="IANA zone; 'today' is local."
    )
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        db_table = "theaters"
        ordering = ["city", "name"]
        constraints = [
            unique_external_id(table="theaters"),
            range_check("latitude", -90, 90, table="theaters"),
            range_check("longitude", -180, 180, table="theaters"),
            models.CheckConstraint(condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="theaters_country_format"),
        ]
        indexes = [models.Index(fields=["city"], name="theaters_city")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class Showtime(models.Model):
    theater = models.ForeignKey(Theater, on_delete=models.CASCADE, related_name="showtimes")
    movie = models.ForeignKey("movies.Movie", on_delete=models.CASCADE, related_name="showtimes")
    starts_at = models.DateTimeField()
    format = models.CharField(max_length=10, choices=ShowtimeFormat.choices, default=ShowtimeFormat.STANDARD)
    price = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        db_table = "showtimes"
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["theater", "movie", "starts_at", "format"], name="showtimes_slot_key"),
            choices_check("format", ShowtimeFormat, table="showtimes"),
            non_negative("price", table="showtimes"),
            models.CheckConstraint(
                condition=(models.Q(price__isnull=True) & models.Q(currency=""))
                | (models.Q(price__isnull=False) & models.Q(currency__regex=r"^[A-Z]{3}$")),
                name="showtimes_price_has_currency",
            ),
        ]
        indexes = [
            models.Index(fields=["theater", "starts_at"], name="showtimes_theater_starts"),
            models.Index(fields=["movie", "starts_at"], name="showtimes_movie_starts"),
        ]

    @property
    def local_starts_at(self):
        """The start in the cinema's own time zone."""
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.theater.timezone))

    def __str__(self) -> str:
        """"Inception at Prince Charles Cinema, 2026-11-27 19:00 GMT": the cinema's local time (reads the
        movie and the theater: select_related them where many are shown)."""
        return f"{self.movie.title} at {self.theater.name}, {self.local_starts_at:%Y-%m-%d %H:%M %Z}"
