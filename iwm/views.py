"""The few pages IWM renders itself (the rest is the API and the admin)."""

from django.views.generic import TemplateView


class HomePage(TemplateView):
    template_name = "home.html"
