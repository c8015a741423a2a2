"""Cases: the resident's forms and tracking page (public), the handler's inbox, case and actions.

Cases are the organisation's own: members of the police area and of other organisations get 404, members of
the kommun whose role may not handle cases get 403.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.core.files.base import ContentFile

from lofte.cases.models import Case, CaseKind, Category, HandlerGroup, ReplyTemplate, RoutingRule, SavedView
from lofte.cases.services import case_submit
from tests.matrix.base import ADMIN, CASE_HANDLER, EVERYONE, OUTSIDER, PLATFORM_ADMIN, POLICE_MEMBERS, Row

HANDLERS = frozenset({PLATFORM_ADMIN, ADMIN, CASE_HANDLER})
# The category tree, groups and routing rules are the organisation's administrators'.
SETTINGS_ADMINS = frozenset({PLATFORM_ADMIN, ADMIN})
NOT_IN_SJOSTAD = POLICE_MEMBERS | {OUTSIDER}


def build(world: SimpleNamespace) -> None:
    world.light_category = Category.objects.create(
        organisation=world.sjostad, slug="gatubelysning", name_sv="Gatubelysning", duplicate_distance_m=30
    )
    world.case_key = uuid.uuid4()
    submitted = case_submit(
        organisation=world.sjostad,
        kind=CaseKind.FAULT,
        category=world.light_category,
        message="Släckt lampa",
        idempotency_key=world.case_key,
        lat=58.5,
        lng=13.15,
    )
    world.case, world.case_token = submitted.case, submitted.token
    world.case.photo.save("matrix.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    world.other_case = case_submit(
        organisation=world.sjostad, kind=CaseKind.FEEDBACK, message="Bra", idempotency_key=uuid.uuid4()
    ).case
    world.reply_template = ReplyTemplate.objects.create(organisation=world.sjostad, name="Tack", text="Tack!")
    world.spare_category = Category.objects.create(organisation=world.sjostad, slug="klotter", name_sv="Klotter")
    world.case_group = HandlerGroup.objects.create(organisation=world.sjostad, name="Gatuenheten")
    world.spare_group = HandlerGroup.objects.create(organisation=world.sjostad, name="Parkenheten")
    world.routing_rule = RoutingRule.objects.create(
        organisation=world.sjostad, category=world.light_category, group=world.case_group
    )
    # Shared, so the organisation's administrators may remove it as well as its owner.
    world.saved_view = SavedView.objects.create(
        organisation=world.sjostad,
        owner=world.users["case_handler"],
        name="Försenade",
        query="status=open&overdue=on",
        shared=True,
    )


def _org(w: SimpleNamespace) -> dict:
    return {"slug": w.sjostad.slug}


def _case(w: SimpleNamespace) -> dict:
    return {"slug": w.sjostad.slug, "reference": w.case.reference}


def _row(name: str, data, ok: int | tuple[int, ...] = 302) -> Row:  # noqa: ANN001
    return Row(f"cases:{name}", _case, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD, method="post", data=data, ok=ok)


ROWS = [
    Row("cases_public:feedback", _org, allowed=EVERYONE, public=True),
    Row("cases_public:fault", _org, allowed=EVERYONE, public=True),
    Row(
        "cases_public:feedback",
        _org,
        allowed=EVERYONE,
        public=True,
        method="post",
        data=lambda w: {"idempotency_key": str(uuid.uuid4()), "feedback_type": "fraga", "message": "Hej"},
        ok=302,
    ),
    Row(
        "cases_public:receipt",
        lambda w: {"slug": w.sjostad.slug, "key": str(w.case_key)},
        allowed=EVERYONE,
        public=True,
    ),
    Row("cases_public:track", lambda w: {"token": w.case_token}, allowed=EVERYONE, public=True),
    Row("cases:case_detail", _case, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD),
    Row("cases:case_photo", _case, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD),
    Row("cases:organisation", _org, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD, query="status=open&overdue=on"),
    Row("cases:reply_templates", _org, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD),
    Row(
        "cases:reply_template_edit",
        lambda w: {"slug": w.sjostad.slug, "pk": w.reply_template.pk},
        allowed=HANDLERS,
        hidden=NOT_IN_SJOSTAD,
    ),
    _row("case_assign", lambda w: {"handler": w.users["case_handler"].pk}),
    _row("case_status", lambda w: {"status": Case.Status.IN_PROGRESS}),
    _row("case_reply", lambda w: {"text": "Vi tittar på det."}),
    _row("case_note", lambda w: {"text": "Intern"}),
    _row("case_public_text", lambda w: {"text": "Släckt lampa vid torget"}),
    _row("case_diarienummer", lambda w: {"diarienummer": "KS 2026/12"}),
    _row("case_merge", lambda w: {"into": w.other_case.reference}),
    _row("case_convert", lambda w: {"kind": CaseKind.FEEDBACK, "feedback_type": "fraga"}),
]


def _pk(attribute: str):  # noqa: ANN202
    return lambda w: {"slug": w.sjostad.slug, "pk": getattr(w, attribute).pk}


def _admin_row(name: str, kwargs=_org, data=None, method: str = "get", ok: int = 200) -> Row:  # noqa: ANN001
    return Row(
        f"cases:{name}",
        kwargs,
        allowed=SETTINGS_ADMINS,
        hidden=NOT_IN_SJOSTAD,
        method=method,
        data=data,
        ok=ok,
    )


def _category_data(w: SimpleNamespace) -> dict:
    return {
        "name_sv": "Potthål",
        "name_en": "Pothole",
        "kind": CaseKind.FAULT,
        "theme": "",
        "duplicate_distance_m": 10,
        "duplicate_days": 30,
        "target_days": 14,
        "group": w.case_group.pk,
    }


ROWS += [
    Row(
        "cases:reply_template_delete",
        _pk("reply_template"),
        allowed=HANDLERS,
        hidden=NOT_IN_SJOSTAD,
        method="post",
        ok=302,
    ),
    _admin_row("categories"),
    _admin_row("categories", data=_category_data, method="post", ok=302),
    _admin_row("category_edit", _pk("light_category")),
    _admin_row("category_edit", _pk("light_category"), data=_category_data, method="post", ok=302),
    _admin_row("category_move", _pk("spare_category"), data=lambda w: {"direction": "up"}, method="post", ok=302),
    _admin_row("category_active", _pk("light_category"), data=lambda w: {"active": "0"}, method="post", ok=302),
    _admin_row("category_delete", _pk("spare_category"), data=lambda w: {}, method="post", ok=302),
    _admin_row("groups"),
    _admin_row("groups", data=lambda w: {"name": "Kontaktcenter"}, method="post", ok=302),
    _admin_row("group_edit", _pk("case_group")),
    _admin_row(
        "group_edit",
        _pk("case_group"),
        data=lambda w: {"name": "Gatuenheten", "members": [w.users["case_handler"].pk]},
        method="post",
        ok=302,
    ),
    _admin_row("group_delete", _pk("spare_group"), data=lambda w: {}, method="post", ok=302),
    _admin_row("rules"),
    _admin_row(
        "rules", data=lambda w: {"category": w.spare_category.pk, "group": w.case_group.pk}, method="post", ok=302
    ),
    _admin_row("rule_delete", _pk("routing_rule"), data=lambda w: {}, method="post", ok=302),
    Row(
        "cases:view_save",
        _org,
        allowed=HANDLERS,
        hidden=NOT_IN_SJOSTAD,
        method="post",
        data=lambda w: {"name": "Mina", "query": "status=open&mine=on"},
        ok=302,
    ),
    Row("cases:view_delete", _pk("saved_view"), allowed=HANDLERS, hidden=NOT_IN_SJOSTAD, method="post", ok=302),
    Row("cases:statistics", _org, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD, query="fran=2026-01-01&till=2026-12-31"),
    Row("cases:statistics_csv", _org, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD),
]
