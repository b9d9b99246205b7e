"""Admin for the box office: charts, daily totals, years to date and records, and the chart
import (the same service as `manage.py import_boxoffice`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode

from boxoffice.models import SAMPLE, BoxOfficeRecord, DailyGross, WeekendEntry, YearToDate, YearToDateTopMovie
from boxoffice.services import weekend_chart_import
from iwm.admin_tools import NoCountPaginator
from movies.choices import Region


class SourceFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "sourced"

    def lookups(self, request, model_admin):
        return [("sample", "Sample (not published figures)"), ("cited", "Cited source")]

    def queryset(self, request, queryset):
        if self.value() == "sample":
            return queryset.filter(source=SAMPLE)
        if self.value() == "cited":
            return queryset.exclude(source=SAMPLE)
        return queryset


class LinkedFilter(admin.SimpleListFilter):
    title = "catalog film"
    parameter_name = "linked"

    def lookups(self, request, model_admin):
        return [("yes", "Linked to a catalog film"), ("no", "Title only")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(movie__isnull=self.value() == "no")
        return queryset


class WeekendEntryForm(forms.ModelForm):
    class Meta:
        model = WeekendEntry
        exclude = ["currency"]

    def clean(self):
        data = super().clean()
        region, start, title, movie = (data.get(k) for k in ("region", "period_start", "title", "movie"))
        if region and start and title:
            same_chart = WeekendEntry.objects.filter(region=region, period_start=start).exclude(pk=self.instance.pk)
            if same_chart.filter(title__iexact=title).exists():
                self.add_error("title", "This film is already in this weekend's chart.")
            if movie is not None and same_chart.filter(movie=movie).exists():
                self.add_error("movie", "This catalog film is already in this weekend's chart.")
        return data


class ChartImportForm(forms.Form):
    file = forms.FileField(help_text="CSV with a header line, or JSON (see boxoffice/imports.py for the columns).")
    region = forms.ChoiceField(
        choices=[("", "(as the file says)"), *Region.choices],
        required=False,
        help_text="US is the US-and-Canada market.",
    )
    period_start = forms.DateField(
        required=False, help_text="The weekend's first day (or `period_start` in a JSON file)."
    )
    period_end = forms.DateField(required=False, help_text="Default: two days after the first.")
    source = forms.CharField(
        required=False, max_length=500, help_text='For rows that name none: a URL or publication, or "sample".'
    )


@admin.register(WeekendEntry)
class WeekendEntryAdmin(admin.ModelAdmin):
    form = WeekendEntryForm
    change_list_template = "admin/boxoffice/weekendentry/change_list.html"
    list_display = [
        "period_start", "region", "rank", "title", "movie", "distributor", "weekend_gross", "currency", "source",
    ]  # fmt: skip
    list_display_links = ["rank", "title"]
    list_filter = ["region", SourceFilter, LinkedFilter]
    list_select_related = ["movie"]
    search_fields = ["title", "distributor", "source", "movie__title"]
    autocomplete_fields = ["movie"]
    date_hierarchy = "period_start"
    readonly_fields = ["currency", "created_at", "updated_at"]
    ordering = ["-period_start", "region", "rank"]
    show_full_result_count = False
    paginator = NoCountPaginator
    fieldsets = [
        (None, {"fields": ["region", "period_start", "period_end", "rank", "title", "movie", "distributor"]}),
        ("Figures", {"fields": ["weekend_gross", "total_gross", "currency", "theater_count", "source"]}),
        (
            "As the source reported (the API derives these from stored weekends where it can)",
            {"fields": ["change_percent", "weeks_in_release"]},
        ),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="boxoffice_weekendentry_import"), *super().get_urls()]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ChartImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = weekend_chart_import(
                    content=upload.read(),
                    filename=upload.name,
                    region=form.cleaned_data["region"] or None,
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    source=form.cleaned_data["source"] or None,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request,
                    f"{result.region} weekend {result.period_start}: {result.created} entries added, {result.updated} "
                    f"updated, {result.linked} linked to catalog films.",
                    messages.SUCCESS,
                )
                changelist = reverse("admin:boxoffice_weekendentry_changelist")
                start = result.period_start
                query = urlencode(
                    {
                        "region__exact": result.region,
                        "period_start__year": start.year,
                        "period_start__month": start.month,
                        "period_start__day": start.day,
                    }
                )
                return HttpResponseRedirect(f"{changelist}?{query}")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a weekend chart",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/boxoffice/weekendentry/import.html", context)


@admin.register(DailyGross)
class DailyGrossAdmin(admin.ModelAdmin):
    list_display = ["date", "region", "gross", "currency", "source"]
    list_filter = ["region", SourceFilter]
    search_fields = ["source"]
    date_hierarchy = "date"
    readonly_fields = ["currency", "updated_at"]
    ordering = ["-date", "region"]
    show_full_result_count = False
    paginator = NoCountPaginator


class YearToDateTopMovieInline(admin.TabularInline):
    model = YearToDateTopMovie
    extra = 0
    autocomplete_fields = ["movie"]
    fields = ["rank", "title", "movie", "gross", "source"]
    ordering = ["rank"]


@admin.register(YearToDate)
class YearToDateAdmin(admin.ModelAdmin):
    list_display = ["year", "region", "as_of", "total_gross", "currency", "source"]
    list_filter = ["region", "year", SourceFilter]
    search_fields = ["source", "top_movies__title"]
    readonly_fields = ["currency", "updated_at"]
    inlines = [YearToDateTopMovieInline]


@admin.register(YearToDateTopMovie)
class YearToDateTopMovieAdmin(admin.ModelAdmin):
    list_display = ["ytd", "rank", "title", "movie", "gross", "source"]
    list_filter = ["ytd__region", "ytd__year", LinkedFilter]
    list_select_related = ["ytd", "movie"]
    search_fields = ["title", "movie__title", "source"]
    autocomplete_fields = ["ytd", "movie"]
    ordering = ["-ytd__year", "ytd__region", "rank"]


@admin.register(BoxOfficeRecord)
class BoxOfficeRecordAdmin(admin.ModelAdmin):
    list_display = ["category", "region", "title", "value", "currency", "year", "set_on", "source"]
    list_filter = ["category", "region", SourceFilter, LinkedFilter]
    list_select_related = ["movie"]
    search_fields = ["title", "movie__title", "source"]
    autocomplete_fields = ["movie"]
    readonly_fields = ["currency", "updated_at"]
    ordering = ["category", "-value"]
