"""Output shapes of the catalog endpoints, and the shapes of their query parameters."""

from __future__ import annotations

import math
import re
import zoneinfo

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from iwm.api.params import StrictIntegerField
from movies import codes
from movies.models import Genre, Movie, MovieCredit, MovieStreamingOption, Person, Scene, Showtime, Theater
from movies.selectors.catalog import group_by_role, group_offers_by_region
from movies.selectors.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH
from movies.selectors.similar import DEFAULT_LIMIT, MAX_LIMIT
from movies.selectors.theaters import DEFAULT_RADIUS_KM, MAX_DAYS_AWAY, MAX_RADIUS_KM


MOVIE_REF = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "year": {"type": "integer", "nullable": True}},
}


def movie_ref(movie) -> dict:
    return {"id": movie.id, "title": movie.title, "year": movie.year}


class GenreOutput(serializers.ModelSerializer):
    class Meta:
        model = Genre
        fields = ["slug", "name"]


class MovieSummaryOutput(serializers.ModelSerializer):
    genres = GenreOutput(many=True, read_only=True)

    class Meta:
        model = Movie
        fields = [
            "id", "external_id", "imdb_id", "title", "year", "release_date", "runtime", "rating", "language",
            "country", "status", "siddu_score", "imdb_rating", "rotten_tomatoes_score", "review_count", "poster_url",
            "genres",
        ]  # fmt: skip


class PersonRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "image_url"]


class CreditOutput(serializers.ModelSerializer):
    person = PersonRefOutput(read_only=True)

    class Meta:
        model = MovieCredit
        fields = ["person", "character_name", "billing_order"]


class SceneOutput(serializers.ModelSerializer):
    class Meta:
        model = Scene
        fields = [
            "id", "external_id", "title", "description", "thumbnail_url", "duration_seconds", "scene_type",
            "view_count", "comment_count", "is_popular", "is_visual_treat",
        ]  # fmt: skip


class PlatformOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    logo_url = serializers.CharField()
    website_url = serializers.CharField()


class OfferOutput(serializers.ModelSerializer):
    platform = PlatformOutput(read_only=True)

    class Meta:
        model = MovieStreamingOption
        fields = ["platform", "region", "type", "price", "currency", "quality", "url", "verified", "last_checked_at"]


def grouped_representation(child: serializers.Serializer, groups) -> dict[str, list]:
    """{key: [row, ...]} for groups of objects, all through one serializer instance: building a
    (model) serializer is the costly part (its fields are introspected on construction), so a
    detail with 7 roles and 10 regions builds 2 serializers instead of 17."""
    return {key: [child.to_representation(item) for item in items] for key, items in groups.items()}


class AwardCountsOutput(serializers.Serializer):
    wins = serializers.IntegerField(help_text="Ceremony nominations won.")
    nominations = serializers.IntegerField(help_text="Ceremony nominations, won or not.")
    festival_wins = serializers.IntegerField(help_text="Festival prizes.")


class MovieDetailOutput(MovieSummaryOutput):
    awards = AwardCountsOutput(source="award_counts", read_only=True, help_text="Details: /movies/{id}/awards/.")
    credits = serializers.SerializerMethodField()
    scenes = SceneOutput(many=True, read_only=True)
    streaming = serializers.SerializerMethodField()

    class Meta(MovieSummaryOutput.Meta):
        fields = [
            *MovieSummaryOutput.Meta.fields, "original_title", "tagline", "overview", "backdrop_url", "critics_score",
            "budget", "revenue", "trivia", "timeline", "awards", "credits", "scenes", "streaming", "created_at", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.DictField(child=CreditOutput(many=True), help_text="Credits by role."))
    def get_credits(self, movie):
        by_role = group_by_role(movie.credits.all())
        return grouped_representation(CreditOutput(context=self.context), by_role)

    @extend_schema_field(serializers.DictField(child=OfferOutput(many=True), help_text="Offers by region code."))
    def get_streaming(self, movie):
        by_region = group_offers_by_region(movie.streaming_options.all())
        return grouped_representation(OfferOutput(context=self.context), by_region)


class SimilarMovieOutput(MovieSummaryOutput):
    similarity = serializers.SerializerMethodField(help_text="Cosine similarity (method: embedding), else null.")
    shared_score = serializers.SerializerMethodField(
        help_text="Weighted count of shared genres and people (method: shared-genres-and-credits), else null."
    )

    class Meta(MovieSummaryOutput.Meta):
        fields = [*MovieSummaryOutput.Meta.fields, "similarity", "shared_score"]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_similarity(self, movie):
        return getattr(movie, "similarity", None)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_shared_score(self, movie):
        return getattr(movie, "shared_score", None)


class SimilarOutput(serializers.Serializer):
    method = serializers.ChoiceField(choices=["embedding", "shared-genres-and-credits"])
    results = SimilarMovieOutput(many=True)


class WatchOutput(serializers.Serializer):
    movie_id = serializers.IntegerField()
    title = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    regions = serializers.DictField(child=OfferOutput(many=True))


class PersonSummaryOutput(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "external_id", "imdb_id", "name", "image_url", "birth_date", "known_for"]


class FilmographyEntryOutput(serializers.Serializer):
    movie = serializers.SerializerMethodField()
    character_name = serializers.CharField()
    billing_order = serializers.IntegerField()

    @extend_schema_field(MOVIE_REF)
    def get_movie(self, credit):
        return movie_ref(credit.movie)


class PersonDetailOutput(PersonSummaryOutput):
    awards = AwardCountsOutput(source="award_counts", read_only=True, help_text="Details: /people/{id}/awards/.")
    filmography = serializers.SerializerMethodField()

    class Meta(PersonSummaryOutput.Meta):
        fields = [*PersonSummaryOutput.Meta.fields, "bio", "awards", "filmography"]

    @extend_schema_field(
        serializers.DictField(child=FilmographyEntryOutput(many=True), help_text="Credits by role, newest first.")
    )
    def get_filmography(self, person):
        by_role = group_by_role(person.credits.all())
        return grouped_representation(FilmographyEntryOutput(context=self.context), by_role)


class SearchHitOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=["movie", "person"], source="kind")
    id = serializers.IntegerField()
    name = serializers.CharField(source="label", help_text="Movie title or person name.")
    year = serializers.IntegerField(source="detail", allow_null=True, help_text="Movies only.")
    score = serializers.FloatField()


class MovieAutocompleteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


class PersonAutocompleteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    known_for = serializers.CharField()


class ShowingOutput(serializers.Serializer):
    """A showtime without its movie (the movie is the listing's subject)."""

    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField(help_text="UTC.")
    starts_at_local = serializers.SerializerMethodField(help_text="The same moment on the cinema's clock, with offset.")
    format = serializers.CharField()
    price = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    currency = serializers.CharField()

    @extend_schema_field(serializers.DateTimeField())
    def get_starts_at_local(self, showtime) -> str:
        return showtime.starts_at.astimezone(zoneinfo.ZoneInfo(showtime.theater.timezone)).isoformat()


class ShowtimeOutput(ShowingOutput):
    movie = serializers.SerializerMethodField()

    @extend_schema_field(MOVIE_REF)
    def get_movie(self, showtime):
        return movie_ref(showtime.movie)


THEATER_FIELDS = ["id", "external_id", "name", "chain", "address", "city", "country", "timezone", "latitude", "longitude"]


class DistanceMixin(serializers.Serializer):
    distance_km = serializers.SerializerMethodField()

    @extend_schema_field(serializers.FloatField(allow_null=True, help_text="Only with ?near=."))
    def get_distance_km(self, theater):
        distance = getattr(theater, "distance_km", None)
        return None if distance is None else round(distance, 3)


class TheaterOutput(DistanceMixin, serializers.ModelSerializer):
    showtimes_today = ShowtimeOutput(
        many=True, read_only=True, source="listed_showtimes", help_text="Today's showings not started yet."
    )

    class Meta:
        model = Theater
        fields = [*THEATER_FIELDS, "distance_km", "showtimes_today"]


class TheaterDetailOutput(serializers.ModelSerializer):
    date = serializers.DateField(help_text="The cinema's local date listed.")
    showtimes = ShowtimeOutput(many=True, read_only=True, source="listed_showtimes")

    class Meta:
        model = Theater
        fields = [*THEATER_FIELDS, "date", "showtimes"]


class TheaterShowingOutput(DistanceMixin, serializers.ModelSerializer):
    """A theater showing the movie, with those showings (the movie's only)."""

    date = serializers.SerializerMethodField(help_text="The cinema's local date listed.")
    showtimes = ShowingOutput(many=True, read_only=True, source="listed_showtimes")

    class Meta:
        model = Theater
        fields = [*THEATER_FIELDS, "distance_km", "date", "showtimes"]

    @extend_schema_field(serializers.DateField())
    def get_date(self, theater) -> str:
        from movies.selectors.theaters import local_today

        return (self.context.get("date") or local_today(theater.timezone)).isoformat()


# --- discovery ----------------------------------------------------------------------------------


class GenreListOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    movie_count = serializers.IntegerField()


class PlatformListOutput(PlatformOutput):
    regions = serializers.ListField(
        child=serializers.CharField(), help_text="Region codes where the catalog has offers on this platform."
    )


class CodeCountOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="English name.")
    movie_count = serializers.IntegerField()


# --- query parameters ---------------------------------------------------------------------------


class SearchParams(serializers.Serializer):
    q = serializers.CharField(min_length=MIN_QUERY_LENGTH, max_length=MAX_QUERY_LENGTH, trim_whitespace=True)


class SimilarParams(serializers.Serializer):
    limit = StrictIntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)


class CodeField(serializers.CharField):
    """A country, language or region code through one of movies.codes' readers (any case).
    Given empty (`?region=`), it is not given."""

    def __init__(self, *, read, **kwargs):
        self.read = read
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return self.read(value)
        except codes.UnknownValue as exc:
            raise serializers.ValidationError(str(exc)) from None


class WatchParams(serializers.Serializer):
    region = CodeField(
        read=codes.region_code, required=False, help_text="Region code, any case. GET /api/v1/regions/ lists them."
    )


class PlatformParams(serializers.Serializer):
    region = CodeField(
        read=codes.region_code, required=False, help_text="Only platforms with offers in this region (any case)."
    )


class LocalDateField(serializers.DateField):
    """YYYY-MM-DD with the digits 0-9 (Python's fromisoformat also takes 20261127 and others)."""

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


DATE_HELP = (
    f"YYYY-MM-DD on the cinema's own calendar; default its today. At most {MAX_DAYS_AWAY} days from today. "
    "Showings that have already started are left out."
)


class ShowtimeDateParams(serializers.Serializer):
    date = LocalDateField(required=False, help_text=DATE_HELP)


class TheaterParams(serializers.Serializer):
    near = serializers.CharField(
        required=False, allow_blank=True, help_text="LAT,LON in decimal degrees, e.g. 51.5072,-0.1276"
    )
    radius_km = serializers.FloatField(min_value=0.1, max_value=MAX_RADIUS_KM, default=DEFAULT_RADIUS_KM)

    def validate_radius_km(self, value: float) -> float:
        if not math.isfinite(value):
            raise serializers.ValidationError("A number of kilometres is required.")
        return value

    def validate_near(self, value: str) -> tuple[float, float] | None:
        if not value:
            return None  # `?near=` with nothing: no point, all theaters
        parts = value.split(",")
        try:
            if len(parts) != 2:
                raise ValueError
            latitude, longitude = float(parts[0]), float(parts[1])
            if not (math.isfinite(latitude) and math.isfinite(longitude)):
                raise ValueError
        except ValueError:
            raise serializers.ValidationError("Give LAT,LON in decimal degrees, e.g. 51.5072,-0.1276.") from None
        if not (-90 <= latitude <= 90) or not (-180 <= longitude <= 180):
            raise serializers.ValidationError("Latitude must be within -90..90 and longitude within -180..180.")
        return latitude, longitude


class MovieShowtimesParams(TheaterParams):
    date = LocalDateField(required=False, help_text=DATE_HELP)
