"""Theaters near a point, nearest first, each with its showtimes for its own local today (or
a given local date), and the cinemas showing one movie.

Dates are the cinema's own calendar: "today" in Auckland is not today in Los Angeles. A
listing leaves out the showings that have already started (those later today stay).

Three ways to measure, the best the server offers (all great-circle distances):
* ``postgis``: ST_DWithin / ST_Distance on the generated geography column (GiST index);
* ``earthdistance``: earth_box() on the GiST index of iwm_earth_point(), then earth_distance();
* ``haversine``: plain SQL trigonometry after a latitude/longitude bounding box (no index; a
  few thousand theaters is nothing to scan).
earthdistance and haversine both use the mean Earth radius, so they agree to the metre;
PostGIS measures on the WGS84 spheroid (within 0.5% of the sphere).
"""

from __future__ import annotations

import math
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Now
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone

from iwm.db.features import has_extension
from movies.models import Showtime, Theater

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 500.0
METHODS = ("postgis", "earthdistance", "haversine")
# How far from today (in days, either way) a client may ask for showtimes.
MAX_DAYS_AWAY = 30
SHOWTIME_FIELDS = ("id", "theater_id", "movie_id", "starts_at", "format", "price", "currency")


def distance_method() -> str:
    if has_extension("postgis"):
        return "postgis"
    if has_extension("earthdistance"):
        return "earthdistance"
    return "haversine"


def _within_and_distance(method: str, latitude: float, longitude: float, radius_km: float) -> tuple[RawSQL, RawSQL]:
    if method == "postgis":
        point = "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography"
        within = RawSQL(
            f'ST_DWithin("theaters"."location", {point}, %s)', (longitude, latitude, radius_km * 1000), BooleanField()
        )
        distance = RawSQL(f'ST_Distance("theaters"."location", {point}) / 1000.0', (longitude, latitude))
    elif method == "earthdistance":
        here = "ll_to_earth(%s, %s)"
        there = 'public.iwm_earth_point("theaters"."latitude", "theaters"."longitude")'
        # earth() is the sphere earthdistance measures on; rescale to the mean radius.
        distance_sql = f"earth_distance({here}, {there}) / earth() * {EARTH_RADIUS_KM}"
        within = RawSQL(
            f"earth_box({here}, %s) @> {there} AND {distance_sql} <= %s",
            (latitude, longitude, radius_km * 1000 * 1.001 * 6378.168 / EARTH_RADIUS_KM, latitude, longitude, radius_km),
            BooleanField(),
        )
        distance = RawSQL(distance_sql, (latitude, longitude))
    elif method == "haversine":
        distance_sql = (
            f"2 * {EARTH_RADIUS_KM} * asin(sqrt("
            'power(sin(radians("theaters"."latitude" - %s) / 2), 2) + '
            'cos(radians(%s)) * cos(radians("theaters"."latitude")) * '
            'power(sin(radians("theaters"."longitude" - %s) / 2), 2)))'
        )
        # A bounding box first: cheap, and it keeps the trigonometry to the neighbourhood.
        lat_delta = math.degrees(radius_km / EARTH_RADIUS_KM)
        cos_lat = math.cos(math.radians(latitude))
        lon_delta = 180.0 if cos_lat < 1e-6 else min(180.0, lat_delta / cos_lat)
        box = '"theaters"."latitude" BETWEEN %s AND %s'
        box_params: tuple = (latitude - lat_delta, latitude + lat_delta)
        if lon_delta < 180.0 and -180.0 <= longitude - lon_delta and longitude + lon_delta <= 180.0:
            box += ' AND "theaters"."longitude" BETWEEN %s AND %s'
            box_params += (longitude - lon_delta, longitude + lon_delta)
        within = RawSQL(
            f"{box} AND {distance_sql} <= %s", (*box_params, latitude, latitude, longitude, radius_km), BooleanField()
        )
        distance = RawSQL(distance_sql, (latitude, latitude, longitude))
    else:
        raise ValueError(f"unknown distance method {method!r}; one of {METHODS}")
    return within, distance


def _local_date(zone, moment) -> Cast:
    """(moment AT TIME ZONE zone)::date: the calendar date of `moment` on the cinema's clock."""
    return Cast(Func(zone, moment, function="timezone", output_field=DateTimeField()), DateField())


def _showings(zone, *, on_date: date | None, movie_id: int | None = None, now: datetime | None = None):
    """Showtimes (of one movie, or all) whose local date is `on_date`, or the cinema's local
    today when None, that have not started. `zone` is the cinema's time zone as an expression.
    The coarse UTC window keeps the (theater, starts_at) or (movie, starts_at) index in play; the
    local-date test makes the exact cut (zones run from UTC-12 to UTC+14)."""
    now = now or timezone.now()
    if on_date is None:
        window = (now - timedelta(days=1), now + timedelta(days=2))
        wanted = _local_date(zone, Now())
    else:
        midnight = datetime.combine(on_date, time.min, tzinfo=zoneinfo.ZoneInfo("UTC"))
        window = (midnight - timedelta(hours=15), midnight + timedelta(hours=39))
        wanted = Value(on_date, output_field=DateField())
    showtimes = Showtime.objects.filter(starts_at__gte=max(now, window[0]), starts_at__lt=window[1])
    if movie_id is not None:
        showtimes = showtimes.filter(movie_id=movie_id)
    return showtimes.alias(local_date=_local_date(zone, F("starts_at"))).filter(local_date=wanted)


def showtimes_prefetch(*, on_date: date | None = None, movie_id: int | None = None) -> Prefetch:
    """Each theater's showtimes (to_attr `listed_showtimes`) on `on_date` (default: its local
    today), not yet started, of one movie or all; the movie joined: one query for the page."""
    showtimes = (
        _showings(F("theater__timezone"), on_date=on_date, movie_id=movie_id)
        .select_related("movie")
        .only(*SHOWTIME_FIELDS, "movie__id", "movie__title", "movie__year")
        .order_by("starts_at", "id")
    )
    return Prefetch("showtimes", queryset=showtimes, to_attr="listed_showtimes")


def todays_showtimes() -> Prefetch:
    """Showtimes of the theater's local today that have not started yet."""
    return showtimes_prefetch()


def local_today(zone_name: str) -> date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone_name)).date()


def check_showtime_date(on_date: date | None, today: date) -> None:
    """A ValidationError on `date` unless `on_date` is within MAX_DAYS_AWAY days of `today`."""
    first, last = today - timedelta(days=MAX_DAYS_AWAY), today + timedelta(days=MAX_DAYS_AWAY)
    if on_date is not None and not first <= on_date <= last:
        raise ValidationError(
            {"date": [f"Give a date within {MAX_DAYS_AWAY} days of today: {first.isoformat()} to {last.isoformat()}."]}
        )


def theater_with_showtimes(theater_id: int, on_date: date | None = None) -> tuple[Theater, date]:
    """A theater and its showtimes (attribute `listed_showtimes`) on its local `on_date`
    (default its today), not yet started: 2 queries. Returns (theater, the date listed).
    A date more than MAX_DAYS_AWAY days from the cinema's today is a ValidationError."""
    theater = get_object_or_404(Theater, pk=theater_id)
    today = local_today(theater.timezone)
    check_showtime_date(on_date, today)
    listed = on_date or today
    showtimes = (
        _showings(Value(theater.timezone), on_date=listed)
        .filter(theater_id=theater.pk)
        .select_related("movie")
        .only(*SHOWTIME_FIELDS, "movie__id", "movie__title", "movie__year")
        .order_by("starts_at", "id")
    )
    theater.listed_showtimes = list(showtimes)
    for showtime in theater.listed_showtimes:
        showtime.theater = theater
    return theater, listed


def theaters_showing(
    movie_id: int,
    *,
    near: tuple[float, float] | None = None,
    radius_km: float = DEFAULT_RADIUS_KM,
    on_date: date | None = None,
) -> QuerySet[Theater]:
    """Theaters showing `movie_id` on `on_date` (each cinema's local date; default its today),
    with those showtimes (`listed_showtimes`): nearest first with `near`, else by city. A page
    costs the count, the theaters and their showtimes. A date more than MAX_DAYS_AWAY days from
    today (UTC) is a ValidationError."""
    check_showtime_date(on_date, timezone.now().date())
    showing = _showings(OuterRef("timezone"), on_date=on_date, movie_id=movie_id).filter(theater=OuterRef("pk"))
    theaters = theaters_near(*near, radius_km) if near else Theater.objects.order_by("city", "name", "id")
    return theaters.filter(Exists(showing)).prefetch_related(None).prefetch_related(
        showtimes_prefetch(on_date=on_date, movie_id=movie_id)
    )


def theaters_near(
    latitude: float, longitude: float, radius_km: float = DEFAULT_RADIUS_KM, *, method: str | None = None
) -> QuerySet[Theater]:
    """Theaters within `radius_km`, nearest first, annotated with `distance_km`."""
    within, distance = _within_and_distance(method or distance_method(), latitude, longitude, radius_km)
    return (
        Theater.objects.filter(within)
        .annotate(distance_km=Cast(distance, FloatField()))
        .order_by("distance_km", "id")
        .prefetch_related(todays_showtimes())
    )


def theater_list() -> QuerySet[Theater]:
    return Theater.objects.order_by("city", "name", "id").prefetch_related(todays_showtimes())
