"""Public pages of the promises app, under /p/ (no login, no second factor): stable addresses others link to."""

from django.urls import path

from lofte.promises.feeds import PromiseNewsFeed
from lofte.promises.views import public

app_name = "promises_public"

urlpatterns = [
    path("medborgarloften/", public.promise_list, name="list"),
    path("medborgarloften.json", public.promise_list_json, name="list_json"),
    path("medborgarloften.atom", PromiseNewsFeed(), name="feed"),
    path("medborgarloften/<slug:slug>.atom", PromiseNewsFeed(), name="partnership_feed"),
    path("medborgarloften/<slug:slug>/<int:year>/", public.promise_page, name="promise"),
    path("medborgarloften/<slug:slug>/<int:year>.json", public.promise_json, name="promise_json"),
    path("medborgarloften/<slug:slug>/<int:year>.pdf", public.promise_pdf, name="promise_pdf"),
]
