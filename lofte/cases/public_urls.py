"""Public pages of the cases app, under /p/ (no login, no second factor)."""

from django.urls import path

from lofte.cases.views import public

app_name = "cases_public"

urlpatterns = [
    path("arende/<str:token>/", public.track, name="track"),
    path("<slug:slug>/tyck-till/", public.feedback, name="feedback"),
    path("<slug:slug>/felanmalan/", public.fault, name="fault"),
    path("<slug:slug>/mottaget/<str:key>/", public.receipt, name="receipt"),
]
