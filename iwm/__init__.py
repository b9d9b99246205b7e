"""IWM project package: settings, URLs, the Celery app (iwm.celery), embedded servers and shared
helpers. The Celery app is made current in IwmConfig.ready(), not here, so that importing this
package (e.g. `python -m iwm.launcher`) sets no DJANGO_SETTINGS_MODULE."""
