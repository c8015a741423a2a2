"""Every public URL that takes a POST is rate-limited. The URLs are walked from the permission matrix's public
rows (tests/matrix/rows_*.py), so a new public form or API without a limit fails here: with every
`*_RATE_LIMIT` setting at 0, a public POST must be refused with 429, or not be taken at all (405), or store
nothing, or be listed below with the control that stands in for a per-address limit."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings as django_settings
from django.urls import reverse

from tests.test_permission_matrix import ROWS, _module_world, world  # noqa: F401 - fixtures

# Public URLs that take a POST without the per-address limit, and why that is safe.
OTHER_CONTROLS = {
    "core:login": "django-axes locks a username and address after 5 failures "
    "(tests/foundation/test_sign_in.py::test_five_wrong_passwords_lock_the_account_for_a_while)",
    "core:logout": "ends the caller's own session, stores nothing",
    "core:email_change_confirm": "acts only with the unguessable token mailed to one address, once",
    "core:invitation_open": "acts only with the unguessable token mailed to one invited address, once",
}
# The resident-facing forms: these must answer 429, not merely store nothing.
LIMITED_FORMS = {"dialogues_public:form", "cases_public:feedback", "cases_public:fault"}


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_every_public_post_url_is_rate_limited(client, world, settings) -> None:  # noqa: F811
    limits = [name for name in dir(django_settings) if name.endswith("RATE_LIMIT")]
    assert "LOFTE_PUBLIC_FORM_RATE_LIMIT" in limits
    for name in limits:
        setattr(settings, name, 0)
    public = {}
    for row in ROWS:
        if row.public and (row.url_name not in public or row.method == "post"):
            public[row.url_name] = row  # a row that posts real data wins over the page's GET row
    outcomes = {}
    for name, row in public.items():
        url = reverse(name, kwargs=row.kwargs(world))
        data = row.data(world) if row.data and row.method == "post" else {"idempotency_key": "", "text": "x"}
        before = _row_counts()
        status = client.post(url, data).status_code
        stored = {label: n for label, n in _row_counts().items() if n != before[label]}
        outcomes[name] = status
        if status in (429, 405) or name in OTHER_CONTROLS:
            continue
        assert not stored, f"POST {url} ({name}) answered {status} and stored {stored} with the limit at 0"
    assert {name for name, status in outcomes.items() if status == 429} >= LIMITED_FORMS, outcomes
    assert set(OTHER_CONTROLS) <= set(public), "a listed URL is no longer public: update OTHER_CONTROLS"
