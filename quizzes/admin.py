"""Quiz authoring and review in the admin.

A quiz is edited with its questions inline; a question (its own page, linked from the quiz)
with its options inline. The option rules (quizzes.rules) are checked on save with a message
on the form; the database checks them again at COMMIT. Attempts, answers and leaderboard
entries are the record of members' play, scored by the server: read-only (a superuser may
still correct one).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count

from iwm.admin_tools import NoCountPaginator
from quizzes import services
from quizzes.models import (
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizLeaderboardEntry,
    QuizQuestion,
    QuizQuestionOption,
)
from quizzes.rules import question_problems


def _kept_forms(formset):
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        and (form.instance.pk is not None or form.has_changed())
    ]


class QuizQuestionInlineFormSet(forms.BaseInlineFormSet):
    """On the quiz page: a published quiz keeps at least one question, and each of its
    questions must already have valid options (a new question has none yet)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        quiz = self.instance
        kept = _kept_forms(self)
        problems: list[str] = []
        stored = {}
        existing = [form.instance.pk for form in kept if form.instance.pk is not None]
        for option in QuizQuestionOption.objects.filter(question_id__in=existing).only("question_id", "is_correct"):
            stored.setdefault(option.question_id, []).append(option.is_correct)
        if quiz.is_published and not kept:
            problems.append("A published quiz needs at least one question.")
        for position, form in enumerate(kept, start=1):
            if form.instance.pk is None and quiz.is_published:
                problems.append(
                    f"New question {position}: a published quiz cannot take a question without options. "
                    "Save the quiz unpublished, add the options on the question's page, then publish."
                )
                continue
            for problem in question_problems(
                question_type=form.cleaned_data.get("type") or form.instance.type,
                correct_flags=stored.get(form.instance.pk, []),
                quiz_published=quiz.is_published,
            ):
                problems.append(f"Question {position}: {problem}")
        if problems:
            raise ValidationError(problems)


class QuizQuestionInline(admin.StackedInline):
    model = QuizQuestion
    formset = QuizQuestionInlineFormSet
    extra = 0
    fields = ["order_index", "type", "points", "text", "hint", "explanation", "media_url", "media_type", "external_id"]
    ordering = ["order_index", "id"]
    show_change_link = True  # options are edited on the question's page


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = [
        "title", "movie", "is_published", "is_verification_required", "is_randomized", "number_of_questions",
        "time_limit_seconds", "pass_score", "updated_at",
    ]  # fmt: skip
    list_filter = ["is_published", "is_verification_required", "is_randomized"]
    list_select_related = ["movie"]
    search_fields = ["title", "movie__title", "=external_id"]
    autocomplete_fields = ["movie"]
    readonly_fields = ["number_of_questions", "created_at", "updated_at"]
    inlines = [QuizQuestionInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["external_id", "title", "description", "movie"]}),
        ("Rules", {"fields": ["time_limit_seconds", "pass_score", "is_randomized", "is_verification_required"]}),
        ("Publication", {"fields": ["is_published", "number_of_questions", "created_at", "updated_at"]}),
    ]

    @admin.action(description="Publish the selected quizzes (checks their questions)")
    def publish(self, request, queryset):
        for quiz in queryset:
            try:
                services.quiz_publish_set(quiz=quiz, published=True)
            except ValidationError as exc:
                problems = "; ".join(exc.message_dict.get("is_published", exc.messages))
                self.message_user(request, f"{quiz}: not published. {problems}", messages.ERROR)
            else:
                self.message_user(request, f"{quiz}: published.", messages.SUCCESS)

    @admin.action(description="Unpublish the selected quizzes")
    def unpublish(self, request, queryset):
        for quiz in queryset:
            services.quiz_publish_set(quiz=quiz, published=False)
        self.message_user(request, f"{queryset.count()} quizzes unpublished.", messages.SUCCESS)


class QuizQuestionOptionInlineFormSet(forms.BaseInlineFormSet):
    """On the question page: the option rules, counted over the options as they will be saved."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        question = self.instance
        quiz_published = bool(question.quiz_id) and Quiz.objects.filter(pk=question.quiz_id, is_published=True).exists()
        flags = [bool(form.cleaned_data.get("is_correct")) for form in _kept_forms(self)]
        problems = question_problems(question_type=question.type, correct_flags=flags, quiz_published=quiz_published)
        if problems:
            raise ValidationError(problems)


class QuizQuestionOptionInline(admin.TabularInline):
    model = QuizQuestionOption
    formset = QuizQuestionOptionInlineFormSet
    extra = 0
    fields = ["order_index", "text", "is_correct", "external_id"]
    ordering = ["order_index", "id"]


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "type", "points", "order_index", "option_count"]
    list_filter = ["type", "media_type", "quiz__is_published"]
    list_select_related = ["quiz"]
    search_fields = ["text", "quiz__title", "=external_id"]
    autocomplete_fields = ["quiz"]
    inlines = [QuizQuestionOptionInline]
    show_full_result_count = False
    paginator = NoCountPaginator

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(option_count=Count("options"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, so the check below applies
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.quiz.is_published and obj.quiz.number_of_questions <= 1:
            return False  # a published quiz keeps at least one question: unpublish it first
        return super().has_delete_permission(request, obj)

    @admin.display(ordering="option_count", description="options")
    def option_count(self, question):
        return question.option_count


class QuizQuestionOptionForm(forms.ModelForm):
    """One option on its own page: the question's rules over its other stored options plus
    this one as it will be saved."""

    class Meta:
        model = QuizQuestionOption
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        question = cleaned.get("question")
        if question is None:
            return cleaned
        others = QuizQuestionOption.objects.filter(question=question)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        flags = [*others.values_list("is_correct", flat=True), bool(cleaned.get("is_correct"))]
        problems = question_problems(
            question_type=question.type, correct_flags=flags, quiz_published=question.quiz.is_published
        )
        if problems:
            raise ValidationError([*problems, "Edit a question's options together on the question's page."])
        return cleaned


@admin.register(QuizQuestionOption)
class QuizQuestionOptionAdmin(admin.ModelAdmin):
    form = QuizQuestionOptionForm
    list_display = ["text", "question", "is_correct", "order_index"]
    list_filter = ["is_correct", "question__type"]
    list_select_related = ["question"]
    search_fields = ["text", "question__text", "=external_id"]
    autocomplete_fields = ["question"]
    show_full_result_count = False
    paginator = NoCountPaginator

    def has_delete_permission(self, request, obj=None):
        return False  # removing an option changes its question's rules: do it on the question's page


class SuperuserOnlyWritesMixin:
    """Members' play is the server's record: moderators read it, only a superuser may touch it."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class QuizAnswerInline(SuperuserOnlyWritesMixin, admin.TabularInline):
    model = QuizAnswer
    extra = 0
    fields = ["question", "selected_option_ids", "is_correct", "answered_at", "time_spent_seconds"]
    readonly_fields = fields
    ordering = ["answered_at", "id"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QuizAttempt)
class QuizAttemptAdmin(SuperuserOnlyWritesMixin, admin.ModelAdmin):
    list_display = ["__str__", "user", "quiz", "status", "score_percent", "passed", "started_at", "completed_at"]
    list_filter = ["status", "passed", "quiz__is_verification_required"]
    list_select_related = ["user", "quiz"]
    search_fields = ["user__username", "user__email", "quiz__title", "=external_id"]
    raw_id_fields = ["user", "quiz"]
    date_hierarchy = "started_at"
    inlines = [QuizAnswerInline]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(QuizAnswer)
class QuizAnswerAdmin(SuperuserOnlyWritesMixin, admin.ModelAdmin):
    list_display = ["__str__", "attempt", "question", "is_correct", "answered_at", "time_spent_seconds"]
    list_filter = ["is_correct"]
    list_select_related = ["attempt", "question"]
    search_fields = ["attempt__user__username", "attempt__user__email", "question__text"]
    raw_id_fields = ["attempt", "question"]
    show_full_result_count = False
    paginator = NoCountPaginator


@admin.register(QuizLeaderboardEntry)
class QuizLeaderboardEntryAdmin(SuperuserOnlyWritesMixin, admin.ModelAdmin):
    list_display = ["quiz", "user", "score_percent", "completion_time_seconds", "achieved_at"]
    list_select_related = ["quiz", "user"]
    list_filter = ["quiz__is_published"]
    search_fields = ["quiz__title", "user__username", "user__email"]
    raw_id_fields = ["quiz", "user", "attempt"]
    ordering = ["quiz", "-score_percent", "completion_time_seconds", "achieved_at", "id"]
    show_full_result_count = False
    paginator = NoCountPaginator
