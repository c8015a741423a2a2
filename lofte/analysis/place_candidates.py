"""Place candidates: place-like names in the answers that the partnership's gazetteer lacks, stored per run,
added to an organisation's places with one action or dismissed. The writes of this feature (services.py holds
the rest of the analysis and has grown past the size a module should have)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.analysis.models import AnalysisRun, PlaceCandidate
from lofte.core.audit import audit_log
from lofte.core.models import Organisation, Partnership, Place, User
from lofte.core.roles import Action
from lofte.core.services import place_create
from lofte.dialogues.models import Dialogue
from lofte.text import Coding, Engine

# The engine's kinds of place (lofte/text/data/place_kinds.txt) as the gazetteer's kinds.
KIND_TO_PLACE_KIND = {
    "centrum": Place.Kind.CENTRE,
    "köpcentrum": Place.Kind.SHOP,
    "butik": Place.Kind.SHOP,
    "resecentrum": Place.Kind.STATION,
    "station": Place.Kind.STATION,
    "busshållplats": Place.Kind.STATION,
    "gångtunnel": Place.Kind.TUNNEL,
    "park": Place.Kind.PARK,
    "grönområde": Place.Kind.PARK,
    "skog": Place.Kind.PARK,
    "lekplats": Place.Kind.PARK,
    "skola": Place.Kind.SCHOOL,
    "fritidsgård": Place.Kind.YOUTH_CENTRE,
    "torg": Place.Kind.SQUARE,
    "gata": Place.Kind.STREET,
    "gågata": Place.Kind.STREET,
    "gångväg": Place.Kind.STREET,
    "idrottsplats": Place.Kind.SPORTS,
    "motionsspår": Place.Kind.SPORTS,
}
EXAMPLES = 3
EXCERPT = 160


def _excerpt(text: str, start: int, end: int) -> str:
    """The answer line that holds the mention, cut to about EXCERPT characters around it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start <= EXCERPT:
        return text[line_start:line_end].strip()
    left = max(line_start, start - EXCERPT // 2)
    right = min(line_end, left + EXCERPT)
    return ("…" if left > line_start else "") + text[left:right].strip() + ("…" if right < line_end else "")


def place_candidates_store(
    *, run: AnalysisRun, engine: Engine, dialogues: Sequence[Dialogue], codings: Sequence[Coding]
) -> int:
    """Count the run's candidate names per answer and store them; names the partnership's analysts dismissed
    before stay dismissed, names the gazetteer holds (in any spelling of its names) are left out."""
    known = {name.casefold() for entry in engine.gazetteer.entries for name in (entry.name, *entry.aliases)}
    rows: dict[str, PlaceCandidate] = {}
    for dialogue, coding in zip(dialogues, codings, strict=True):
        seen: set[str] = set()
        for found in coding.candidates:
            key = found.name.casefold()[:200]
            if key in seen or key in known:
                continue
            seen.add(key)
            row = rows.get(key)
            if row is None:
                row = rows[key] = PlaceCandidate(run=run, name=found.name[:200], key=key, kind=found.kind)
            row.count += 1
            row.dialogue_ids.append(dialogue.pk)
            if len(row.examples) < EXAMPLES:
                row.examples.append(_excerpt(dialogue.free_text, found.start, found.end))
    if not rows:
        return 0
    dismissed = set(
        PlaceCandidate.objects.filter(
            run__campaign__partnership_id=run.campaign.partnership_id,
            status=PlaceCandidate.Status.DISMISSED,
            key__in=list(rows),
        ).values_list("key", flat=True)
    )
    for key in dismissed:
        rows[key].status = PlaceCandidate.Status.DISMISSED
    PlaceCandidate.objects.bulk_create(rows.values(), batch_size=500)
    return len(rows)


def gazetteer_organisation(*, user: User, partnership: Partnership) -> Organisation:
    """The organisation whose places a candidate joins: the analyst's own in the partnership (the municipality's
    when they may review for it, or are a platform administrator). Never another party's: a police analyst adds
    to the police area's places."""
    roles = user.roles_by_organisation()
    ids = [pk for pk in sorted(partnership.organisation_ids()) if pk in roles and roles[pk].may(Action.REVIEW_ANALYSIS)]
    if partnership.municipality_id in ids or (user.is_superuser and not ids):
        return partnership.municipality
    if not ids:
        raise PermissionDenied
    return Organisation.objects.get(pk=ids[0])


@transaction.atomic
def place_candidate_add(*, candidate: PlaceCandidate, by: User) -> Place:
    """Add the name to the gazetteer (or link the place of that name the organisation already has). The same
    name's open candidates in the partnership's other runs are marked added too."""
    candidate = (
        PlaceCandidate.objects.select_for_update().select_related("run__campaign__partnership").get(pk=candidate.pk)
    )
    if candidate.status == PlaceCandidate.Status.ADDED and candidate.place_id is not None:
        raise ValidationError(_("%(name)s finns redan i platsregistret.") % {"name": candidate.name})
    partnership = candidate.run.campaign.partnership
    organisation = gazetteer_organisation(user=by, partnership=partnership)
    place = Place.objects.filter(organisation=organisation, name__iexact=candidate.name).first()
    if place is None:
        place = place_create(
            organisation=organisation,
            name=candidate.name,
            by=by,
            kind=KIND_TO_PLACE_KIND.get(candidate.kind, Place.Kind.OTHER),
        )
    now = timezone.now()
    PlaceCandidate.objects.filter(
        run__campaign__partnership=partnership, key=candidate.key, status=PlaceCandidate.Status.NEW
    ).exclude(pk=candidate.pk).update(status=PlaceCandidate.Status.ADDED, place=place, decided_by=by, decided_at=now)
    before = candidate.status
    candidate.status, candidate.place, candidate.decided_by, candidate.decided_at = (
        PlaceCandidate.Status.ADDED,
        place,
        by,
        now,
    )
    candidate.save(update_fields=["status", "place", "decided_by", "decided_at"])
    audit_log(
        actor=by,
        action="analysis.place_candidate_add",
        target=candidate,
        organisation=organisation,
        changes={"status": [before, candidate.status], "place": place.pk, "name": place.name},
    )
    return place


@transaction.atomic
def place_candidate_dismiss(*, candidate: PlaceCandidate, by: User) -> PlaceCandidate:
    """Not a place to add ("Facebook", a person the redaction missed): hidden now and in later runs."""
    if candidate.status != PlaceCandidate.Status.NEW:
        return candidate
    candidate.status, candidate.decided_by, candidate.decided_at = PlaceCandidate.Status.DISMISSED, by, timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(
        actor=by,
        action="analysis.place_candidate_dismiss",
        target=candidate,
        changes={"status": [PlaceCandidate.Status.NEW, PlaceCandidate.Status.DISMISSED], "name": candidate.name},
    )
    return candidate
