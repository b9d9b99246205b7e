"""The authoring rules of a question's options, as a pure function.

The database enforces the same rules at COMMIT (migration 0002, `quiz_question_problem`);
this copy lets the admin and the services explain a problem on the field at fault before
anything is written. tests/test_constraints.py checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizzes.models import ONE_CORRECT_TYPES, QuestionType


def question_problems(*, question_type: str, correct_flags: Iterable[bool], quiz_published: bool) -> list[str]:
    """What is wrong with a question whose options have these `is_correct` flags ([] if nothing)."""
    flags = list(correct_flags)
    options, correct = len(flags), sum(1 for flag in flags if flag)
    if options == 0 and not quiz_published:
        return []  # a draft question whose options are not written yet
    problems: list[str] = []
    if options < 2:
        problems.append("A question needs at least two options.")
    if correct == 0:
        problems.append("Mark at least one option as correct.")
    elif question_type in ONE_CORRECT_TYPES and correct != 1:
        label = QuestionType(question_type).label.lower()
        problems.append(f"A {label} question has exactly one correct option; {correct} are marked correct.")
    if question_type == QuestionType.TRUE_FALSE and options != 2:
        problems.append(f"A true-or-false question has exactly two options (True and False), not {options}.")
    return problems
