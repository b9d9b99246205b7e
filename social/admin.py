"""Accounts, notifications, members' settings, follows, pulses and trending topics in the admin."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    ReadOnlyPasswordHashField,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
    UserCreationForm,
)

from iwm.admin_tools import CreatedRecentlyFilter, NoCountPaginator
from social import services
from social.models import (
    ContentStatus,
    Follow,
    Notification,
    NotificationPreference,
    Pulse,
    PulseComment,
    PulseReaction,
    TrendingTopic,
    User,
    UserSettings,
)
from social.text import is_tag, normalise_tag


class IwmUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("email", "username")


class IwmUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """The password's algorithm and salt summary without the "Reset password" button."""

    template_name = "social/widgets/password_summary.html"


class IwmUserViewForm(IwmUserChangeForm):
    """The change form as someone who may only view users sees it: no password-reset link they
    could not follow (the password view refuses them)."""

    password = ReadOnlyPasswordHashField(
        label="Password",
        help_text="Raw passwords are not stored, so there is no way to see the user’s password.",
        widget=PasswordSummaryWidget,
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = IwmUserChangeForm
    add_form = IwmUserCreationForm
    list_display = ["username", "email", "name", "is_staff", "is_active", "followers_count", "created_at"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["username", "email", "name", "=external_id"]
    ordering = ["-created_at"]
    readonly_fields = ["external_id", "followers_count", "following_count", "created_at", "updated_at", "last_login"]
    show_full_result_count = False
    paginator = NoCountPaginator
    fieldsets = [
        (None, {"fields": ["email", "username", "password"]}),
        ("Profile", {"fields": ["name", "avatar_url", "bio", "location", "website"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Record", {"fields": ["external_id", "followers_count", "following_count", "last_login", "created_at", "updated_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "username", "password1", "password2"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not self.has_change_permission(request, obj):
            kwargs["form"] = IwmUserViewForm
        return super().get_form(request, obj, **kwargs)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Millions of rows, partitioned by month: newest first by id (each partition's primary key
    index), no full count, filters that bound the partition key or use the type."""

    list_display = ["title", "type", "user", "actor", "is_read", "created_at"]
    list_filter = [CreatedRecentlyFilter, "type", "is_read"]
    list_select_related = ["user", "actor"]
    search_fields = ["=user__username", "=user__email"]
    raw_id_fields = ["user", "actor"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(UserSettings)
class UserSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["=user__username", "=user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["updated_at"]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(UserSettingsAdmin):
    pass


# --- the social graph, pulses, trending -------------------------------------------------------------


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Follows are made by members; a moderator may look, and an admin may delete one (the
    counters follow through social.services.follow_delete)."""

    list_display = ["follower", "following", "created_at"]
    list_select_related = ["follower", "following"]
    search_fields = ["=follower__username", "=following__username"]
    raw_id_fields = ["follower", "following"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.follow_delete(follower=obj.follower, following=obj.following)

    def delete_queryset(self, request, queryset):
        for follow in queryset.select_related("follower", "following"):
            services.follow_delete(follower=follow.follower, following=follow.following)


class StatusActions:
    """Moderation actions shared by pulses and comments: set the status through the service."""

    actions = ["make_visible", "make_hidden", "make_removed"]

    def _set_status(self, request, queryset, status: str) -> None:
        for row in queryset:
            self.status_set(row, status)
        self.message_user(request, f"{len(queryset)} set to {status}.", messages.SUCCESS)

    @admin.action(description="Make visible", permissions=["change"])
    def make_visible(self, request, queryset):
        self._set_status(request, queryset, ContentStatus.VISIBLE)

    @admin.action(description="Hide", permissions=["change"])
    def make_hidden(self, request, queryset):
        self._set_status(request, queryset, ContentStatus.HIDDEN)

    @admin.action(description="Remove", permissions=["change"])
    def make_removed(self, request, queryset):
        self._set_status(request, queryset, ContentStatus.REMOVED)

    def save_model(self, request, obj, form, change):
        # Only the status is editable; it goes through the service (comment counts follow it).
        if change and "status" in form.changed_data:
            self.status_set(obj, obj.status)


@admin.register(Pulse)
class PulseAdmin(StatusActions, admin.ModelAdmin):
    """Millions of rows, partitioned by month: newest first by id, no full count, the
    "created" filter bounds the partition key. Search: a username, `#tag`, or a pulse id.
    Moderators change the status only."""

    list_display = ["id", "text", "user", "status", "reactions_total", "comments_count", "created_at"]
    list_filter = [CreatedRecentlyFilter, "status", "linked_type"]
    list_select_related = ["user"]
    search_fields = ["=user__username"]
    search_help_text = "A username, a #hashtag, or a pulse id."
    raw_id_fields = ["user", "linked_movie"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = NoCountPaginator
    fields = [
        "user", "content_text", "content_media", "hashtags", "linked_type", "linked_movie",
        "reactions", "reactions_total", "comments_count", "shares_count",
        "created_at", "edited_at", "external_id", "status",
    ]  # fmt: skip
    readonly_fields = [name for name in fields if name != "status"]

    @admin.display(description="text")
    def text(self, obj):
        return _short(obj.content_text or "(media)")

    def status_set(self, obj, status):
        services.pulse_status_set(pulse=obj, status=status)

    def has_add_permission(self, request):
        return False  # members post pulses (hashtags, mentions and counters come with it)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if term.startswith("#") and is_tag(normalise_tag(term)):
            return queryset.filter(hashtags__contains=[normalise_tag(term)]), False
        if term.isascii() and term.isdigit() and len(term) <= 18:
            return queryset.filter(pk=int(term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(PulseComment)
class PulseCommentAdmin(StatusActions, admin.ModelAdmin):
    list_display = ["id", "text", "user", "pulse_id", "status", "created_at"]
    list_filter = [CreatedRecentlyFilter, "status"]
    list_select_related = ["user"]
    search_fields = ["=user__username"]
    raw_id_fields = ["user", "pulse"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = NoCountPaginator
    fields = ["pulse", "user", "content", "created_at", "status"]
    readonly_fields = ["pulse", "user", "content", "created_at"]

    @admin.display(description="text")
    def text(self, obj):
        return _short(obj.content)

    def status_set(self, obj, status):
        services.pulse_comment_status_set(comment=obj, status=status)

    def has_add_permission(self, request):
        return False


@admin.register(PulseReaction)
class PulseReactionAdmin(admin.ModelAdmin):
    """Read-only: reactions feed the pulses' counters, so they change only through the API."""

    list_display = ["user", "kind", "pulse_id", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["=user__username"]
    raw_id_fields = ["user", "pulse"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrendingTopic)
class TrendingTopicAdmin(admin.ModelAdmin):
    """Computed from pulses (social.services.trending_topics_refresh): read-only, with an
    action that recomputes every window now."""

    list_display = ["tag", "category", "window_label", "count", "computed_at"]
    list_filter = ["window_label", "category"]
    search_fields = ["tag"]
    ordering = ["window_label", "-count", "tag"]
    actions = ["recompute"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Recompute every window now", permissions=["view"])
    def recompute(self, request, queryset):
        stored = services.trending_topics_refresh()
        self.message_user(request, "Recomputed: " + ", ".join(f"{w}: {n}" for w, n in stored.items()), messages.SUCCESS)
