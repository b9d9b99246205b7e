"""Admin for reviews, their votes and comments (imported by movies/admin.py).

Reviews hold millions of rows, partitioned by year: changelists are newest first on an index,
never counted in full, and the "created" filter bounds the partition key (no date_hierarchy,
which would scan the whole table for the years it offers). Moderators change the status only,
through the services, so the movie's score and the review's counters follow. Votes are
read-only: they feed counters and change only through the API.
"""

from __future__ import annotations

from django.contrib import admin

from iwm.admin_tools import CreatedRecentlyFilter, NoCountPaginator
from movies.models import Review, ReviewComment, ReviewVote
from movies.services.reviews import review_comment_status_set, review_status_set
from social.admin import StatusActions


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class NumericIdSearchMixin:
    """A search that is a whole number finds that id (one primary-key probe per partition)."""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if term.isascii() and term.isdigit() and len(term) <= 18:
            return queryset.filter(pk=int(term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Review)
class ReviewAdmin(NumericIdSearchMixin, StatusActions, admin.ModelAdmin):
    list_display = ["id", "headline", "movie", "user", "rating", "status", "helpful_votes", "comment_count", "created_at"]
    list_filter = [CreatedRecentlyFilter, "status", "has_spoilers", "is_verified"]
    list_select_related = ["user", "movie"]
    search_fields = ["=user__username"]
    search_help_text = "A username or a review id."
    raw_id_fields = ["user", "movie"]
    ordering = ["-created_at", "-id"]
    show_full_result_count = False
    paginator = NoCountPaginator
    fields = [
        "user", "movie", "title", "content", "rating", "has_spoilers", "is_verified", "media_urls",
        "helpful_votes", "unhelpful_votes", "comment_count", "engagement_score",
        "created_at", "updated_at", "external_id", "status",
    ]  # fmt: skip
    readonly_fields = [name for name in fields if name != "status"]

    @admin.display(description="review")
    def headline(self, obj):
        return _short(obj.title or obj.content)

    def status_set(self, obj, status):
        review_status_set(review=obj, status=status)

    def has_add_permission(self, request):
        return False  # members write reviews (the movie's score and the one-per-movie rule come with it)

    def has_delete_permission(self, request, obj=None):
        return False  # moderators hide or remove; the author (or account deletion) deletes


@admin.register(ReviewComment)
class ReviewCommentAdmin(NumericIdSearchMixin, StatusActions, admin.ModelAdmin):
    list_display = ["id", "text", "user", "review_id", "parent_id", "status", "created_at"]
    list_filter = [CreatedRecentlyFilter, "status"]
    list_select_related = ["user"]
    search_fields = ["=user__username"]
    search_help_text = "A username or a comment id."
    raw_id_fields = ["user", "review", "parent"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = NoCountPaginator
    fields = ["review", "parent", "user", "content", "created_at", "status"]
    readonly_fields = ["review", "parent", "user", "content", "created_at"]

    @admin.display(description="text")
    def text(self, obj):
        return _short(obj.content)

    def status_set(self, obj, status):
        review_comment_status_set(comment=obj, status=status)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # hiding keeps the review's comment_count right; deleting would not


@admin.register(ReviewVote)
class ReviewVoteAdmin(admin.ModelAdmin):
    """Read-only: votes feed the reviews' counters, so they change only through the API."""

    list_display = ["user", "helpful", "review_id", "created_at"]
    list_filter = ["helpful"]
    list_select_related = ["user"]
    search_fields = ["=user__username"]
    raw_id_fields = ["user", "review"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
