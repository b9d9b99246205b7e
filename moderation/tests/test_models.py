"""What the database itself enforces in moderation's tables."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from iwm.db.partitions import partitions_of, spec_for
from moderation.models import AdminMetricSnapshot, ModerationAction, ModerationItem, ModerationReport, SystemSetting
from moderation.system_settings import setting_get, setting_set, setting_validate
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _item(**kw):
    return ModerationItem.objects.create(content_type="user", object_id=kw.pop("object_id", 1), report_reason="spam", **kw)


def test_one_item_per_content_and_one_report_per_reporter(member):
    item = _item(object_id=member.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        _item(object_id=member.pk)
    ModerationReport.objects.create(item=item, reporter=member, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationReport.objects.create(item=item, reporter=member, reason="hate")
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationItem.objects.create(content_type="poem", object_id=5, report_reason="spam")


def test_the_action_trail_refuses_update_and_delete(moderator, member):
    row = ModerationAction.objects.create(item=_item(object_id=member.pk), moderator=moderator, action="warn", reason="x")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        ModerationAction.objects.filter(pk=row.pk).update(reason="rewritten")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM moderation_actions WHERE id = %s", [row.pk])
    # Deleting the moderator's account keeps the row, naming nobody.
    moderator.delete()
    row.refresh_from_db()
    assert row.moderator_id is None and row.reason == "x"


def test_metric_snapshots_are_partitioned_by_month():
    AdminMetricSnapshot.objects.create(metrics={"users": 1})
    spec = spec_for("admin_metric_snapshots")
    names = [p.name for p in partitions_of(spec) if not p.is_default]
    assert names and all(name.startswith("admin_metric_snapshots_m") for name in names)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdminMetricSnapshot.objects.create(metrics=[1, 2])


def test_settings_are_typed_validated_and_take_effect_without_restart(admin_user, django_capture_on_commit_callbacks):
    assert setting_get("report_threshold") == 3
    with pytest.raises(ValidationError) as exc:
        setting_validate("report_threshold", "ten")
    assert "whole number" in str(exc.value)
    with pytest.raises(ValidationError):
        setting_validate("report_threshold", 0)
    with pytest.raises(ValidationError):
        setting_validate("no_such_key", 1)
    with django_capture_on_commit_callbacks(execute=True):
        setting_set(key="report_threshold", value=5, user=admin_user)
    assert setting_get("report_threshold") == 5
    row = SystemSetting.objects.get(key="report_threshold")
    assert row.updated_by == admin_user and row.updated_at is not None
    cache.clear()
