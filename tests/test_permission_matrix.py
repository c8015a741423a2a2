"""Every URL × every persona, compared with the table in tests/matrix/rows_*.py."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from lofte.core.models import Membership, Organisation, Partnership
from lofte.core.roles import Role
from lofte.dialogues.models import Dialogue
from tests import matrix
from tests.conftest import FAST_HASHERS, make_user, verify_second_factor
from tests.matrix.base import ANONYMOUS, PERSONAS, Row

ROW_MODULES = [
    importlib.import_module(f"tests.matrix.{m.name}")
    for m in pkgutil.iter_modules(matrix.__path__)
    if m.name.startswith("rows_")
]
ROWS: list[Row] = [row for module in ROW_MODULES for row in module.ROWS]

# Framework URLs that are not Löfte's own pages.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"set_language", "javascript-catalog"}


def _build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.sjostad = Organisation.objects.create(
        name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901"
    )
    w.lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    w.grannby = Organisation.objects.create(
        name="Grannby kommun", slug="grannby", kind="municipality", kommunkod="9902"
    )
    w.partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=w.sjostad, police_area=w.lpo
    )
    w.users = {
        "platform_admin": make_user("root", is_superuser=True, is_staff=True),
        "admin": make_user("alva", w.sjostad, Role.ADMIN),
        "police_admin": make_user("nils", w.lpo, Role.ADMIN),
        "analyst": make_user("sara", w.sjostad, Role.ANALYST),
        "police_analyst": make_user("johan", w.lpo, Role.ANALYST),
        "dialogue_staff": make_user("mira", w.sjostad, Role.DIALOGUE_STAFF),
        "police_dialogue_staff": make_user("ali", w.lpo, Role.DIALOGUE_STAFF),
        "case_handler": make_user("karin", w.sjostad, Role.CASE_HANDLER),
        "police_case_handler": make_user("vera", w.lpo, Role.CASE_HANDLER),
        "reader": make_user("erik", w.sjostad, Role.READER),
        "outsider": make_user("gunnar", w.grannby, Role.ADMIN),
    }
    assert Membership.objects.count() == 10
    for module in ROW_MODULES:
        module.build(w)
    return w


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    """Built once for the module inside a transaction that is rolled back at its end, as TestCase's
    setUpTestData does: each test then runs in a savepoint of it, so a POST's changes vanish after the test."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(db, _module_world) -> SimpleNamespace:
    for user in _module_world.users.values():
        user.__dict__.pop("_roles_cache", None)
    # The interviewer may correct their own record on the day they made it. The world is built once for the
    # module, so a run that passes midnight in Stockholm would find yesterday's record: it is made "now" again
    # in each test's savepoint.
    Dialogue.objects.filter(pk=_module_world.capture_dialogue.pk).update(created_at=timezone.now())
    return _module_world


def expected_statuses(row: Row, persona: str) -> tuple[int, ...]:
    if persona == ANONYMOUS and not row.public:
        return (302,)
    if persona in row.allowed:
        return row.ok if isinstance(row.ok, tuple) else (row.ok,)
    if persona in row.hidden:
        return (404,)
    return (403,)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_each_persona_gets_what_the_matrix_says(client, world, row: Row, persona: str) -> None:
    if persona != ANONYMOUS:
        user = world.users[persona]
        client.force_login(user)
        if user.needs_two_factor():
            verify_second_factor(client, user)
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    if row.query:
        url = f"{url}?{row.query}"
    data = row.data(world) if row.data else {}
    response = getattr(client, row.method)(url, data)
    assert response.status_code in expected_statuses(row, persona), (
        f"{persona} {row.method.upper()} {url}: got {response.status_code}, expected {expected_statuses(row, persona)}"
    )
    if persona == ANONYMOUS and not row.public:
        assert "/konto/logga-in/" in response["Location"]
    if response.status_code in (200, 400) and response.get("Content-Type", "").startswith("text/html"):
        # A label or an error link that points at a shared id leads to the wrong field (axe no longer checks it).
        ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
        assert len(ids) == len(set(ids)), f"{url}: ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}"


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            names |= _names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in EXEMPT_NAMES:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_of_the_product_is_in_the_matrix() -> None:
    missing = _names(get_resolver()) - {row.url_name for row in ROWS}
    assert not missing, f"URLs with no row in tests/matrix/rows_*.py: {sorted(missing)}"
