"""Moderation in the Django admin: the queue and its actions, the read-only trail, members'
records (also inline on the user page), system settings, and the metrics dashboard."""

from moderation.admin import dashboard, members, queue, settings  # noqa: F401
