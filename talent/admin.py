"""The talent hub in the admin: moderators find calls by text, owner, place and status, hide or
remove them (talent.services.casting_call_moderation_set), and review submissions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from iwm.admin_tools import NoCountPaginator
from talent import services
from talent.models import (
    CallStatus,
    CastingCall,
    CastingCallRole,
    CastingSubmission,
    ModerationStatus,
    SubmissionGuideline,
)


class OpenFilter(admin.SimpleListFilter):
    title = "taking submissions"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "Open (active, before the deadline)"), ("expired", "Active but past the deadline")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(status=CallStatus.ACTIVE, submission_deadline__gt=now)
        if self.value() == "expired":
            return queryset.filter(status=CallStatus.ACTIVE, submission_deadline__lte=now)
        return queryset


class CastingCallRoleInline(admin.TabularInline):
    model = CastingCallRole
    extra = 0
    fields = ["type", "title", "category", "compensation", "audition_type", "external_id"]
    show_change_link = True


class SubmissionGuidelineInline(admin.StackedInline):
    model = SubmissionGuideline
    extra = 0
    max_num = 1


@admin.register(CastingCall)
class CastingCallAdmin(admin.ModelAdmin):
    list_display = [
        "project_title", "project_type", "posted_by", "status", "visibility", "moderation_status",
        "location_country", "location_city", "is_remote", "submission_deadline", "posted_date",
    ]  # fmt: skip
    list_filter = [OpenFilter, "status", "visibility", "moderation_status", "project_type", "is_remote", "is_verified"]
    search_fields = ["project_title", "production_company", "location_city", "external_id", "posted_by__username"]
    list_select_related = ["posted_by"]
    autocomplete_fields = ["posted_by"]
    readonly_fields = ["created_at", "updated_at"]
    exclude = ["search_vector"]
    date_hierarchy = "posted_date"
    inlines = [CastingCallRoleInline, SubmissionGuidelineInline]
    actions = ["hide", "remove", "make_visible", "close"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def _moderate(self, request, queryset, status: str) -> None:
        for call in queryset:
            services.casting_call_moderation_set(call=call, status=status)
        self.message_user(request, f"{queryset.count()} call(s) now {status}.", messages.SUCCESS)

    @admin.action(description="Hide from the site")
    def hide(self, request, queryset):
        self._moderate(request, queryset, ModerationStatus.HIDDEN)

    @admin.action(description="Remove (moderation)")
    def remove(self, request, queryset):
        self._moderate(request, queryset, ModerationStatus.REMOVED)

    @admin.action(description="Make visible again")
    def make_visible(self, request, queryset):
        self._moderate(request, queryset, ModerationStatus.VISIBLE)

    @admin.action(description="Close (stop taking submissions)")
    def close(self, request, queryset):
        closed = 0
        for call in queryset.filter(status=CallStatus.ACTIVE):
            services.casting_call_status_set(call=call, status=CallStatus.CLOSED)
            closed += 1
        self.message_user(request, f"{closed} active call(s) closed.", messages.SUCCESS)


@admin.register(CastingCallRole)
class CastingCallRoleAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "type", "category", "compensation", "audition_type"]
    list_filter = ["type", "category", "compensation", "audition_type"]
    search_fields = ["title", "department", "external_id", "call__project_title"]
    list_select_related = ["call"]
    autocomplete_fields = ["call"]


@admin.register(SubmissionGuideline)
class SubmissionGuidelineAdmin(admin.ModelAdmin):
    list_display = ["call", "submission_method", "contact_email", "contact_website", "updated_at"]
    list_filter = ["submission_method"]
    search_fields = ["call__project_title", "contact_email", "contact_website"]
    list_select_related = ["call"]
    autocomplete_fields = ["call"]


@admin.register(CastingSubmission)
class CastingSubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "applicant", "role", "call", "status", "created_at"]
    list_filter = ["status", "role__type", "created_at"]
    search_fields = ["applicant__username", "applicant__email", "role__title", "call__project_title"]
    list_select_related = ["applicant", "role", "call"]
    raw_id_fields = ["applicant", "role", "call"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False
    paginator = NoCountPaginator
