"""What the database itself enforces for pulses, reactions and comments on the partitioned table."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from iwm.db.partitions import partitions_ensure, partitions_of, spec_for
from social.models import Pulse, PulseComment, PulseReaction
from social.services import pulse_comment_create, pulse_react
from social.tests.factories import PulseFactory, UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db


def refused(statement, params=()):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_pulses_is_range_partitioned_by_month_with_a_default_and_months_ahead():
    with connection.cursor() as cursor:
        cursor.execute("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'pulses'::regclass")
        assert cursor.fetchone() == ("r",)
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'pulses'::regclass AND contype = 'p'"
        )
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, created_at)"
    names = [partition.name for partition in partitions_of(spec_for("pulses"))]
    assert "pulses_default" in names and len([n for n in names if n.startswith("pulses_m")]) >= 4


def test_a_reaction_or_comment_for_a_missing_pulse_is_refused(member):
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        PulseReaction.objects.create(user=member, pulse_id=999_999_999, kind="like")
    with pytest.raises(IntegrityError), transaction.atomic():
        PulseComment.objects.create(user=member, pulse_id=999_999_999, content="hello?")


def test_the_trigger_copies_the_partition_key_and_a_wrong_one_is_refused(member):
    pulse = PulseFactory()
    reaction = PulseReaction.objects.create(user=member, pulse_id=pulse.pk, kind="like")  # no pulse_created_at given
    reaction.refresh_from_db()
    assert reaction.pulse_created_at == pulse.created_at
    refused(
        "INSERT INTO pulse_comments (pulse_id, pulse_created_at, user_id, content, created_at, status) "
        "VALUES (%s, %s, %s, 'x', now(), 'visible')",
        [pulse.pk, datetime(2001, 1, 1, tzinfo=UTC), member.pk],
    )


def test_a_comment_on_a_deleted_pulse_is_refused(member, member_client):
    pulse = PulseFactory()
    Pulse.objects.filter(pk=pulse.pk).delete()
    refused(
        "INSERT INTO pulse_comments (pulse_id, pulse_created_at, user_id, content, created_at, status) "
        "VALUES (%s, %s, %s, 'late', now(), 'visible')",
        [pulse.pk, pulse.created_at, member.pk],
    )
    refused(
        "INSERT INTO pulse_comments (pulse_id, user_id, content, created_at, status) VALUES (%s, %s, 'late', now(), 'visible')",
        [pulse.pk, member.pk],
    )
    # Through the API: the pulse is gone, so a 404, and nothing is written.
    assert_error_shape(member_client.post(f"/api/v1/pulses/{pulse.pk}/comments/", {"content": "late"}), 404)
    assert not PulseComment.objects.filter(pulse_id=pulse.pk).exists()


def test_deleting_a_pulse_in_sql_cascades_to_its_reactions_and_comments(member):
    pulse = PulseFactory()
    pulse_react(user=member, pulse=pulse, kind="love")
    pulse_comment_create(user=member, pulse=pulse, content="hi")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM pulses WHERE id = %s", [pulse.pk])
    assert not PulseReaction.objects.filter(pulse_id=pulse.pk).exists()
    assert not PulseComment.objects.filter(pulse_id=pulse.pk).exists()


def test_one_reaction_per_member_and_pulse(member):
    pulse = PulseFactory()
    PulseReaction.objects.create(user=member, pulse_id=pulse.pk, pulse_created_at=pulse.created_at, kind="like")
    with pytest.raises(IntegrityError), transaction.atomic():
        PulseReaction.objects.create(user=member, pulse_id=pulse.pk, pulse_created_at=pulse.created_at, kind="sad")


@pytest.mark.parametrize(
    "assignment",
    [
        "content_media = '{\"a\": 1}'::jsonb",
        "content_media = '[\"a\", \"b\", \"c\", \"d\", \"e\"]'::jsonb",
        "content_text = '', content_media = '[]'::jsonb",
        "content_text = repeat('x', 2001)",
        "reactions = '[]'::jsonb",
        "reactions_total = -1",
        "comments_count = -1",
        "status = 'banned'",
        "linked_type = 'song'",
        "linked_type = '', linked_movie_id = (SELECT min(id) FROM movies)",
        "edited_at = created_at - interval '1 minute'",
        "hashtags = (SELECT array_agg('t' || i) FROM generate_series(1, 31) i)",
    ],
)
def test_checks_on_pulses(assignment):
    pulse = PulseFactory()
    refused(f"UPDATE pulses SET {assignment} WHERE id = %s AND created_at = %s", [pulse.pk, pulse.created_at])


def test_moving_rows_out_of_default_keeps_their_reactions_and_comments(member):
    old = datetime(2023, 2, 14, 12, 0, tzinfo=UTC)  # a month no partition covers yet
    pulse = PulseFactory(content_text="#throwback", created_at=old)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM pulses WHERE id = %s", [pulse.pk])
        assert cursor.fetchone()[0] == "pulses_default"
    pulse_react(user=member, pulse=pulse, kind="wow")
    pulse_comment_create(user=UserFactory(), pulse=pulse, content="what a year")

    with connection.cursor() as cursor:
        # The maintenance job runs in a transaction of its own; here the rows above are in the
        # test's transaction, whose deferred foreign-key checks must run before ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    result = partitions_ensure(spec_for("pulses"))

    assert "pulses_m2023_02" in result.created and result.moved_rows >= 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM pulses WHERE id = %s", [pulse.pk])
        assert cursor.fetchone()[0] == "pulses_m2023_02"
        cursor.execute(
            "SELECT conname, convalidated FROM pg_constraint WHERE conname IN ('pulse_reactions_pulse_fk', 'pulse_comments_pulse_fk')"
        )
        assert sorted(cursor.fetchall()) == [("pulse_comments_pulse_fk", True), ("pulse_reactions_pulse_fk", True)]
    assert PulseReaction.objects.filter(pulse_id=pulse.pk, kind="wow").exists()
    assert PulseComment.objects.filter(pulse_id=pulse.pk).count() == 1
    stored = Pulse.objects.get(pk=pulse.pk)
    assert stored.reactions_total == 1 and stored.comments_count == 1
    # The foreign keys still cascade after the move.
    Pulse.objects.filter(pk=pulse.pk).delete()
    assert not PulseReaction.objects.filter(pulse_id=pulse.pk).exists()
