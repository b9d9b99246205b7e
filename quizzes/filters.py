"""Query-string filters of the quiz lists (django-filter); each one an indexed condition."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F

from iwm.api.filters import IntegerFilter
from quizzes.models import AttemptStatus, Quiz, QuizAttempt

# Every ordering ends on id so that pages never overlap; each has its index (quizzes.models).
QUIZ_ORDERINGS = {
    "-created_at": [F("created_at").desc(), F("id").desc()],
    "created_at": [F("created_at").asc(), F("id").asc()],
    "title": ["title", "id"],
    "-title": ["-title", "-id"],
}
DEFAULT_QUIZ_ORDERING = "-created_at"
BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


class NoEmptyValuesForm(forms.Form):
    """`?movie=` with nothing is a malformed parameter (a 400), not a missing one: django-filter
    would otherwise ignore it and answer as if no filter had been asked for."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name in self.data and self.data.get(name) == "":
                self.add_error(name, "Give a value, or leave the parameter out.")
        return cleaned


class QuizFilterSet(django_filters.FilterSet):
    movie = IntegerFilter(field_name="movie_id", min_value=1, help_text="Only quizzes about this movie (its id).")
    verification_required = django_filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_verification_required",
        help_text="true: only quizzes for verified members; false: only quizzes open to every member.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in QUIZ_ORDERINGS],
        method="filter_noop",
        empty_label=None,
        help_text=f"Sort order; default {DEFAULT_QUIZ_ORDERING}.",
    )

    class Meta:
        model = Quiz
        fields = []
        form = NoEmptyValuesForm

    def filter_noop(self, queryset, name, value):
        return queryset  # applied in filter_queryset, so that the default applies too

    def filter_verification_required(self, queryset, name, value):
        return queryset.filter(is_verification_required=value == "true")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering") or DEFAULT_QUIZ_ORDERING
        return queryset.order_by(*QUIZ_ORDERINGS[ordering])


class MyAttemptFilterSet(django_filters.FilterSet):
    quiz = IntegerFilter(field_name="quiz_id", min_value=1, help_text="Only attempts at this quiz (its id).")
    status = django_filters.ChoiceFilter(field_name="status", choices=AttemptStatus.choices)

    class Meta:
        model = QuizAttempt
        fields = []
        form = NoEmptyValuesForm
