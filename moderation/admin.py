"""Moderation in the admin (the queue and its actions land with the moderation issue)."""

from django.contrib import admin

from moderation.models import AdminUserMeta


@admin.register(AdminUserMeta)
class AdminUserMetaAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "verification_status", "profile_type", "account_type", "updated_at"]
    list_filter = ["status", "verification_status", "profile_type", "account_type"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
