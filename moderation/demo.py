"""Demo moderation data: a few reports by the sample members, so the demo moderator that
`make run` creates finds a queue to work on, and the dashboard's first snapshot and report.

Reports go through the service as members' would (below the hiding threshold: two reporters
each). Items are matched on external_id, so loading again changes nothing. Pulses about Nolan
are left alone: the README's examples report one of those themselves.
"""

from __future__ import annotations

from django.db import transaction

from moderation.models import AdminMetricSnapshot, DailyReport, ModerationItem
from moderation.services import admin_metrics_snapshot, daily_report_generate, report_create
from social.models import Pulse, User

PULSES = 3
REASONS = ("spoilers", "spam", "harassment")


def _targets() -> list[Pulse]:
    return list(
        Pulse.objects.filter(external_id__startswith="pulse-demo-", status="visible")
        .exclude(content_text__icontains="nolan")
        .order_by("external_id")[:PULSES]
    )


def _external_id(pulse: Pulse) -> str:
    return f"moderation-demo-{pulse.external_id}"


def demo_is_loaded() -> bool:
    wanted = [_external_id(pulse) for pulse in _targets()]
    return bool(wanted) and ModerationItem.objects.filter(external_id__in=wanted).count() == len(wanted)


@transaction.atomic
def demo_load() -> dict[str, int]:
    members = list(User.objects.filter(external_id__startswith="user-demo-").order_by("external_id"))
    items = 0
    for index, pulse in enumerate(_targets()):
        if ModerationItem.objects.filter(external_id=_external_id(pulse)).exists():
            items += 1
            continue
        reporters = [member for member in members if member.pk != pulse.user_id][index : index + 2]
        for reporter in reporters:
            report_create(reporter=reporter, content_type="pulse", object_id=pulse.pk, reason=REASONS[index % len(REASONS)],
                          note="sample report (demo data)")  # fmt: skip
        ModerationItem.objects.filter(content_type="pulse", object_id=pulse.pk).update(external_id=_external_id(pulse))
        items += 1
    if not AdminMetricSnapshot.objects.exists():
        admin_metrics_snapshot()
    if not DailyReport.objects.exists():
        daily_report_generate()
    return {"moderation_items (demo)": items, "admin_metric_snapshots": 1, "daily_reports": 1}
