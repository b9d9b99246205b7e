"""Admin for the catalog: what moderators and editors use to curate movies, people and offers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count

from iwm.admin_tools import NoCountPaginator
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


class MovieGenreInline(admin.TabularInline):
    model = MovieGenre
    extra = 0
    autocomplete_fields = ["genre"]


class MovieCreditInline(admin.TabularInline):
    model = MovieCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "character_name", "billing_order"]
    ordering = ["role", "billing_order"]


class MovieStreamingOptionInline(admin.TabularInline):
    model = MovieStreamingOption
    extra = 0
    autocomplete_fields = ["platform"]
    fields = ["platform", "region", "type", "price", "currency", "quality", "url", "verified", "last_checked_at"]


class SceneInline(admin.StackedInline):
    model = Scene
    extra = 0
    autocomplete_fields = ["director", "cinematographer"]
    fields = ["external_id", "title", "scene_type", "duration_seconds", "description", "is_popular", "is_visual_treat"]
    show_change_link = True


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status", "rating", "language", "country", "siddu_score", "imdb_rating"]
    list_filter = ["status", "rating", DecadeFilter, "genres", HasEmbeddingFilter]
    search_fields = ["title", "original_title", "=external_id"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "release_date"
    inlines = [MovieGenreInline, MovieCreditInline, MovieStreamingOptionInline, SceneInline]
    show_full_result_count = False
    paginator = NoCountPaginator
    actions = ["recompute_embeddings"]
    fieldsets = [
        (None, {"fields": ["external_id", "title", "original_title", "tagline", "status"]}),
        ("Release", {"fields": ["year", "release_date", "runtime", "rating", "language", "country"]}),
        ("Scores", {"fields": ["siddu_score", "critics_score", "imdb_rating", "rotten_tomatoes_score"]}),
        ("Story and media", {"fields": ["overview", "poster_url", "backdrop_url", "trivia", "timeline"]}),
        ("Money (US dollars)", {"fields": ["budget", "revenue"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

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


class PersonCreditInline(admin.TabularInline):
    model = MovieCredit
    extra = 0
    autocomplete_fields = ["movie"]
    fields = ["movie", "role", "character_name", "billing_order"]
    verbose_name_plural = "filmography"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "known_for", "birth_date"]
    list_filter = ["known_for"]
    search_fields = ["name", "=external_id"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PersonCreditInline]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(MovieCredit)
class MovieCreditAdmin(admin.ModelAdmin):
    list_display = ["movie", "person", "role", "character_name", "billing_order"]
    list_filter = ["role"]
    list_select_related = ["movie", "person"]
    search_fields = ["movie__title", "person__name", "character_name"]
    autocomplete_fields = ["movie", "person"]
    show_full_result_count = False
    paginator = NoCountPaginator


class SceneGenreInline(admin.TabularInline):
    model = SceneGenre
    extra = 0
    autocomplete_fields = ["genre"]


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
    list_display = ["movie", "platform", "region", "type", "price", "currency", "quality", "verified"]
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
    list_display = ["movie", "theater", "starts_at", "format", "price", "currency"]
    list_filter = ["format", "theater__city"]
    list_select_related = ["movie", "theater"]
    search_fields = ["movie__title", "theater__name"]
    autocomplete_fields = ["movie", "theater"]
    date_hierarchy = "starts_at"
    show_full_result_count = False
    paginator = NoCountPaginator
