"""The quiz rules a CHECK cannot say, because they span rows: triggers.

* Options of a question (DEFERRABLE INITIALLY DEFERRED constraint triggers, checked at COMMIT
  so that an author may change several options in one transaction): at least two options and
  at least one correct; single-choice and true-false exactly one correct; true-false exactly
  two options. A draft quiz may hold a question with no options yet (the admin saves a quiz's
  questions before their options, on the question's own page); a published quiz may not, and
  has at least one question. Raised as check_violation (SQLSTATE 23514), so Django raises
  IntegrityError; the constraint name is quiz_question_options_valid or quizzes_published_valid.
* An answer (BEFORE INSERT/UPDATE row trigger, immediate): the question is one of the
  attempt's, the selected options are distinct options of that question, and a single-choice
  or true-false answer selects exactly one.
* quizzes.number_of_questions: recounted from quiz_questions on every change of either table.

Every check reads the rows as they are when it runs (at COMMIT for the deferred ones), and
a question or quiz deleted in the meantime is skipped.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION quiz_question_problem(question bigint) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    question_type text;
    published boolean;
    option_count integer;
    correct_count integer;
BEGIN
    SELECT q.type, z.is_published,
           (SELECT count(*) FROM quiz_question_options o WHERE o.question_id = q.id),
           (SELECT count(*) FROM quiz_question_options o WHERE o.question_id = q.id AND o.is_correct)
      INTO question_type, published, option_count, correct_count
      FROM quiz_questions q JOIN quizzes z ON z.id = q.quiz_id
     WHERE q.id = question;
    IF NOT FOUND THEN
        RETURN NULL;  -- deleted in the same transaction
    END IF;
    IF option_count = 0 AND NOT published THEN
        RETURN NULL;  -- a draft question whose options are not written yet
    END IF;
    IF option_count < 2 THEN
        RETURN 'needs at least two options';
    END IF;
    IF correct_count = 0 THEN
        RETURN 'needs at least one correct option';
    END IF;
    IF question_type IN ('single-choice', 'true-false') AND correct_count <> 1 THEN
        RETURN format('is %s and needs exactly one correct option, not %s', question_type, correct_count);
    END IF;
    IF question_type = 'true-false' AND option_count <> 2 THEN
        RETURN format('is true-false and needs exactly two options, not %s', option_count);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION quiz_question_assert_valid(question bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    problem text := quiz_question_problem(question);
BEGIN
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'quiz question % %', question, problem
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quiz_question_options_valid';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION quiz_assert_publishable(quiz bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    published boolean;
    question bigint;
BEGIN
    SELECT is_published INTO published FROM quizzes WHERE id = quiz;
    IF NOT FOUND OR NOT published THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM quiz_questions WHERE quiz_id = quiz) THEN
        RAISE EXCEPTION 'published quiz % has no questions', quiz
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quizzes_published_valid';
    END IF;
    FOR question IN SELECT id FROM quiz_questions WHERE quiz_id = quiz ORDER BY id LOOP
        PERFORM quiz_question_assert_valid(question);
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION quiz_question_options_validate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM quiz_question_assert_valid(OLD.question_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.question_id IS DISTINCT FROM OLD.question_id) THEN
        PERFORM quiz_question_assert_valid(NEW.question_id);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION quiz_questions_validate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM quiz_question_assert_valid(NEW.id);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM quiz_assert_publishable(OLD.quiz_id);  -- a published quiz keeps a question
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION quizzes_validate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM quiz_assert_publishable(NEW.id);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS quiz_question_options_valid ON quiz_question_options;
CREATE CONSTRAINT TRIGGER quiz_question_options_valid
    AFTER INSERT OR UPDATE OF question_id, is_correct OR DELETE ON quiz_question_options
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quiz_question_options_validate();

DROP TRIGGER IF EXISTS quiz_questions_valid ON quiz_questions;
CREATE CONSTRAINT TRIGGER quiz_questions_valid
    AFTER INSERT OR UPDATE OF quiz_id, type OR DELETE ON quiz_questions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quiz_questions_validate();

DROP TRIGGER IF EXISTS quizzes_published_valid ON quizzes;
CREATE CONSTRAINT TRIGGER quizzes_published_valid
    AFTER INSERT OR UPDATE OF is_published ON quizzes
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.is_published)
    EXECUTE FUNCTION quizzes_validate();

-- number_of_questions --------------------------------------------------------------------
CREATE OR REPLACE FUNCTION quizzes_count_questions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.number_of_questions := (SELECT count(*) FROM quiz_questions WHERE quiz_id = NEW.id);
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION quiz_questions_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- quizzes_count_questions (BEFORE UPDATE on quizzes) computes the value.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE quizzes SET number_of_questions = -1 WHERE id = OLD.quiz_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.quiz_id IS DISTINCT FROM OLD.quiz_id) THEN
        UPDATE quizzes SET number_of_questions = -1 WHERE id = NEW.quiz_id;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS quizzes_count_questions ON quizzes;
CREATE TRIGGER quizzes_count_questions
    BEFORE INSERT OR UPDATE ON quizzes
    FOR EACH ROW EXECUTE FUNCTION quizzes_count_questions();

DROP TRIGGER IF EXISTS quiz_questions_recount ON quiz_questions;
CREATE TRIGGER quiz_questions_recount
    AFTER INSERT OR UPDATE OF quiz_id OR DELETE ON quiz_questions
    FOR EACH ROW EXECUTE FUNCTION quiz_questions_recount();

-- answers ----------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION quiz_answers_validate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    question_type text;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM quiz_attempts WHERE id = NEW.attempt_id AND NEW.question_id = ANY (question_ids)
    ) THEN
        RAISE EXCEPTION 'question % is not part of attempt %', NEW.question_id, NEW.attempt_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quiz_answers_valid';
    END IF;
    IF cardinality(NEW.selected_option_ids)
       <> (SELECT count(DISTINCT option_id) FROM unnest(NEW.selected_option_ids) AS option_id) THEN
        RAISE EXCEPTION 'an answer selects an option at most once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quiz_answers_valid';
    END IF;
    IF EXISTS (
        SELECT 1 FROM unnest(NEW.selected_option_ids) AS option_id
         WHERE NOT EXISTS (
            SELECT 1 FROM quiz_question_options o WHERE o.id = option_id AND o.question_id = NEW.question_id
         )
    ) THEN
        RAISE EXCEPTION 'selected options of an answer must be options of question %', NEW.question_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quiz_answers_valid';
    END IF;
    SELECT type INTO question_type FROM quiz_questions WHERE id = NEW.question_id;
    IF question_type IN ('single-choice', 'true-false') AND cardinality(NEW.selected_option_ids) <> 1 THEN
        RAISE EXCEPTION 'an answer to a % question selects exactly one option', question_type
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quiz_answers_valid';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS quiz_answers_valid ON quiz_answers;
CREATE TRIGGER quiz_answers_valid
    BEFORE INSERT OR UPDATE OF attempt_id, question_id, selected_option_ids ON quiz_answers
    FOR EACH ROW EXECUTE FUNCTION quiz_answers_validate();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS quiz_answers_valid ON quiz_answers;
DROP FUNCTION IF EXISTS quiz_answers_validate();
DROP TRIGGER IF EXISTS quiz_questions_recount ON quiz_questions;
DROP TRIGGER IF EXISTS quizzes_count_questions ON quizzes;
DROP FUNCTION IF EXISTS quiz_questions_recount();
DROP FUNCTION IF EXISTS quizzes_count_questions();
DROP TRIGGER IF EXISTS quizzes_published_valid ON quizzes;
DROP TRIGGER IF EXISTS quiz_questions_valid ON quiz_questions;
DROP TRIGGER IF EXISTS quiz_question_options_valid ON quiz_question_options;
DROP FUNCTION IF EXISTS quizzes_validate();
DROP FUNCTION IF EXISTS quiz_questions_validate();
DROP FUNCTION IF EXISTS quiz_question_options_validate();
DROP FUNCTION IF EXISTS quiz_assert_publishable(bigint);
DROP FUNCTION IF EXISTS quiz_question_assert_valid(bigint);
DROP FUNCTION IF EXISTS quiz_question_problem(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_quizzes")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
