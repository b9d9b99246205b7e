"""`system_settings`: the product's tunable values, one row per key that someone set.

What keys exist, their types, defaults, descriptions and validators is code
(moderation.system_settings.SETTINGS); a key with no row has its default. Read them through
`moderation.system_settings.setting_get(key)` (cached; a change clears the cache, so it takes
effect in every process without a restart).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SystemSetting(models.Model):
    key = models.CharField(max_length=100, unique=True)
    value = models.JSONField()
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "system_settings"
        verbose_name = "system setting"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def clean(self):
        from moderation.system_settings import setting_validate

        self.value = setting_validate(self.key, self.value)
