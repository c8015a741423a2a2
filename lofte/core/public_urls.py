"""Public pages of the core app, under /p/ (no login, no cookie)."""

from django.urls import path

from lofte.core.views import privacy

app_name = "core_public"

urlpatterns = [
    path("<slug:slug>/integritet/", privacy.privacy_page, name="privacy"),
]
