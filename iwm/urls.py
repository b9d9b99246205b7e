from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from iwm.api.errors import api_not_found
from iwm import health
from iwm.api.views import ApiRootApi
from iwm.telemetry.metrics import metrics_view
from iwm.views import HomePage

api_v1 = [
    path("", ApiRootApi.as_view(), name="api-root"),
    path("", include("social.urls")),
    path("", include("movies.urls")),
    path("", include("awards.urls")),
    path("", include("boxoffice.urls")),
    path("", include("quizzes.urls")),
    path("", include("talent.urls")),
    path("", include("moderation.urls")),
]

urlpatterns = [
    path("", HomePage.as_view(), name="home"),
    path("admin/", admin.site.urls),
    # For load balancers and Prometheus (not part of the API: no /api/ prefix, not in the schema).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/", api_not_found),
]

handler400 = "iwm.api.errors.handler400"
handler404 = "iwm.api.errors.handler404"
handler500 = "iwm.api.errors.handler500"
