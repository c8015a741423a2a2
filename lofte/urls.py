from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from lofte.core import health, openapi

urlpatterns = [
    # For the load balancer and monitoring (lofte/core/health.py): no login, no session, no cookie.
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    # Every JSON endpoint described in one OpenAPI 3.1 document (docs/openapi/*.yaml merged).
    path("api/openapi.json", openapi.openapi_json, name="openapi"),
    path("", include("lofte.core.urls")),
    path("dialoger/", include("lofte.dialogues.urls")),
    path("p/", include("lofte.dialogues.public_urls")),
    path("p/", include("lofte.cases.public_urls")),
    path("p/lagesbild/", include("lofte.situation.public_urls")),
    path("p/", include("lofte.promises.public_urls")),
    path("p/", include("lofte.analysis.public_urls")),
    path("p/", include("lofte.core.public_urls")),
    # Last of the public pages: /p/<kommun>/ would otherwise shadow the fixed /p/… addresses above.
    path("", include("lofte.public.urls")),
    path("webbplats/", include("lofte.public.staff_urls")),
    path("analys/", include("lofte.analysis.urls")),
    path("lagesbild/", include("lofte.situation.urls")),
    path("medborgarloften/", include("lofte.promises.urls")),
    # Before the cases: their <slug>/<reference>/ would take the keys page.
    path("arenden/", include("lofte.open311.staff_urls")),
    path("arenden/", include("lofte.cases.urls")),
    # The Open311 GeoReport v2 API: no session, no cookie, keys instead of sign-in (lofte/open311/views/api.py).
    path("open311/v2/", include("lofte.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Translations for the few texts scripts show (gettext() in static/lofte/*.js); the same for every visitor.
    path("i18n/js/", cache_page(3600)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]

# Django's default 400 view re-reads a body it could not read the first time (a 500); ours does not.
handler400 = "lofte.core.views.errors.bad_request"
