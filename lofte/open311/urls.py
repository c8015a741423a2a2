from django.urls import re_path

from lofte.open311.views import api

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(rf"^discovery{FMT}", api.discovery, name="discovery"),
    re_path(rf"^services{FMT}", api.service_list, name="services"),
    re_path(rf"^services/(?P<code>[A-Za-z0-9_\-.]{{1,60}}?){FMT}", api.service_definition, name="service"),
    re_path(rf"^requests{FMT}", api.requests, name="requests"),
    re_path(rf"^requests/(?P<request_id>[A-Za-z0-9_\-]{{1,40}}){FMT}", api.request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>[A-Za-z0-9_\-]{{1,60}}){FMT}", api.token, name="token"),
    re_path(rf"^servicerequestupdates{FMT}", api.request_updates, name="updates"),
    # The singular spellings of the official swagger.json and the PyPI `open311` client (errata of those tools).
    re_path(rf"^service/(?P<code>[A-Za-z0-9_\-.]{{1,60}}?){FMT}", api.service_definition),
    re_path(rf"^request/(?P<request_id>[A-Za-z0-9_\-]{{1,40}}){FMT}", api.request_detail),
    re_path(r"^(?P<rest>[\s\S]*)$", api.not_found),  # a newline too (schemathesis sends one)
]
