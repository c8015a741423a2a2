from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("lofte.core.urls")),
    path("dialoger/", include("lofte.dialogues.urls")),
    path("analys/", include("lofte.analysis.urls")),
    path("lagesbild/", include("lofte.situation.urls")),
    path("medborgarloften/", include("lofte.promises.urls")),
    path("arenden/", include("lofte.cases.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
