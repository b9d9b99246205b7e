"""The moderation queue in the admin.

The list shows pending items oldest first (choose another status in the filter), with filters
by content type, reason, "assigned to me" and "unassigned"; bulk actions assign and decide
many items at once. An item's page shows the reported content (text, author, links), the
reports, the author's earlier history, the item's own trail, and a form to act on it. Every
decision goes through moderation.services (row lock, audit row, effects in one transaction).
Reports and actions are read-only here for everyone: the trail is an audit record.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from iwm.admin_tools import NoCountPaginator
from moderation import selectors, targets
from moderation.models import ActionKind, ItemStatus, ModerationAction, ModerationItem, ModerationReport, ReportReason
from moderation.services import ActionRefused, item_act, item_assign
from moderation.services.actions import MAX_SUSPENSION_DAYS, MODERATOR_ACTIONS


class StatusFilter(admin.SimpleListFilter):
    """Pending unless another status is chosen: the queue is what needs a decision."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ItemStatus.choices, ("all", "All")]

    def choices(self, changelist):
        value = self.value() or ItemStatus.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or ItemStatus.PENDING
        if value == "all":
            return queryset
        if value not in ItemStatus.values:
            return queryset.none()
        return queryset.filter(status=value)


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("none", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class ReasonFilter(admin.SimpleListFilter):
    """The item's first reason (one indexed column), as moderators sort the queue by it."""

    title = "reason"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return ReportReason.choices

    def queryset(self, request, queryset):
        return queryset.filter(report_reason=self.value()) if self.value() in ReportReason.values else queryset


class ActionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        required=False,
        choices=[("", "(no decision: just save the assignment)")] + [(a, ActionKind(a).label) for a in MODERATOR_ACTIONS],
        help_text="Applied with its effects at once, and written to the item's trail.",
    )
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    days = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_SUSPENSION_DAYS, help_text="For a suspension (default: the system setting)."
    )

    class Meta:
        model = ModerationItem
        fields = ["assigned_to"]


class ReportInline(admin.TabularInline):
    model = ModerationReport
    fields = ["reporter", "reason", "note", "handled", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ActionInline(ReportInline):
    model = ModerationAction
    fields = ["action", "moderator", "reason", "details", "created_at"]
    readonly_fields = fields
    ordering = ["created_at"]
    verbose_name_plural = "this item's trail"

    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request).select_related("moderator")


@admin.register(ModerationItem)
class ModerationItemAdmin(admin.ModelAdmin):
    form = ActionForm
    list_display = ["__str__", "excerpt", "author", "report_reason", "reporter_count", "status", "content_hidden",
                    "assigned_to", "first_reported_at"]  # fmt: skip
    list_filter = [StatusFilter, "content_type", ReasonFilter, AssignedFilter]
    list_select_related = ["author", "assigned_to"]
    search_fields = ["=object_id", "=author__username"]
    ordering = ["first_reported_at", "id"]
    autocomplete_fields = ["assigned_to"]
    show_full_result_count = False
    paginator = NoCountPaginator
    inlines = [ReportInline, ActionInline]
    actions = ["assign_to_me", "approve", "remove", "warn", "escalate", "suspend_authors", "ban_authors"]
    readonly_fields = ["content_type", "object_id", "status", "reporter_count", "report_reason", "content_hidden",
                       "first_reported_at", "last_reported_at", "resolved_at", "content", "author_link",
                       "author_history"]  # fmt: skip
    fieldsets = [
        ("Reported content", {"fields": ["content_type", "object_id", "content", "author_link", "author_history"]}),
        ("Item", {"fields": ["status", "report_reason", "reporter_count", "content_hidden", "first_reported_at",
                             "last_reported_at", "resolved_at", "assigned_to"]}),  # fmt: skip
        ("Decide", {"fields": ["decision", "reason", "days"]}),
    ]

    @admin.display(description="content")
    def excerpt(self, item):
        return item.content_title[:80]

    @admin.display(description="content")
    def content(self, item):
        target = targets.target_for(item.content_type)
        obj = target.fetch(item.object_id) if target else None
        if obj is None:
            return format_html("<em>gone</em> (first reported as: {})", item.content_title)
        parts = [format_html('<div style="white-space:pre-wrap;max-width:60em">{}</div>', target.text_of(obj))]
        status = target.status_of(obj)
        if status:
            parts.append(format_html("<p>Visibility now: <strong>{}</strong></p>", status))
        model = target.model_class._meta
        admin_url = reverse(f"admin:{model.app_label}_{model.model_name}_change", args=[item.object_id])
        links = [format_html('<a href="{}">in the admin</a>', admin_url)]
        if target.link:
            links.append(format_html('<a href="{}">in the API</a>', target.link_of(item.object_id)))
        parts.append(format_html("<p>{}</p>", format_html_join(" · ", "{}", ((link,) for link in links))))
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.display(description="author")
    def author_link(self, item):
        if item.author_id is None:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("admin:social_user_change", args=[item.author_id]), item.author)

    @admin.display(description="author's history")
    def author_history(self, item):
        rows = [a for a in selectors.actions_against(item.author_id) if a.item_id != item.pk]
        if not rows:
            return "No earlier actions against this member."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} · {} · {} {}</li>",
                ((f"{a.created_at:%Y-%m-%d %H:%M}", a.get_action_display(), a.moderator or "system", a.reason) for a in rows),
            ),
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.save(update_fields=["assigned_to"])
        decision = form.cleaned_data.get("decision")
        if decision:
            try:
                item_act(
                    item_id=obj.pk,
                    moderator=request.user,
                    action=decision,
                    reason=form.cleaned_data.get("reason") or "",
                    days=form.cleaned_data.get("days"),
                )
            except ActionRefused as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f"{ActionKind(decision).label}: done.", messages.SUCCESS)

    # --- bulk actions -------------------------------------------------------------------------

    def _bulk(self, request, queryset, action: str, **kwargs):
        done, refused = 0, []
        for item_id in queryset.values_list("pk", flat=True)[:500]:
            try:
                item_act(item_id=item_id, moderator=request.user, action=action, **kwargs)
                done += 1
            except ActionRefused as exc:
                refused.append(f"#{item_id}: {exc}")
        self.message_user(request, f"{ActionKind(action).label}: {done} item(s).", messages.SUCCESS if done else messages.WARNING)
        for line in refused[:10]:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = sum(item_assign(item_id=pk, moderator=request.user) for pk in queryset.values_list("pk", flat=True)[:500])
        self.message_user(request, f"{count} item(s) assigned to you.")

    @admin.action(description="Approve (content visible)", permissions=["change"])
    def approve(self, request, queryset):
        self._bulk(request, queryset, ActionKind.APPROVE)

    @admin.action(description="Remove the content", permissions=["change"])
    def remove(self, request, queryset):
        self._bulk(request, queryset, ActionKind.REMOVE)

    @admin.action(description="Warn the authors (content removed)", permissions=["change"])
    def warn(self, request, queryset):
        self._bulk(request, queryset, ActionKind.WARN)

    @admin.action(description="Escalate to admins", permissions=["change"])
    def escalate(self, request, queryset):
        self._bulk(request, queryset, ActionKind.ESCALATE)

    @admin.action(description="Suspend the authors (default length)", permissions=["change"])
    def suspend_authors(self, request, queryset):
        self._bulk(request, queryset, ActionKind.SUSPEND)

    @admin.action(description="Ban the authors", permissions=["change"])
    def ban_authors(self, request, queryset):
        self._bulk(request, queryset, ActionKind.BAN)


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationReport)
class ModerationReportAdmin(ReadOnlyAdmin):
    list_display = ["item", "reporter", "reason", "handled", "created_at"]
    list_filter = ["reason", "handled"]
    list_select_related = ["item", "reporter"]
    search_fields = ["=reporter__username", "=item__object_id"]
    raw_id_fields = ["item", "reporter"]
    ordering = ["-created_at", "-id"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    """The audit trail: nobody adds, changes or deletes rows here (the database refuses too)."""

    list_display = ["created_at", "action", "moderator", "target_user", "item", "reason"]
    list_filter = ["action"]
    list_select_related = ["moderator", "target_user", "item"]
    search_fields = ["=moderator__username", "=target_user__username"]
    raw_id_fields = ["item", "moderator", "target_user"]
    ordering = ["-created_at", "-id"]
