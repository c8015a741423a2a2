"""Public pages of the dialogues app, under /p/ (no login, no second factor)."""

from django.urls import path

from lofte.dialogues.views import public

app_name = "dialogues_public"

urlpatterns = [
    path("dialog/<slug:slug>/", public.public_form, name="form"),
    path("dialog/<slug:slug>/tack/", public.public_receipt, name="receipt"),
]
