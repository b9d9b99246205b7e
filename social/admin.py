"""Accounts, notifications and members' settings in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    ReadOnlyPasswordHashField,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
    UserCreationForm,
)

from iwm.admin_tools import CreatedRecentlyFilter, NoCountPaginator
from social.models import Notification, NotificationPreference, User, UserSettings


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
    list_display = ["username", "email", "name", "is_staff", "is_active", "created_at"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["username", "email", "name", "=external_id"]
    ordering = ["-created_at"]
    readonly_fields = ["external_id", "created_at", "updated_at", "last_login"]
    show_full_result_count = False
    paginator = NoCountPaginator
    fieldsets = [
        (None, {"fields": ["email", "username", "password"]}),
        ("Profile", {"fields": ["name", "avatar_url", "bio", "location", "website"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Record", {"fields": ["external_id", "last_login", "created_at", "updated_at"]}),
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
