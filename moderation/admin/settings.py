"""System settings in the admin: each known key with its description and default, a value
checked by the key's validator (a wrong value is refused with its message), and who changed it
when. Saving clears the cached value, so every process uses the new one without a restart.
Moderators have no permission here; admins (superusers) do."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from moderation.models import SystemSetting
from moderation.system_settings import SETTINGS, setting_forget, setting_validate


class SystemSettingForm(forms.ModelForm):
    key = forms.ChoiceField(choices=[(key, key) for key in sorted(SETTINGS)])
    value = forms.JSONField(help_text="JSON: 5, true, \"text\".")

    class Meta:
        model = SystemSetting
        fields = ["key", "value"]

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("key") or self.instance.key
        if key and "value" in cleaned:
            try:
                cleaned["value"] = setting_validate(key, cleaned["value"])
            except ValidationError as exc:
                self.add_error("value", exc.message_dict.get("value", exc.messages))
        return cleaned


@admin.register(SystemSetting)
class SystemSettingAdmin(admin.ModelAdmin):
    form = SystemSettingForm
    list_display = ["key", "value", "default", "description", "updated_by", "updated_at"]
    list_select_related = ["updated_by"]
    search_fields = ["key"]
    readonly_fields = ["default", "description", "updated_by", "updated_at"]

    @admin.display(description="default")
    def default(self, row):
        spec = SETTINGS.get(row.key) if row else None
        return "" if spec is None else repr(spec.default)

    def get_readonly_fields(self, request, obj=None):
        # A row's key stays its key: change the value, or add the row of another key.
        return [*self.readonly_fields, "key"] if obj else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form.base_fields.pop("key", None)
        return form

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        obj.description = SETTINGS[obj.key].description
        obj.value = setting_validate(obj.key, obj.value)
        super().save_model(request, obj, form, change)
        setting_forget(obj.key)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        setting_forget(obj.key)
