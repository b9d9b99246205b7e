"""Theaters near a point, nearest first, each with its showtimes for its own local today.

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
from datetime import timedelta

from django.db.models import BooleanField, DateField, DateTimeField, F, FloatField, Func, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Now
from django.utils import timezone

from iwm.db.features import has_extension
from movies.models import Showtime, Theater

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 500.0
METHODS = ("postgis", "earthdistance", "haversine")


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


def todays_showtimes() -> Prefetch:
    """Showtimes whose start falls on the theater's local today. The coarse UTC window keeps
    the (theater, starts_at) index in play; the local-date test does the exact cut."""
    local_date = Cast(
        Func(F("theater__timezone"), F("starts_at"), function="timezone", output_field=DateTimeField()),
        DateField(),
    )
    local_today = Cast(
        Func(F("theater__timezone"), Now(), function="timezone", output_field=DateTimeField()), DateField()
    )
    now = timezone.now()
    showtimes = (
        Showtime.objects.filter(starts_at__gte=now - timedelta(days=1), starts_at__lt=now + timedelta(days=2))
        .alias(local_date=local_date, local_today=local_today)
        .filter(local_date=F("local_today"))
        .select_related("movie")
        .only("id", "theater_id", "starts_at", "format", "price", "currency", "movie__id", "movie__title", "movie__year")
        .order_by("starts_at", "id")
    )
    return Prefetch("showtimes", queryset=showtimes, to_attr="todays_showtimes")


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
