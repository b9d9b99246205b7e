from django.apps import AppConfig


class BoxofficeConfig(AppConfig):
    name = "boxoffice"
    verbose_name = "Box office"
