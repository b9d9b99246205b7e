"""Accounts in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from iwm.admin_tools import NoCountPaginator
from social.models import User


class IwmUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("email", "username")


class IwmUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


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
