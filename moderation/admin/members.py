"""Members' records (admin_user_meta): their own page, and inline on the member's admin page.

Moderators cannot change users (no passwords, no permissions): on the user page they see the
record read-only with a link to its own page, where they edit it."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from iwm.admin_tools import NoCountPaginator
from moderation.models import AdminUserMeta
from social.admin import UserAdmin as SocialUserAdmin
from social.models import User


@admin.register(AdminUserMeta)
class AdminUserMetaAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "suspended_until", "verification_status", "profile_type", "account_type", "updated_at"]
    list_filter = ["status", "verification_status", "profile_type", "account_type"]
    list_select_related = ["user"]
    search_fields = ["=user__username", "=user__email"]
    autocomplete_fields = ["user"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class AdminUserMetaInline(admin.StackedInline):
    model = AdminUserMeta
    can_delete = False
    extra = 0
    max_num = 1
    fields = ["status", "suspended_until", "verification_status", "profile_type", "account_type", "roles",
              "phone_number", "location", "notes", "edit_link"]  # fmt: skip
    readonly_fields = ["edit_link"]

    @admin.display(description="edit")
    def edit_link(self, meta):
        if not meta or not meta.pk:
            return ""
        return format_html('<a href="{}">Edit this record on its own page</a>', reverse("admin:moderation_adminusermeta_change", args=[meta.pk]))

    def _parent_changeable(self, request) -> bool:
        return request.user.has_perm("social.change_user")

    def has_add_permission(self, request, obj=None):
        return self._parent_changeable(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_changeable(request) and super().has_change_permission(request, obj)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(SocialUserAdmin):
    inlines = [*SocialUserAdmin.inlines, AdminUserMetaInline]

    def get_inlines(self, request, obj):
        # Adding a member is email, username and password only; the record comes after.
        return self.inlines if obj is not None else []
