"""Every write of the promises app: drafting, approval, publication, new versions and logged activities.

Where it is decided that a promise may be published: ``promise_publish``. A version's content changes only
while it is a draft or agreed; a change to an agreed (or partly approved) version withdraws its approvals,
since the parties approved what it said before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core.audit import audit_log, diff, snapshot
from lofte.core.models import Area, Membership, Organisation, Partnership, Place, User
from lofte.core.roles import Action
from lofte.promises.models import Activity, Commitment, FocusArea, Promise, PromiseApproval
from lofte.promises.selectors import LagesbildCandidates, candidate_evidence

PROMISE_FIELDS = ["start_year", "end_year", "title_sv", "title_en", "intro_sv", "intro_en", "status", "version"]
FOCUS_AREA_FIELDS = ["theme", "times", "title_sv", "title_en", "why_sv", "why_en", "position"]
COMMITMENT_FIELDS = [
    "what_sv",
    "what_en",
    "owner",
    "partner_name",
    "starts_on",
    "ends_on",
    "target_kind",
    "target_value",
    "survey_item",
    "baseline_value",
    "measured_value",
    "status",
    "parent",
    "contact",
]
ACTIVITY_FIELDS = ["occurred_on", "what", "where", "count", "note", "planned"]


def _audit(*, by: User, action: str, target: Any, promise: Promise, changes: dict[str, Any]) -> None:
    audit_log(actor=by, action=action, target=target, organisation=promise.partnership.municipality, changes=changes)


def _require_editable(promise: Promise) -> None:
    if not promise.is_editable:
        raise ValidationError(_("Ett publicerat medborgarlöfte ändras bara genom en ny version."))


def _withdraw_approvals(*, promise: Promise, by: User) -> None:
    """The parties approved the text as it was: any change means approving again."""
    approvals = list(promise.approvals.select_related("organisation"))
    if not approvals and promise.status == Promise.Status.DRAFT:
        return
    promise.approvals.all().delete()
    if promise.status != Promise.Status.DRAFT:
        promise.status = Promise.Status.DRAFT
        promise.save(update_fields=["status"])
    _audit(
        by=by,
        action="promise.approvals_withdrawn",
        target=promise,
        promise=promise,
        changes={"organisations": [a.organisation.name for a in approvals]},
    )


def _changed(*, promise: Promise, by: User) -> None:
    # Read the state afresh and hold the row: an approval arriving while content changes would approve text
    # its signatory never saw.
    current = Promise.objects.select_for_update().get(pk=promise.pk)
    _require_editable(current)
    _withdraw_approvals(promise=current, by=by)
    promise.status = current.status


# Promises -----------------------------------------------------------------------------------------------


def _refuse_overlap(*, partnership: Partnership, start_year: int, end_year: int) -> None:
    """A year has one promise per partnership: its versions (the same start year) are the same promise, any
    other promise covering one of the years is refused."""
    other = (
        Promise.objects.filter(partnership=partnership, start_year__lte=end_year, end_year__gte=start_year)
        .exclude(start_year=start_year)
        .order_by("start_year")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _(
                "Medborgarlöftet för %(period)s gäller redan en del av de här åren. "
                "Välj år som inget annat löfte gäller."
            )
            % {"period": other.period}
        )


@transaction.atomic
def promise_create(
    *,
    partnership: Partnership,
    by: User,
    start_year: int,
    end_year: int | None = None,
    title_sv: str,
    title_en: str = "",
    intro_sv: str = "",
    intro_en: str = "",
) -> Promise:
    """The first version of a partnership's promise for a period (usually one year, sometimes two)."""
    end_year = end_year or start_year
    if end_year < start_year:
        raise ValidationError(_("Perioden kan inte sluta före den börjar."))
    # Held until the end: two people starting overlapping years at once would both find no overlap.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    if Promise.objects.filter(partnership=partnership, start_year=start_year).exists():
        raise ValidationError(_("Det finns redan ett medborgarlöfte som börjar %(year)s.") % {"year": start_year})
    _refuse_overlap(partnership=partnership, start_year=start_year, end_year=end_year)
    try:
        with transaction.atomic():
            promise = Promise.objects.create(
                partnership=partnership,
                start_year=start_year,
                end_year=end_year,
                title_sv=title_sv,
                title_en=title_en,
                intro_sv=intro_sv,
                intro_en=intro_en,
                created_by=by,
            )
    except IntegrityError as error:  # two people creating the same year at once
        raise ValidationError(
            _("Det finns redan ett medborgarlöfte som börjar %(year)s.") % {"year": start_year}
        ) from error
    _audit(by=by, action="promise.create", target=promise, promise=promise, changes=snapshot(promise, PROMISE_FIELDS))
    return promise


@transaction.atomic
def promise_update(*, promise: Promise, by: User, **fields: Any) -> Promise:
    allowed = {"end_year", "title_sv", "title_en", "intro_sv", "intro_en"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown promise fields: {sorted(unknown)}")
    _changed(promise=promise, by=by)
    before = snapshot(promise, PROMISE_FIELDS)
    for name, value in fields.items():
        setattr(promise, name, value)
    if promise.end_year < promise.start_year:
        raise ValidationError(_("Perioden kan inte sluta före den börjar."))
    if "end_year" in fields:
        Partnership.objects.select_for_update().filter(pk=promise.partnership_id).first()
        _refuse_overlap(partnership=promise.partnership, start_year=promise.start_year, end_year=promise.end_year)
    promise.save()
    _audit(
        by=by,
        action="promise.update",
        target=promise,
        promise=promise,
        changes=diff(before, snapshot(promise, PROMISE_FIELDS)),
    )
    return promise


def may_approve_for(*, user: User, organisation: Organisation) -> bool:
    """Approving signs for an organisation: only its own members with the approving role, never an
    installation administrator on another's behalf."""
    role = user.role_in(organisation.pk) if user.is_authenticated else None
    return role is not None and role.may(Action.APPROVE_PROMISES)


@transaction.atomic
def promise_approve(*, promise: Promise, organisation: Organisation, by: User) -> PromiseApproval:
    """A party's approval of the current version, signed by one of its members (name and title kept as they
    are now). When every party has approved, the version is agreed and may be published."""
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.status != Promise.Status.DRAFT and promise.status != Promise.Status.AGREED:
        raise ValidationError(_("Bara ett utkast kan godkännas."))
    if organisation.pk not in promise.partnership.organisation_ids():
        raise ValidationError(_("%(organisation)s är inte part i samverkan.") % {"organisation": organisation})
    if not may_approve_for(user=by, organisation=organisation):
        raise PermissionDenied(_("Du kan bara godkänna för din egen organisation."))
    if not promise.focus_areas.filter(commitments__isnull=False).exists():
        raise ValidationError(_("Lägg till minst ett fokusområde med ett åtagande innan löftet godkänns."))
    existing = promise.approvals.filter(organisation=organisation).first()
    if existing:
        return existing
    membership = Membership.objects.get(user=by, organisation=organisation)
    approval = PromiseApproval.objects.create(
        promise=promise,
        organisation=organisation,
        approved_by=by,
        signatory_name=by.get_full_name() or by.username,
        signatory_title=membership.title,
    )
    _audit(
        by=by,
        action="promise.approve",
        target=promise,
        promise=promise,
        changes={"organisation": organisation.name, "version": promise.version},
    )
    missing = promise.partnership.organisation_ids() - set(promise.approvals.values_list("organisation_id", flat=True))
    if not missing:
        promise.status = Promise.Status.AGREED
        promise.save(update_fields=["status"])
    return approval


def missing_approvals(promise: Promise) -> list[Organisation]:
    approved = set(promise.approvals.values_list("organisation_id", flat=True))
    return list(Organisation.objects.filter(pk__in=promise.partnership.organisation_ids() - approved).order_by("name"))


@transaction.atomic
def promise_publish(*, promise: Promise, by: User) -> Promise:
    """Publishing is refused until every party has approved this very version."""
    promise = Promise.objects.select_for_update().select_related("partnership").get(pk=promise.pk)
    if promise.is_public:
        return promise
    missing = missing_approvals(promise)
    if missing or promise.status != Promise.Status.AGREED:
        raise ValidationError(
            _("Alla parter måste godkänna den här versionen först. Saknas: %(parties)s.")
            % {"parties": ", ".join(o.name for o in missing) or "–"}
        )
    # A new version of a year already evaluated is published evaluated: the year's outcome stands beside it.
    evaluated = Promise.objects.filter(
        partnership=promise.partnership,
        start_year=promise.start_year,
        evaluation__published_at__isnull=False,
    ).exists()
    promise.status = Promise.Status.EVALUATED if evaluated else Promise.Status.PUBLISHED
    promise.published_at = timezone.now()
    promise.published_by = by
    promise.save(update_fields=["status", "published_at", "published_by"])
    _audit(by=by, action="promise.publish", target=promise, promise=promise, changes={"version": promise.version})
    return promise


@transaction.atomic
def promise_new_version(*, promise: Promise, by: User) -> Promise:
    """A published promise changes only through a new version: a draft copy that every party approves again.
    Commitments keep their lineage, so the activities already logged still count."""
    promise = Promise.objects.select_for_update().select_related("partnership").get(pk=promise.pk)
    if not promise.is_public:
        raise ValidationError(_("Bara ett publicerat medborgarlöfte får en ny version."))
    if Promise.objects.filter(previous=promise).exists():
        raise ValidationError(_("Det finns redan en nyare version."))
    latest = Promise.objects.filter(partnership=promise.partnership, start_year=promise.start_year).aggregate(
        Max("version")
    )["version__max"]
    if latest != promise.version:
        raise ValidationError(_("Bara den senaste versionen kan ändras."))
    draft = Promise.objects.create(
        partnership=promise.partnership,
        start_year=promise.start_year,
        end_year=promise.end_year,
        version=promise.version + 1,
        previous=promise,
        title_sv=promise.title_sv,
        title_en=promise.title_en,
        intro_sv=promise.intro_sv,
        intro_en=promise.intro_en,
        created_by=by,
    )
    for focus_area in promise.focus_areas.prefetch_related("areas"):
        copy = FocusArea.objects.create(
            promise=draft, **{name: getattr(focus_area, name) for name in [*FOCUS_AREA_FIELDS, "evidence"]}
        )
        copy.areas.set(focus_area.areas.all())
        copies: dict[int, Commitment] = {}
        # Parents before children: a parent is created with a lower pk in its own version.
        for commitment in focus_area.commitments.prefetch_related("areas", "places").order_by("pk"):
            fields = {name: getattr(commitment, name) for name in COMMITMENT_FIELDS if name != "parent"}
            new = Commitment.objects.create(
                focus_area=copy,
                lineage=commitment.lineage,
                position=commitment.position,
                parent=copies.get(commitment.parent_id) if commitment.parent_id else None,
                **fields,
            )
            new.areas.set(commitment.areas.all())
            new.places.set(commitment.places.all())
            copies[commitment.pk] = new
    _audit(by=by, action="promise.new_version", target=draft, promise=draft, changes={"version": draft.version})
    return draft


# Focus areas --------------------------------------------------------------------------------------------


@transaction.atomic
def focus_area_add(
    *,
    promise: Promise,
    by: User,
    theme: str,
    title_sv: str,
    title_en: str = "",
    why_sv: str = "",
    why_en: str = "",
    areas: Iterable[Area] = (),
    times: list[str] | None = None,
    evidence: dict[str, Any] | None = None,
) -> FocusArea:
    _changed(promise=promise, by=by)
    position = (promise.focus_areas.aggregate(Max("position"))["position__max"] or 0) + 1
    focus_area = FocusArea.objects.create(
        promise=promise,
        theme=theme,
        title_sv=title_sv,
        title_en=title_en,
        why_sv=why_sv,
        why_en=why_en,
        times=list(times or []),
        evidence=evidence or {},
        position=position,
    )
    focus_area.areas.set(list(areas))
    _audit(
        by=by,
        action="focus_area.add",
        target=focus_area,
        promise=promise,
        changes=snapshot(focus_area, FOCUS_AREA_FIELDS),
    )
    return focus_area


def focus_area_add_from_candidate(
    *,
    promise: Promise,
    by: User,
    report: LagesbildCandidates,
    candidate: dict[str, Any],
    title_sv: str,
    title_en: str = "",
    why_sv: str = "",
    why_en: str = "",
) -> FocusArea:
    """A focus area chosen from the lägesbild: its theme, areas and times, with the numbers and the reviewed
    quotes behind the candidate kept as its evidence ("why this focus"). The title and why are the user's."""
    area_ids = [a for a in candidate.get("areas") or [] if isinstance(a, int)]
    areas = Area.objects.filter(pk__in=area_ids, organisation_id__in=promise.partnership.organisation_ids())
    return focus_area_add(
        promise=promise,
        by=by,
        theme=str(candidate["theme"]),
        title_sv=title_sv,
        title_en=title_en,
        why_sv=why_sv,
        why_en=why_en,
        areas=areas,
        times=[str(t) for t in candidate.get("times") or []],
        evidence=candidate_evidence(report=report, candidate=candidate),
    )


@transaction.atomic
def focus_area_update(
    *, focus_area: FocusArea, by: User, areas: Iterable[Area] | None = None, **fields: Any
) -> FocusArea:
    unknown = set(fields) - {"title_sv", "title_en", "why_sv", "why_en", "times"}
    if unknown:
        raise TypeError(f"unknown focus area fields: {sorted(unknown)}")
    _changed(promise=focus_area.promise, by=by)
    before = snapshot(focus_area, FOCUS_AREA_FIELDS)
    for name, value in fields.items():
        setattr(focus_area, name, value)
    focus_area.save()
    if areas is not None:
        focus_area.areas.set(list(areas))
    _audit(
        by=by,
        action="focus_area.update",
        target=focus_area,
        promise=focus_area.promise,
        changes=diff(before, snapshot(focus_area, FOCUS_AREA_FIELDS)),
    )
    return focus_area


def _audit_removed_commitments(*, commitments: Iterable[Commitment], by: User, promise: Promise) -> None:
    """The commitments a removal takes with it (the database cascades them) are each in the log as removed."""
    for commitment in commitments:
        _audit(
            by=by,
            action="commitment.remove",
            target=commitment,
            promise=promise,
            changes=snapshot(commitment, COMMITMENT_FIELDS),
        )


@transaction.atomic
def focus_area_remove(*, focus_area: FocusArea, by: User) -> None:
    """Remove a focus area of a draft with its commitments and their sub-commitments."""
    promise = focus_area.promise
    _changed(promise=promise, by=by)
    # Logged activities are the follow-up of a published promise: they are kept (and the database protects them).
    if Activity.objects.filter(commitment__focus_area=focus_area).exists():
        raise ValidationError(_("Fokusområdet har åtaganden med loggade aktiviteter och kan inte tas bort."))
    commitments = list(focus_area.commitments.order_by("pk"))
    _audit_removed_commitments(commitments=commitments, by=by, promise=promise)
    _audit(
        by=by,
        action="focus_area.remove",
        target=focus_area,
        promise=promise,
        changes=snapshot(focus_area, FOCUS_AREA_FIELDS) | {"commitments": [c.pk for c in commitments]},
    )
    focus_area.delete()


# Commitments --------------------------------------------------------------------------------------------


# A count target is a number of things done in a year or two: far above this is a typing error, not a plan.
MAX_COUNT_TARGET = 100_000
SURVEY_SCALE = (0.0, 6.0)  # the trygghetsmätning's problem index


def _in_survey_scale(value: float) -> bool:
    return SURVEY_SCALE[0] <= value <= SURVEY_SCALE[1]


def _validate_commitment(commitment: Commitment, *, promise: Promise) -> None:
    """The rules of a commitment's content, for the drafting form, the import and every other writer alike."""
    errors: dict[str, str] = {}
    first, last = dt.date(promise.start_year, 1, 1), dt.date(promise.end_year, 12, 31)
    outside = _("Datumet ska ligga inom löftets period, %(first)s–%(last)s.") % {
        "first": first.isoformat(),
        "last": last.isoformat(),
    }
    if not first <= commitment.starts_on <= last:
        errors["starts_on"] = outside
    if not first <= commitment.ends_on <= last:
        errors["ends_on"] = outside
    elif commitment.ends_on < commitment.starts_on:
        errors["ends_on"] = _("Slutet kan inte vara före starten.")
    if commitment.owner == Commitment.Owner.PARTNER and not commitment.partner_name.strip():
        errors["partner_name"] = _("Skriv vilken part som ansvarar.")
    target, baseline = commitment.target_value, commitment.baseline_value
    if commitment.target_kind == Commitment.TargetKind.COUNT:
        if not (target or 0) > 0:
            errors["target_value"] = _("Skriv hur många, till exempel 20.")
        elif not float(target).is_integer():  # type: ignore[arg-type]
            errors["target_value"] = _("Ett antal är ett heltal, till exempel 20.")
        elif target > MAX_COUNT_TARGET:  # type: ignore[operator]
            errors["target_value"] = _("Ett antal kan vara högst %(max)s.") % {
                "max": f"{MAX_COUNT_TARGET:,}".replace(",", " ")
            }
    if commitment.target_kind == Commitment.TargetKind.SURVEY:
        if target is None or not _in_survey_scale(target):
            errors["target_value"] = _("Målet är ett index mellan 0 och 6.")
        if not commitment.survey_item.strip():
            errors["survey_item"] = _("Välj vilket mått i trygghetsmätningen som ska förändras.")
    if baseline is not None:
        if baseline < 0:
            errors["baseline_value"] = _("Utgångsvärdet kan inte vara negativt.")
        elif commitment.target_kind == Commitment.TargetKind.SURVEY and not _in_survey_scale(baseline):
            errors["baseline_value"] = _("Utgångsvärdet är ett index mellan 0 och 6.")
        elif baseline > MAX_COUNT_TARGET:
            errors["baseline_value"] = _("Utgångsvärdet kan vara högst %(max)s.") % {
                "max": f"{MAX_COUNT_TARGET:,}".replace(",", " ")
            }
    if commitment.parent_id and commitment.parent is not None:
        # One level only: the public page, the JSON and the PDF show a commitment and its sub-commitments, so a
        # third level would vanish from all three.
        if commitment.pk is not None and commitment.parent_id == commitment.pk:
            errors["parent"] = _("Ett åtagande kan inte vara ett delåtagande av sig självt.")
        elif commitment.parent.focus_area_id != commitment.focus_area_id:
            errors["parent"] = _("Ett delåtagande hör till samma fokusområde som sitt åtagande.")
        elif commitment.parent.parent_id:
            errors["parent"] = _("Delåtaganden kan inte ha egna delåtaganden.")
        elif commitment.pk is not None and Commitment.objects.filter(parent_id=commitment.pk).exists():
            errors["parent"] = _(
                "Åtagandet har egna delåtaganden och kan inte bli ett delåtagande. Delåtaganden kan inte ha egna "
                "delåtaganden."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def commitment_create(
    *,
    focus_area: FocusArea,
    by: User,
    what_sv: str,
    owner: str,
    starts_on: dt.date,
    ends_on: dt.date,
    target_kind: str,
    what_en: str = "",
    partner_name: str = "",
    target_value: float | None = None,
    survey_item: str = "",
    baseline_value: float | None = None,
    parent: Commitment | None = None,
    areas: Iterable[Area] = (),
    places: Iterable[Place] = (),
    contact: User | None = None,
) -> Commitment:
    """A commitment under a focus area: what, by whom, where, when and the target it is measured by. Text
    suggested from the library or an earlier promise reaches here only as what the user saved."""
    _changed(promise=focus_area.promise, by=by)
    position = (focus_area.commitments.aggregate(Max("position"))["position__max"] or 0) + 1
    commitment = Commitment(
        focus_area=focus_area,
        parent=parent,
        what_sv=what_sv,
        what_en=what_en,
        owner=owner,
        partner_name=partner_name if owner == Commitment.Owner.PARTNER else "",
        starts_on=starts_on,
        ends_on=ends_on,
        target_kind=target_kind,
        target_value=target_value,
        survey_item=survey_item if target_kind == Commitment.TargetKind.SURVEY else "",
        baseline_value=baseline_value,
        contact=contact,
        position=position,
    )
    _validate_commitment(commitment, promise=focus_area.promise)
    commitment.save()
    commitment.areas.set(list(areas))
    commitment.places.set(list(places))
    _audit(
        by=by,
        action="commitment.create",
        target=commitment,
        promise=focus_area.promise,
        changes=snapshot(commitment, COMMITMENT_FIELDS),
    )
    return commitment


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    by: User,
    areas: Iterable[Area] | None = None,
    places: Iterable[Place] | None = None,
    based_on: int | None = None,
    **fields: Any,
) -> Commitment:
    """Change what a draft commitment says. Follow-up fields (status, the latest survey measurement) of a
    published promise go through ``commitment_follow_up`` instead: they report on the promise, not change it.

    ``based_on`` is the revision the editing page was opened at: if someone saved in between, the save is refused
    rather than silently undoing theirs."""
    unknown = set(fields) - set(COMMITMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown commitment fields: {sorted(unknown)}")
    promise = commitment.focus_area.promise
    _changed(promise=promise, by=by)  # holds the promise's row: saves of its commitments go one at a time
    stale = ValidationError(
        _(
            "Någon annan har sparat en ändring av åtagandet medan du hade det öppet. Ingenting sparades. "
            "Öppna åtagandet igen för att se ändringen."
        )
    )
    current = Commitment.objects.values_list("revision", flat=True).get(pk=commitment.pk)
    if based_on is not None and based_on != current:
        raise stale
    before = snapshot(commitment, COMMITMENT_FIELDS)
    for name, value in fields.items():
        setattr(commitment, name, value)
    if commitment.owner != Commitment.Owner.PARTNER:
        commitment.partner_name = ""
    _validate_commitment(commitment, promise=promise)
    # The database decides: of two saves based on the same revision, only the first moves it on.
    if not Commitment.objects.filter(pk=commitment.pk, revision=current).update(revision=current + 1):
        raise stale
    commitment.revision = current + 1
    commitment.save()
    if areas is not None:
        commitment.areas.set(list(areas))
    if places is not None:
        commitment.places.set(list(places))
    _audit(
        by=by,
        action="commitment.update",
        target=commitment,
        promise=promise,
        changes=diff(before, snapshot(commitment, COMMITMENT_FIELDS)),
    )
    return commitment


@transaction.atomic
def commitment_follow_up(
    *, commitment: Commitment, by: User, status: str | None = None, measured_value: float | None = None
) -> Commitment:
    """Report on a published commitment: its status and the latest survey measurement."""
    promise = Promise.objects.get(pk=commitment.focus_area.promise_id)
    if not promise.is_public:
        raise ValidationError(_("Uppföljning görs när löftet är publicerat."))
    if measured_value is not None and not _in_survey_scale(measured_value):
        raise ValidationError({"measured_value": _("Värdet är ett index i trygghetsmätningen, mellan 0 och 6.")})
    before = snapshot(commitment, COMMITMENT_FIELDS)
    if status is not None:
        commitment.status = status
    if measured_value is not None:
        commitment.measured_value = measured_value
    commitment.save(update_fields=["status", "measured_value"])
    _audit(
        by=by,
        action="commitment.follow_up_update",
        target=commitment,
        promise=promise,
        changes=diff(before, snapshot(commitment, COMMITMENT_FIELDS)),
    )
    return commitment


@transaction.atomic
def commitment_move(*, commitment: Commitment, by: User, direction: int) -> Commitment:
    """Move one step up (-1) or down (+1) among its siblings (same focus area and parent)."""
    if direction not in (-1, 1):
        raise ValueError("direction is -1 or 1")
    _changed(promise=commitment.focus_area.promise, by=by)
    siblings = list(
        Commitment.objects.filter(focus_area=commitment.focus_area, parent=commitment.parent).order_by("position", "pk")
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == commitment.pk)
    before = commitment.position
    other = index + direction
    if not 0 <= other < len(siblings):
        return commitment
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    commitment.refresh_from_db(fields=["position"])
    _audit(
        by=by,
        action="commitment.move",
        target=commitment,
        promise=commitment.focus_area.promise,
        changes={"position": [before, commitment.position]},
    )
    return commitment


@transaction.atomic
def commitment_remove(*, commitment: Commitment, by: User) -> None:
    """Remove a commitment of a draft with its sub-commitments."""
    promise = commitment.focus_area.promise
    _changed(promise=promise, by=by)
    if Activity.objects.filter(Q(commitment=commitment) | Q(commitment__parent=commitment)).exists():
        raise ValidationError(_("Åtagandet har loggade aktiviteter och kan inte tas bort."))
    _audit_removed_commitments(commitments=commitment.children.order_by("position", "pk"), by=by, promise=promise)
    _audit(
        by=by,
        action="commitment.remove",
        target=commitment,
        promise=promise,
        changes=snapshot(commitment, COMMITMENT_FIELDS),
    )
    commitment.delete()


# Activities ---------------------------------------------------------------------------------------------


def _validate_activity_date(*, promise: Promise, occurred_on: dt.date, planned: bool) -> None:
    """What is done has happened (not after today) during the promise; what is planned lies in its period.
    Progress counts only what lies in the commitment's own period (selectors.activity_totals)."""
    first, last = dt.date(promise.start_year, 1, 1), dt.date(promise.end_year, 12, 31)
    if occurred_on < first:
        raise ValidationError(
            {
                "occurred_on": _("Datumet kan inte vara före löftets period, som börjar %(day)s.")
                % {"day": first.isoformat()}
            }
        )
    if planned and occurred_on > last:
        raise ValidationError(
            {
                "occurred_on": _("En planerad aktivitet ligger inom löftets period, som slutar %(day)s.")
                % {"day": last.isoformat()}
            }
        )
    if not planned and occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": _("En gjord aktivitet kan inte ha ett datum efter i dag. Planera den i stället.")}
        )


def activity_log(
    *,
    commitment: Commitment,
    by: User,
    occurred_on: dt.date,
    what: str,
    idempotency_key: UUID,
    where: str = "",
    count: int = 1,
    note: str = "",
    planned: bool = False,
) -> Activity:
    """Log (or plan) one activity against a published commitment. A repeated key returns the first record:
    a phone retries a send whose answer it never got."""
    existing = Activity.objects.filter(commitment=commitment, idempotency_key=idempotency_key).first()
    if existing:
        return existing
    promise = Promise.objects.get(pk=commitment.focus_area.promise_id)
    if not promise.is_public:
        raise ValidationError(_("Aktiviteter loggas mot ett publicerat medborgarlöfte."))
    if count < 0:
        raise ValidationError({"count": _("Antalet kan inte vara negativt.")})
    _validate_activity_date(promise=promise, occurred_on=occurred_on, planned=planned)
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                commitment=commitment,
                occurred_on=occurred_on,
                what=what,
                where=where,
                count=count,
                note=note,
                planned=planned,
                by=by,
                idempotency_key=idempotency_key,
            )
            _audit(
                by=by,
                action="activity.log",
                target=activity,
                promise=promise,
                changes=snapshot(activity, ACTIVITY_FIELDS),
            )
    except IntegrityError:
        # The same key sent twice at once: the constraint let one through, that one is the record.
        return Activity.objects.get(commitment=commitment, idempotency_key=idempotency_key)
    return activity


@transaction.atomic
def activity_complete(
    *,
    activity: Activity,
    by: User,
    occurred_on: dt.date,
    what: str,
    where: str = "",
    count: int = 1,
    note: str = "",
) -> Activity:
    """A planned activity logged as done: the same record, now counted (no second activity next to the plan).
    Sent twice (a phone retrying), the second send finds it done and changes nothing."""
    activity = Activity.objects.select_for_update().select_related("commitment__focus_area").get(pk=activity.pk)
    if not activity.planned:
        return activity
    if count < 0:
        raise ValidationError({"count": _("Antalet kan inte vara negativt.")})
    promise = Promise.objects.get(pk=activity.commitment.focus_area.promise_id)
    _validate_activity_date(promise=promise, occurred_on=occurred_on, planned=False)
    before = snapshot(activity, ACTIVITY_FIELDS)
    activity.occurred_on, activity.what, activity.where = occurred_on, what, where
    activity.count, activity.note, activity.planned = count, note, False
    activity.save(update_fields=["occurred_on", "what", "where", "count", "note", "planned"])
    _audit(
        by=by,
        action="activity.complete",
        target=activity,
        promise=promise,
        changes=diff(before, snapshot(activity, ACTIVITY_FIELDS)),
    )
    return activity


__all__ = [
    "activity_complete",
    "activity_log",
    "commitment_create",
    "commitment_follow_up",
    "commitment_move",
    "commitment_remove",
    "commitment_update",
    "focus_area_add",
    "focus_area_add_from_candidate",
    "focus_area_remove",
    "focus_area_update",
    "may_approve_for",
    "missing_approvals",
    "promise_approve",
    "promise_create",
    "promise_new_version",
    "promise_publish",
    "promise_update",
]
