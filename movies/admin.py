"""Admin for the catalog: what moderators and editors use to curate movies, people and offers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, F, Q

from iwm.admin_tools import NoCountPaginator
from movies.selectors import search
from movies.models import (
    Genre,
    Movie,
    MovieCredit,
    MovieGenre,
    MovieStreamingOption,
    Person,
    Scene,
    SceneGenre,
    Showtime,
    StreamingPlatform,
    Theater,
)


class NullsLast(F):
    """An admin column's ordering that keeps empty values last in both directions (the
    changelist calls .asc() / .desc() on it when a header is clicked)."""

    def asc(self, **kwargs):
        return super().asc(nulls_last=True)

    def desc(self, **kwargs):
        return super().desc(nulls_last=True)


class CatalogSearchMixin:
    """The admin's search box runs the API's search (movies.selectors.search): typo-tolerant,
    accent-insensitive, original titles included ("godfater", "amelie", "千と千尋"), OR'd with
    the exact lookups of `search_fields` (external and IMDb ids)."""

    matching = None  # staticmethod(selector): query -> queryset of the matching rows

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        exact, may_have_duplicates = super().get_search_results(request, queryset, term)
        if len(term) < search.MIN_QUERY_LENGTH or len(term) > search.MAX_QUERY_LENGTH:
            return exact, may_have_duplicates
        matches = self.matching(term).values("pk")
        return queryset.filter(Q(pk__in=exact.values("pk")) | Q(pk__in=matches)), False


class DecadeFilter(admin.SimpleListFilter):
    title = "decade"
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        return [(str(decade), f"{decade}s") for decade in range(2020, 1910, -10)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            start = int(self.value())
            return queryset.filter(year__gte=start, year__lt=start + 10)
        return queryset


class HasEmbeddingFilter(admin.SimpleListFilter):
    title = "plot embedding"
    parameter_name = "embedded"

    def lookups(self, request, model_admin):
        return [("yes", "Embedded"), ("no", "Not embedded")]

    def queryset(self, request, queryset):
        from iwm.db.features import has_extension

        if self.value() not in {"yes", "no"} or not has_extension("vector"):
            return queryset
        return queryset.filter(embedding__isnull=self.value() == "no")


class JoinedInline(admin.TabularInline):
    """An inline whose rows' titles (__str__) read related rows: joined in the inline's query."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)


class MovieGenreInline(JoinedInline):
    model = MovieGenre
    extra = 0
    autocomplete_fields = ["genre"]
    select_related = ("movie", "genre")


class MovieCreditInline(JoinedInline):
    model = MovieCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "character_name", "billing_order"]
    ordering = ["role", "billing_order"]
    select_related = ("movie", "person")


class MovieStreamingOptionInline(JoinedInline):
    model = MovieStreamingOption
    extra = 0
    autocomplete_fields = ["platform"]
    fields = ["platform", "region", "type", "price", "currency", "quality", "url", "verified", "last_checked_at"]
    select_related = ("movie", "platform")


class SceneInline(admin.StackedInline):
    model = Scene
    extra = 0
    autocomplete_fields = ["director", "cinematographer"]
    fields = ["external_id", "title", "scene_type", "duration_seconds", "description", "is_popular", "is_visual_treat"]
    show_change_link = True


@admin.register(Movie)
class MovieAdmin(CatalogSearchMixin, admin.ModelAdmin):
    list_display = ["sortable_title", "released", "status", "rating", "language", "country", "siddu_score", "imdb_rating"]
    list_filter = ["status", "rating", DecadeFilter, "genres", HasEmbeddingFilter]
    search_fields = ["=external_id", "=imdb_id"]  # and the catalog search (CatalogSearchMixin)
    search_help_text = "Title or original title (typos and accents forgiven), external id or IMDb id."
    matching = staticmethod(search.matching_movies)
    readonly_fields = ["created_at", "updated_at", "review_count"]
    date_hierarchy = "release_date"
    inlines = [MovieGenreInline, MovieCreditInline, MovieStreamingOptionInline, SceneInline]
    show_full_result_count = False
    paginator = NoCountPaginator
    actions = ["recompute_embeddings"]
    fieldsets = [
        (None, {"fields": ["external_id", "imdb_id", "title", "original_title", "tagline", "status"]}),
        ("Release", {"fields": ["year", "release_date", "runtime", "rating", "language", "country"]}),
        ("Scores", {"fields": ["siddu_score", "critics_score", "imdb_rating", "rotten_tomatoes_score", "review_count"]}),
        ("Story and media", {"fields": ["overview", "poster_url", "backdrop_url", "trivia", "timeline"]}),
        ("Money (US dollars)", {"fields": ["budget", "revenue"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="title", ordering="title_sort")
    def sortable_title(self, movie):
        return movie.title

    @admin.display(description="released", ordering=NullsLast("release_date"))
    def released(self, movie):
        return movie.release_date or movie.year

    @admin.action(description="Recompute plot embeddings for the whole catalog (background job)")
    def recompute_embeddings(self, request, queryset):
        from movies.tasks import refresh_movie_embeddings

        refresh_movie_embeddings.delay()
        self.message_user(request, "Embedding job queued; 'similar movies' updates when it finishes.", messages.INFO)


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "movie_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(movie_count=Count("movie_genres"))

    @admin.display(ordering="movie_count", description="movies")
    def movie_count(self, genre):
        return genre.movie_count


class PersonCreditInline(JoinedInline):
    model = MovieCredit
    extra = 0
    autocomplete_fields = ["movie"]
    fields = ["movie", "role", "character_name", "billing_order"]
    verbose_name_plural = "filmography"
    select_related = ("movie", "person")


@admin.register(Person)
class PersonAdmin(CatalogSearchMixin, admin.ModelAdmin):
    list_display = ["sortable_name", "known_for", "birth_date", "imdb_id"]
    list_filter = ["known_for"]
    search_fields = ["=external_id", "=imdb_id"]  # and the catalog search (CatalogSearchMixin)
    search_help_text = "Name (typos and accents forgiven), external id or IMDb id."
    matching = staticmethod(search.matching_people)
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PersonCreditInline]
    show_full_result_count = False
    paginator = NoCountPaginator

    @admin.display(description="name", ordering="name_sort")
    def sortable_name(self, person):
        return person.name


@admin.register(MovieCredit)
class MovieCreditAdmin(admin.ModelAdmin):
    list_display = ["__str__", "movie", "person", "role", "character_name", "billing_order"]
    list_filter = ["role"]
    list_select_related = ["movie", "person"]
    search_fields = ["movie__title", "person__name", "character_name"]
    autocomplete_fields = ["movie", "person"]
    show_full_result_count = False
    paginator = NoCountPaginator


class SceneGenreInline(JoinedInline):
    model = SceneGenre
    extra = 0
    autocomplete_fields = ["genre"]
    select_related = ("scene", "genre")


@admin.register(Scene)
class SceneAdmin(admin.ModelAdmin):
    list_display = ["title", "movie", "scene_type", "duration_seconds", "view_count", "is_popular", "is_visual_treat"]
    list_filter = ["scene_type", "is_popular", "is_visual_treat"]
    list_select_related = ["movie"]
    search_fields = ["title", "movie__title", "=external_id"]
    autocomplete_fields = ["movie", "director", "cinematographer"]
    inlines = [SceneGenreInline]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(StreamingPlatform)
class StreamingPlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website_url"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MovieStreamingOption)
class MovieStreamingOptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "movie", "platform", "region", "type", "price", "currency", "quality", "verified"]
    list_filter = ["platform", "region", "type", "quality", "verified"]
    list_select_related = ["movie", "platform"]
    search_fields = ["movie__title", "platform__name"]
    autocomplete_fields = ["movie", "platform"]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(Theater)
class TheaterAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "city", "country", "timezone"]
    list_filter = ["country", "city", "chain"]
    search_fields = ["name", "city", "chain", "=external_id"]


@admin.register(Showtime)
class ShowtimeAdmin(admin.ModelAdmin):
    list_display = ["movie", "theater", "local_time", "format", "price", "currency"]
    list_filter = ["format", "theater__city"]
    list_select_related = ["movie", "theater"]
    search_fields = ["movie__title", "theater__name"]
    autocomplete_fields = ["movie", "theater"]
    readonly_fields = ["local_time"]
    fields = ["theater", "movie", "starts_at", "local_time", "format", "price", "currency"]
    date_hierarchy = "starts_at"
    show_full_result_count = False
    paginator = NoCountPaginator

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("movie", "theater")

    @admin.display(description="starts (cinema's local time)", ordering="starts_at")
    def local_time(self, showtime):
        """The start on the cinema's clock, with its zone: "2026-11-27 19:00 GMT (Europe/London)"."""
        if showtime.pk is None or showtime.starts_at is None:
            return "-"
        return f"{showtime.local_starts_at:%Y-%m-%d %H:%M %Z} ({showtime.theater.timezone})"


# Members' lists: collections, collection follows, watchlist, favorites.
from movies import admin_lists  # noqa: E402,F401
# Reviews, votes and comments (issue 7).
from movies import admin_reviews  # noqa: E402, F401
