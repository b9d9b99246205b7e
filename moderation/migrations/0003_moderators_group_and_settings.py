"""The "Moderators" group with what the moderation issue lets moderators do, and the system
settings' rows at their defaults.

Moderators see and act on the moderation queue (items: view, change for "assign to me" and the
actions; reports and the action history: view only), see and edit members' records
(admin_user_meta: shown inline on the member's admin page, edited on its own page; users are
view-only to them),
change the status of reported pulses and comments, and curate the catalog. Nothing about
system settings, metrics, groups or permissions, and no delete of anything in moderation.

The same list lives in social.services.accounts (MODERATOR_PERMISSIONS), which
`moderators_group_ensure` applies for installs and tests; this migration is its frozen copy.
"""

from django.db import migrations

GROUP = "Moderators"
BY_APP_ACTION = {"movies": ["view", "change"], "social": ["view"], "quizzes": ["view", "add", "change"]}
CODENAMES = {
    "social": ["change_pulse", "change_pulsecomment"],
    "moderation": [
        "view_moderationitem",
        "change_moderationitem",
        "view_moderationreport",
        "view_moderationaction",
        "view_adminusermeta",
        "change_adminusermeta",
    ],
}
DEFAULTS = {
    "report_threshold": (3, "Reports from this many different members hide the content at once, pending a moderator."),
    "review_edit_window_hours": (24, "Hours after posting during which a review can be edited."),
    "pulse_max_length": (500, "Longest pulse text, in characters."),
    "notification_retention_months": (6, "Months that read notifications are kept before cleanup."),
    "default_page_size": (20, "Page size of API lists when the client names none."),
    "suspension_default_days": (7, "Days of a suspension when the moderator names none."),
    "registration_open": (True, "Whether new members may register."),
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        config.models_module = True  # create_permissions skips apps it thinks have no models
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = Permission.objects.none()
    for app_label, actions in BY_APP_ACTION.items():
        for action in actions:
            wanted |= Permission.objects.filter(content_type__app_label=app_label, codename__startswith=f"{action}_")
    for app_label, codenames in CODENAMES.items():
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(wanted)
    SystemSetting = apps.get_model("moderation", "SystemSetting")
    for key, (value, description) in DEFAULTS.items():
        SystemSetting.objects.get_or_create(key=key, defaults={"value": value, "description": description})


def backwards(apps, schema_editor):
    apps.get_model("moderation", "SystemSetting").objects.filter(key__in=list(DEFAULTS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_items_reports_actions_settings_metrics"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("social", "0006_trending_topics"),
        ("movies", "0004_catalog_imdb_ids_sort_keys_popularity"),
        ("quizzes", "0002_quizzes_integrity_triggers"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
