"""Admin for awards and festivals: what editors use to enter a ceremony's year (categories and
nominees) and a festival's edition (program and prizes)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from awards import services
from awards.choices import EditionStatus
from awards.models import (
    Category,
    Ceremony,
    CeremonyYear,
    Festival,
    FestivalEdition,
    FestivalWinner,
    Nomination,
    NominationPerson,
    ProgramEntry,
    ProgramSection,
    WinnerCategory,
)
from awards.selectors.festivals import today
from iwm.admin_tools import NoCountPaginator

# Ceremonies


class CeremonyYearInline(admin.TabularInline):
    model = CeremonyYear
    extra = 0
    fields = ["year", "label", "film_year", "date", "location", "external_id"]
    ordering = ["-year"]
    show_change_link = True


@admin.register(Ceremony)
class CeremonyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "current_year", "next_ceremony_date"]
    search_fields = ["name", "short_name", "=external_id"]
    inlines = [CeremonyYearInline]


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["order_index", "name", "allows_ties", "external_id"]
    ordering = ["order_index", "id"]
    show_change_link = True


@admin.register(CeremonyYear)
class CeremonyYearAdmin(admin.ModelAdmin):
    list_display = ["__str__", "ceremony", "year", "date", "location"]
    list_filter = ["ceremony"]
    list_select_related = ["ceremony"]
    search_fields = ["label", "ceremony__name", "ceremony__short_name", "=year", "=external_id"]
    autocomplete_fields = ["ceremony"]
    inlines = [CategoryInline]


class NominationInlineFormSet(BaseInlineFormSet):
    """The winner rule over the whole category at once: two winners entered together in a
    category without ties are refused with a message (before the database's unique index would
    refuse the second), and a win moved from one nominee to another in one save is allowed
    (the old winner is unmarked first)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.winner_rule_checked_by_formset = True  # see Nomination.clean
        return form

    def clean(self):
        super().clean()
        if self.instance.allows_ties:
            return
        winners = [
            form for form in self.forms
            if form.cleaned_data.get("is_winner") and not form.cleaned_data.get("DELETE")
        ]  # fmt: skip
        if len(winners) > 1:
            raise ValidationError("This category does not allow ties: mark one winner only.")

    def save(self, commit=True):
        unmarked = [
            form.instance.pk for form in self.initial_forms
            if "is_winner" in form.changed_data and not form.cleaned_data.get("is_winner")
        ]  # fmt: skip
        if unmarked:
            Nomination.objects.filter(pk__in=unmarked).update(is_winner=False)
        return super().save(commit)


class NominationPersonInline(admin.TabularInline):
    model = NominationPerson
    extra = 0
    autocomplete_fields = ["person"]
    verbose_name = "credited person"
    verbose_name_plural = "credited people (catalog)"


class NominationInline(admin.StackedInline):
    model = Nomination
    formset = NominationInlineFormSet
    extra = 0
    autocomplete_fields = ["movie", "person"]
    fields = [
        ("nominee_type", "is_winner"), "nominee_name", ("movie", "film_title"), "person", "details", "image_url",
        "external_id",
    ]  # fmt: skip
    ordering = ["-is_winner", "id"]
    show_change_link = True


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "ceremony_year", "order_index", "allows_ties"]
    list_filter = ["allows_ties", "ceremony_year__ceremony"]
    list_select_related = ["ceremony_year__ceremony"]
    search_fields = ["name", "ceremony_year__label", "ceremony_year__ceremony__name", "=external_id"]
    autocomplete_fields = ["ceremony_year"]
    inlines = [NominationInline]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee_name", "film_title", "category", "ceremony_year", "nominee_type", "is_winner"]
    list_filter = ["is_winner", "nominee_type", "category__ceremony_year__ceremony", "category__ceremony_year__year"]
    list_select_related = ["category__ceremony_year__ceremony"]
    search_fields = ["nominee_name", "film_title", "category__name", "=external_id"]
    autocomplete_fields = ["category", "movie", "person"]
    readonly_fields = ["category_allows_ties"]
    inlines = [NominationPersonInline]
    actions = ["mark_winner"]
    show_full_result_count = False
    paginator = NoCountPaginator

    @admin.display(description="ceremony year", ordering="category__ceremony_year__year")
    def ceremony_year(self, nomination):
        return nomination.category.ceremony_year

    @admin.action(description="Mark as the category's winner (replacing its winner where ties are not allowed)")
    def mark_winner(self, request, queryset):
        for nomination in queryset:
            try:
                services.nomination_winner_set(nomination=nomination, replace=True)
            except ValidationError as exc:
                self.message_user(request, f"{nomination}: {'; '.join(exc.messages)}", messages.ERROR)


@admin.register(NominationPerson)
class NominationPersonAdmin(admin.ModelAdmin):
    list_display = ["person", "nomination"]
    list_select_related = ["person", "nomination"]
    search_fields = ["person__name", "nomination__nominee_name", "nomination__film_title"]
    autocomplete_fields = ["nomination", "person"]
    show_full_result_count = False
    paginator = NoCountPaginator


# Festivals


class FestivalEditionInline(admin.TabularInline):
    model = FestivalEdition
    extra = 0
    fields = ["year", "edition_label", "starts_on", "ends_on", "external_id"]
    ordering = ["-year"]
    show_change_link = True


@admin.register(Festival)
class FestivalAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "founding_year"]
    search_fields = ["name", "location", "=external_id"]
    inlines = [FestivalEditionInline]


class EditionStatusFilter(admin.SimpleListFilter):
    """Status by today's date, as the API derives it."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return EditionStatus.choices

    def queryset(self, request, queryset):
        on = today()
        if self.value() == EditionStatus.UPCOMING:
            return queryset.filter(starts_on__gt=on)
        if self.value() == EditionStatus.PAST:
            return queryset.filter(ends_on__lt=on)
        if self.value() == EditionStatus.LIVE:
            return queryset.filter(starts_on__lte=on, ends_on__gte=on)
        return queryset


class ProgramSectionInline(admin.TabularInline):
    model = ProgramSection
    extra = 0
    fields = ["order_index", "name", "description", "external_id"]
    ordering = ["order_index", "id"]
    show_change_link = True  # its films are edited on the section's page


class WinnerCategoryInline(admin.TabularInline):
    model = WinnerCategory
    extra = 0
    fields = ["order_index", "name", "external_id"]
    ordering = ["order_index", "id"]
    show_change_link = True  # its winners are edited on the prize's page


@admin.register(FestivalEdition)
class FestivalEditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "festival", "year", "starts_on", "ends_on", "status"]
    list_filter = [EditionStatusFilter, "festival"]
    list_select_related = ["festival"]
    search_fields = ["edition_label", "festival__name", "=year", "=external_id"]
    autocomplete_fields = ["festival"]
    inlines = [ProgramSectionInline, WinnerCategoryInline]

    @admin.display(description="status (today)")
    def status(self, edition):
        return edition.status_on(today()) or "-"


class ProgramEntryInline(admin.TabularInline):
    model = ProgramEntry
    extra = 0
    autocomplete_fields = ["movie"]
    fields = ["order_index", "movie", "title", "director", "country", "premiere_type", "external_id"]
    ordering = ["order_index", "id"]


@admin.register(ProgramSection)
class ProgramSectionAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "order_index"]
    list_filter = ["edition__festival"]
    list_select_related = ["edition__festival"]
    search_fields = ["name", "edition__edition_label", "edition__festival__name", "=external_id"]
    autocomplete_fields = ["edition"]
    inlines = [ProgramEntryInline]


@admin.register(ProgramEntry)
class ProgramEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "director", "country", "premiere_type", "section"]
    list_filter = ["premiere_type", "section__edition__festival"]
    list_select_related = ["section__edition__festival"]
    search_fields = ["title", "director", "movie__title", "=external_id"]
    autocomplete_fields = ["section", "movie"]
    show_full_result_count = False
    paginator = NoCountPaginator


class FestivalWinnerInline(admin.TabularInline):
    model = FestivalWinner
    extra = 0
    autocomplete_fields = ["movie", "person"]
    fields = ["order_index", "movie", "title", "person", "recipient_name", "details", "external_id"]
    ordering = ["order_index", "id"]


@admin.register(WinnerCategory)
class WinnerCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "order_index"]
    list_filter = ["edition__festival"]
    list_select_related = ["edition__festival"]
    search_fields = ["name", "edition__edition_label", "edition__festival__name", "=external_id"]
    autocomplete_fields = ["edition"]
    inlines = [FestivalWinnerInline]


@admin.register(FestivalWinner)
class FestivalWinnerAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient_name", "category", "edition"]
    list_filter = ["category__edition__festival", "category__edition__year"]
    list_select_related = ["category__edition__festival"]
    search_fields = ["title", "recipient_name", "category__name", "movie__title", "person__name", "=external_id"]
    autocomplete_fields = ["category", "movie", "person"]

    @admin.display(description="edition", ordering="category__edition__year")
    def edition(self, winner):
        return winner.category.edition
