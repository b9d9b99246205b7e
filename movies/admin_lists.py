"""Admin of members' lists: collections (with their films), collection follows, watchlist
entries and favorites. Imported by movies/admin.py.

Counters and positions belong to the services: a collection's `followers` is read-only, follows
are view-only (adding or removing one here would leave the counter wrong), and a collection's
films show their position read-only (their notes may be edited). Every list opens without a
full count and with its related rows joined; users, films, people and scenes are picked by
autocomplete or raw id.
"""

from __future__ import annotations

from django.contrib import admin

from iwm.admin_tools import NoCountPaginator
from movies.models import Collection, CollectionFollow, CollectionMovie, Favorite, WatchlistEntry


class CollectionMovieInline(admin.TabularInline):
    model = CollectionMovie
    extra = 0
    fields = ["position", "movie", "note", "added_at"]
    readonly_fields = ["position", "movie", "added_at"]
    can_delete = False
    ordering = ["position"]
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("movie")


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "is_public", "followers", "updated_at"]
    list_filter = ["is_public"]
    list_select_related = ["owner"]
    search_fields = ["title", "owner__username", "=external_id"]
    raw_id_fields = ["owner"]
    readonly_fields = ["followers", "created_at", "updated_at"]
    inlines = [CollectionMovieInline]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(CollectionMovie)
class CollectionMovieAdmin(admin.ModelAdmin):
    list_display = ["collection", "position", "movie", "added_at"]
    list_select_related = ["collection", "movie"]
    list_filter = ["collection__is_public"]
    search_fields = ["collection__title", "movie__title"]
    raw_id_fields = ["collection", "movie"]
    readonly_fields = ["collection", "movie", "position", "added_at"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_add_permission(self, request) -> bool:
        return False  # positions run 1..n: films are added through the API


@admin.register(CollectionFollow)
class CollectionFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "collection", "created_at"]
    list_select_related = ["user", "collection"]
    list_filter = ["collection__is_public"]
    search_fields = ["user__username", "collection__title"]
    raw_id_fields = ["user", "collection"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WatchlistEntry)
class WatchlistEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "movie", "status", "priority", "progress", "date_added"]
    list_filter = ["status", "priority"]
    list_select_related = ["user", "movie"]
    search_fields = ["user__username", "movie__title"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["movie"]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(Favorite)
class FavoriteAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "movie", "person", "scene", "added_date"]
    list_filter = ["type"]
    list_select_related = ["user", "movie", "person", "scene"]
    search_fields = ["user__username", "movie__title", "person__name", "scene__title"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["movie", "person", "scene"]
    show_full_result_count = False
    paginator = NoCountPaginator
