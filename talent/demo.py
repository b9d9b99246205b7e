"""Demo casting calls: invented productions posted by the sample members (social.services.demo),
each labelled as sample data in its description and company. Most are open (deadlines a few weeks
ahead of the day they are loaded), one is past its deadline and closed, one is for verified
members only.

Idempotent: calls and roles are upserted on external_id, guidelines on their call. Deadlines are
set relative to now on every load, and `demo_refresh` (run by `make run` when the data is there
already) moves them again, so the open calls stay open.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from social.services.demo import demo_member
from talent.models import CastingCall, CastingCallRole, SubmissionGuideline

SAMPLE = "Sample casting call (demo data, not a real production)."

# (days ago posted, days until the deadline: negative = past)
CALLS = [
    {
        "external_id": "casting-demo-harbour-lights",
        "member": "user-demo-ada",
        "project_title": "Harbour Lights",
        "project_type": "feature",
        "production_company": "Slow Tide Pictures (sample)",
        "description": "A quiet drama about a lighthouse keeper's last winter on the Cornish coast.",
        "location_city": "London", "location_country": "GB", "is_remote": False,
        "budget_range": "Low budget (under £1m)", "visibility": "public", "status": "active",
        "posted_days_ago": 5, "deadline_in_days": 30,
        "roles": [
            {"key": "keeper", "type": "lead", "title": "Tom, the lighthouse keeper", "compensation": "paid",
             "category": "acting", "audition_type": "self-tape",
             "requirements": {"age_range": "60-75", "gender": "male", "languages": ["English"]}},
            {"key": "daughter", "type": "supporting", "title": "Mara, his daughter", "compensation": "paid",
             "category": "acting", "audition_type": "in-person",
             "requirements": {"age_range": "30-40", "skills": ["sailing"]}},
        ],
        "guideline": {"required_materials": ["headshot", "self-tape", "resume"], "submission_method": "in-app",
                      "special_instructions": "Self-tapes: the scene on page 12, under two minutes."},
    },
    {
        "external_id": "casting-demo-70mm-frontier",
        "member": "user-demo-bruno",
        "project_title": "Frontier in 70mm",
        "project_type": "short",
        "production_company": "Plein Cadre (sample)",
        "description": "A short western shot on large-format film in the Vercors mountains. Horse riding a plus.",
        "location_city": "Lyon", "location_country": "FR", "is_remote": False,
        "budget_range": "Micro budget", "visibility": "public", "status": "active",
        "posted_days_ago": 3, "deadline_in_days": 21,
        "roles": [
            {"key": "rider", "type": "lead", "title": "The stranger on horseback", "compensation": "stipend",
             "category": "acting", "audition_type": "in-person",
             "requirements": {"skills": ["horse riding"], "languages": ["French", "English"]}},
            {"key": "focus-puller", "type": "crew", "title": "Focus puller (70mm)", "compensation": "paid",
             "category": "crew", "department": "Camera", "audition_type": "virtual", "requirements": {}},
        ],
        "guideline": {"required_materials": ["resume", "reel"], "submission_method": "email",
                      "contact_email": "casting@plein-cadre.example"},
    },
    {
        "external_id": "casting-demo-synthwave-dreams",
        "member": "user-demo-felix",
        "project_title": "Synthwave Dreams",
        "project_type": "music-video",
        "production_company": "Orbit Berlin (sample)",
        "description": "A science-fiction music video: dancers in silver suits on an abandoned airfield.",
        "location_city": "Berlin", "location_country": "DE", "is_remote": False,
        "budget_range": "", "visibility": "public", "status": "active",
        "posted_days_ago": 1, "deadline_in_days": 10,
        "roles": [
            {"key": "dancers", "type": "background", "title": "Dancers", "compensation": "paid",
             "category": "dance", "audition_type": "self-tape", "requirements": {"skills": ["contemporary dance"]}},
        ],
        "guideline": None,
    },
    {
        "external_id": "casting-demo-voices-of-osaka",
        "member": "user-demo-emi",
        "project_title": "Voices of Osaka",
        "project_type": "series",
        "production_company": "Paper Lantern Animation (sample)",
        "description": "An animated series for children: voice actors record from home.",
        "location_city": "Osaka", "location_country": "JP", "is_remote": True,
        "budget_range": "", "visibility": "public", "status": "active",
        "posted_days_ago": 8, "deadline_in_days": 45,
        "roles": [
            {"key": "fox", "type": "lead", "title": "Kitsune the fox (voice)", "compensation": "paid",
             "category": "voice", "audition_type": "virtual",
             "requirements": {"languages": ["Japanese", "English"]}},
            {"key": "crow", "type": "supporting", "title": "The crow (voice)", "compensation": "deferred",
             "category": "voice", "audition_type": "self-tape", "requirements": {}},
        ],
        "guideline": {"required_materials": ["voice reel"], "submission_method": "in-app"},
    },
    {
        "external_id": "casting-demo-true-north",
        "member": "user-demo-grace",
        "project_title": "True North",
        "project_type": "feature",
        "production_company": "Northern Light Docs (sample)",
        "description": "A documentary about ice-road truckers: looking for a narrator and a sound recordist.",
        "location_city": "Toronto", "location_country": "CA", "is_remote": False,
        "budget_range": "", "visibility": "public", "status": "closed",
        "posted_days_ago": 40, "deadline_in_days": -3,
        "roles": [
            {"key": "narrator", "type": "lead", "title": "Narrator", "compensation": "paid",
             "category": "voice", "audition_type": "virtual", "requirements": {}},
            {"key": "sound", "type": "crew", "title": "Sound recordist", "compensation": "unpaid",
             "category": "crew", "department": "Sound", "audition_type": "virtual", "requirements": {}},
        ],
        "guideline": None,
    },
    {
        "external_id": "casting-demo-midnight-in-seoul",
        "member": "user-demo-hyun",
        "project_title": "Midnight in Seoul",
        "project_type": "feature",
        "production_company": "Han River Films (sample)",
        "description": "A revenge thriller; stunt performers wanted for a rooftop chase. Verified members only.",
        "location_city": "Seoul", "location_country": "KR", "is_remote": False,
        "budget_range": "", "visibility": "verified-only", "status": "active",
        "posted_days_ago": 2, "deadline_in_days": 14,
        "roles": [
            {"key": "stunt", "type": "supporting", "title": "Stunt double", "compensation": "paid",
             "category": "stunts", "audition_type": "in-person", "requirements": {"skills": ["parkour"]}},
        ],
        "guideline": None,
    },
]


def demo_is_loaded() -> bool:
    ids = [call["external_id"] for call in CALLS]
    return CastingCall.objects.filter(external_id__in=ids).count() == len(ids)


@transaction.atomic
def demo_load() -> dict[str, int]:
    now = timezone.now()
    calls, roles, guidelines = [], [], 0
    for spec in CALLS:
        fields = {
            key: spec[key]
            for key in ("project_title", "project_type", "production_company", "location_city", "location_country",
                        "is_remote", "budget_range", "visibility", "status")  # fmt: skip
        }
        fields["description"] = f"{SAMPLE} {spec['description']}"
        fields["posted_by"] = demo_member(spec["member"])
        fields["posted_date"] = now - timedelta(days=spec["posted_days_ago"])
        fields["submission_deadline"] = now + timedelta(days=spec["deadline_in_days"])
        fields["moderation_status"] = "visible"
        call, _ = CastingCall.objects.update_or_create(external_id=spec["external_id"], defaults=fields)
        calls.append(call)
        for role in spec["roles"]:
            values = {key: value for key, value in role.items() if key != "key"}
            CastingCallRole.objects.update_or_create(
                external_id=f"{spec['external_id']}-{role['key']}", defaults={"call": call, **values}
            )
            roles.append(role)
        if spec["guideline"]:
            SubmissionGuideline.objects.update_or_create(call=call, defaults=spec["guideline"])
            guidelines += 1
    return {"casting_calls": len(calls), "casting_call_roles": len(roles), "submission_guidelines": guidelines}


def demo_refresh() -> dict[str, int]:
    """Move the demo deadlines relative to today again (the open calls stay open)."""
    return demo_load()
