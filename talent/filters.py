"""Query-string filters of the casting-call lists; each one an indexed condition (talent.models)."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import F

from iwm.api.filters import ChoiceFilter, IntegerFilter
from talent import selectors
from talent.models import CastingCall, CastingSubmission, Compensation, ProjectType, RoleType, SubmissionStatus

MAX_QUERY_LENGTH = 200
BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]
COUNTRY = re.compile(r"[A-Za-z]{2}")

# Every ordering ends on id so that pages never overlap; each has its index.
CALL_ORDERINGS = {
    "-posted_date": [F("posted_date").desc(), F("id").desc()],
    "submission_deadline": [F("submission_deadline").asc(), F("id").asc()],
}
DEFAULT_CALL_ORDERING = "-posted_date"


class NoEmptyValuesForm(forms.Form):
    """`?city=` with nothing is a malformed parameter (a 400), not a missing one."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name in self.data and self.data.get(name) == "":
                self.add_error(name, "Give a value, or leave the parameter out.")
        return cleaned


class CastingCallFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text="Words in the title, company or description (full text; accents and case ignored).",
    )
    project_type = ChoiceFilter(field_name="project_type", choices=ProjectType.choices)
    role_type = ChoiceFilter(
        choices=RoleType.choices, method="filter_role_type", help_text="Calls with a role of this type."
    )
    compensation = ChoiceFilter(
        choices=Compensation.choices, method="filter_compensation", help_text="Calls with a role paid this way."
    )
    country = django_filters.CharFilter(
        method="filter_country", max_length=2, help_text="ISO 3166-1 alpha-2 code, any case (us, GB)."
    )
    city = django_filters.CharFilter(
        method="filter_city", max_length=100, help_text="The city, exactly as written (case ignored)."
    )
    remote = ChoiceFilter(choices=BOOLEAN_CHOICES, method="filter_remote", help_text="true: remote calls only.")
    open = ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_open",
        help_text="true: only calls taking submissions (active, deadline in the future); false: the others.",
    )
    mine = ChoiceFilter(
        choices=[("true", "true")],
        method="filter_mine",
        help_text="true: only my own calls, drafts and private ones included (nothing when anonymous).",
    )
    ordering = ChoiceFilter(
        choices=[(key, key) for key in CALL_ORDERINGS],
        method="filter_noop",
        help_text=f"Sort order; default {DEFAULT_CALL_ORDERING} (newest first), or best match first with q.",
    )

    class Meta:
        model = CastingCall
        fields = []
        form = NoEmptyValuesForm

    def filter_noop(self, queryset, name, value):
        return queryset  # applied in filter_queryset, so that the default applies too

    def filter_q(self, queryset, name, value):
        text = value.strip()
        if not text:
            raise forms.ValidationError({"q": "Give some words to search for."})
        return selectors.search(queryset, text)

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(posted_by_id=user.pk)

    def filter_role_type(self, queryset, name, value):
        return queryset.filter(selectors.role_exists(type=value))

    def filter_compensation(self, queryset, name, value):
        return queryset.filter(selectors.role_exists(compensation=value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(location_country=value.upper())

    def filter_city(self, queryset, name, value):
        return queryset.filter(location_city__iexact=value.strip())

    def filter_remote(self, queryset, name, value):
        return queryset.filter(is_remote=value == "true")

    def filter_open(self, queryset, name, value):
        return queryset.filter(selectors.open_q()) if value == "true" else queryset.exclude(selectors.open_q())

    def filter_queryset(self, queryset):
        country = self.form.cleaned_data.get("country")
        if country and not COUNTRY.fullmatch(country):
            raise forms.ValidationError({"country": "Two letters, an ISO 3166-1 alpha-2 code such as US or gb."})
        queryset = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering")
        if not ordering and self.form.cleaned_data.get("q"):
            return queryset.order_by(F("rank").desc(), F("posted_date").desc(), F("id").desc())
        return queryset.order_by(*CALL_ORDERINGS[ordering or DEFAULT_CALL_ORDERING])


class MySubmissionFilterSet(django_filters.FilterSet):
    status = ChoiceFilter(field_name="status", choices=SubmissionStatus.choices)
    call = IntegerFilter(field_name="call_id", min_value=1, help_text="Only my submissions to this call (its id).")

    class Meta:
        model = CastingSubmission
        fields = []
        form = NoEmptyValuesForm


class SubmissionFilterSet(django_filters.FilterSet):
    status = ChoiceFilter(field_name="status", choices=SubmissionStatus.choices)
    role = IntegerFilter(field_name="role_id", min_value=1, help_text="Only submissions to this role (its id).")

    class Meta:
        model = CastingSubmission
        fields = []
        form = NoEmptyValuesForm
