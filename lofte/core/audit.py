"""The audit log: every create, change and delete of a domain object goes through audit_log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from lofte.core.models import AuditEntry, Organisation, User


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The instance's field values in a JSON-safe form, to diff before and after a change."""
    data = model_to_dict(instance, fields=fields)
    return {key: _jsonable(value) for key, value in data.items()}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The changed fields as {field: [before, after]}; entries of change-type actions (see is_change_action)."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


# What an audit entry shows in place of a resident's own words: the log records that a text changed, never the
# text (the log outlives every retention period, and a resident's erasure never reaches it).
FREE_TEXT = "[fritext]"


def masked(value: Any) -> Any:
    """A resident's free text as the audit log may hold it: FREE_TEXT if there was any."""
    return FREE_TEXT if isinstance(value, str) and value.strip() else value


def audit_log(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=changes or {},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# --- Reading the log ---------------------------------------------------------------------------------------

# Every event code Löfte writes, in Swedish. Codes not listed here are shown by readable_action().
ACTION_LABELS: dict[str, Any] = {
    "organisation.create": _("Organisation skapad"),
    "organisation.update": _("Organisation ändrad"),
    "partnership.create": _("Samverkan skapad"),
    "partnership.update": _("Samverkan ändrad"),
    "area.create": _("Område skapat"),
    "area.update": _("Område ändrat"),
    "area.delete": _("Område borttaget"),
    "place.create": _("Plats skapad"),
    "place.update": _("Plats ändrad"),
    "place.delete": _("Plats borttagen"),
    "place.import_create": _("Plats importerad"),
    "place.import_update": _("Plats ändrad vid import"),
    "contact_centre.update": _("Kontaktcenter ändrat"),
    "public_site.update": _("Webbplatsens utseende ändrat"),
    "opening_hours.update": _("Öppettider ändrade"),
    "news_item.create": _("Nyhet skapad"),
    "news_item.update": _("Nyhet ändrad"),
    "news_item.publish": _("Nyhet publicerad"),
    "news_item.unpublish": _("Nyhet avpublicerad"),
    "user.create": _("Konto skapat"),
    "user.two_factor_enrol": _("Tvåfaktor registrerad"),
    "user.two_factor_reset": _("Tvåfaktor återställd"),
    "user.password_change": _("Lösenord bytt"),
    "user.unlock": _("Konto upplåst"),
    "user.update": _("Konto ändrat"),
    "user.email_change_request": _("Ny e-postadress väntar på bekräftelse"),
    "user.password_reset": _("Nytt lösenord utfärdat"),
    "user.deactivate": _("Konto avstängt"),
    "user.activate": _("Konto öppnat igen"),
    "membership.add": _("Medlem tillagd"),
    "membership.change": _("Roll ändrad"),
    "membership.remove": _("Medlem borttagen"),
    "invitation.create": _("Inbjudan skickad"),
    "invitation.accept": _("Inbjudan antagen"),
    "invitation.decline": _("Inbjudan avböjd"),
    "invitation.revoke": _("Inbjudan återkallad"),
    "population.create": _("Befolkningstal tillagt"),
    "population.update": _("Befolkningstal ändrat"),
    "population.delete": _("Befolkningstal borttaget"),
    "population.import": _("Befolkningstal importerade"),
    "campaign.create": _("Kampanj skapad"),
    "campaign.update": _("Kampanj ändrad"),
    "question.add": _("Fråga tillagd"),
    "question.update": _("Fråga ändrad"),
    "question.move": _("Fråga flyttad"),
    "question.remove": _("Fråga borttagen"),
    "answer_rule.add": _("Regel för svar tillagd"),
    "answer_rule.remove": _("Regel för svar borttagen"),
    "dialogue.record": _("Dialog registrerad"),
    "dialogue.correct": _("Dialog rättad"),
    "dialogue.import": _("Dialoger importerade"),
    "dialogue_import.upload": _("Importfil uppladdad"),
    "import.file_cull": _("Importfil rensad"),
    "task.resume": _("Avbruten bakgrundsuppgift köad igen"),
    "contact_request.create": _("Kontaktönskemål mottaget"),
    "contact_request.handled": _("Kontaktönskemål hanterat"),
    "contact_request.cull": _("Kontaktönskemål gallrat"),
    "contact_request.view_list": _("Kontaktönskemål visade"),
    "analysis.themes_seed": _("Teman skapade från standardlistan"),
    "analysis.theme_create": _("Tema skapat"),
    "analysis.theme_update": _("Tema ändrat"),
    "analysis.theme_retire": _("Tema avvecklat"),
    "analysis.theme_restore": _("Tema återställt"),
    "analysis.topic_promote": _("Ämne blev tema"),
    "analysis.run_start": _("Analys startad"),
    "analysis.run_done": _("Analys klar"),
    "analysis.coding_accepted": _("Kodning godkänd"),
    "analysis.coding_corrected": _("Kodning rättad"),
    "analysis.model_train": _("Textmodell tränad"),
    # Lägesbild: the partnership's own sources
    "situation.incidents_import": _("Geokodade händelser inlästa"),
    "situation.crime_import": _("Anmälda brott inlästa"),
    "situation.survey_import": _("Trygghetsmätning inläst"),
    "situation.category_theme_update": _("Tema för källkategori ändrat"),
    "situation.survey_items_seed": _("Trygghetsmätningens standardpåståenden tillagda"),
    "situation.survey_item_update": _("Påstående i trygghetsmätningen ändrat"),
    "situation.walk_create": _("Trygghetsvandring skapad"),
    "situation.walk_observation_add": _("Iakttagelse från trygghetsvandring registrerad"),
    # Lägesbild: the report
    "report.draft": _("Lägesbild: nytt utkast"),
    "report.section_edit": _("Lägesbild: avsnitt ändrat"),
    "report.agree": _("Lägesbild godkänd"),
    "report.publish": _("Lägesbild publicerad"),
    "report.unpublish": _("Lägesbild avpublicerad"),
    # Medborgarlöfte
    "promise.create": _("Medborgarlöfte påbörjat"),
    "promise.update": _("Medborgarlöfte ändrat"),
    "promise.approve": _("Medborgarlöfte godkänt av en part"),
    "promise.approvals_withdrawn": _("Godkännanden återkallade efter ändring"),
    "promise.publish": _("Medborgarlöfte publicerat"),
    "promise.new_version": _("Ny version av medborgarlöfte"),
    "focus_area.add": _("Fokusområde tillagt"),
    "focus_area.update": _("Fokusområde ändrat"),
    "focus_area.remove": _("Fokusområde borttaget"),
    "commitment.create": _("Åtagande tillagt"),
    "commitment.update": _("Åtagande ändrat"),
    "commitment.move": _("Åtagande flyttat"),
    "commitment.remove": _("Åtagande borttaget"),
    "commitment.follow_up_update": _("Åtagandets status rapporterad"),
    "activity.log": _("Aktivitet loggad"),
    # Integritet: gallring and residents' requests
    "retention.update": _("Gallringsplan ändrad"),
    "retention.run": _("Gallring utförd"),
    "retention.case_delete": _("Ärende gallrat"),
    "retention.case_photo_delete": _("Foto i ärende gallrat"),
    "retention.case_anonymise": _("Kontaktuppgifter i ärende gallrade"),
    "retention.dialogue_free_text": _("Fritext i dialog gallrad"),
    "privacy.lookup": _("Registerutdrag visat"),
    "privacy.export": _("Registerutdrag exporterat"),
    "privacy.erase": _("Invånares uppgifter borttagna på begäran"),
    "privacy.case_erase": _("Kontaktuppgifter i ärende borttagna på begäran"),
    "privacy.contact_request_erase": _("Kontaktönskemål borttaget på begäran"),
    "activity.complete": _("Planerad aktivitet loggad som gjord"),
    "analysis.place_candidate_add": _("Platsförslag från analysen tillagt som plats"),
    "analysis.place_candidate_dismiss": _("Platsförslag från analysen avfärdat"),
    "analysis_publication.review": _("Resultat för invånarna granskat"),
    "analysis_publication.publish": _("Resultat för invånarna publicerat"),
    "analysis_publication.unpublish": _("Resultat för invånarna avpublicerat"),
    "case.submitted": _("Ärende inkom"),
    "case.routed": _("Ärende fördelat"),
    "case.assigned": _("Ärende tilldelat"),
    "case.status": _("Ärendets status ändrad"),
    "case.note": _("Intern anteckning i ärende"),
    "case.reply": _("Svar till invånaren i ärende"),
    "case.merged": _("Ärenden sammanslagna"),
    "case.converted": _("Ärendets typ ändrad"),
    "case.public_text": _("Ärendets publicerbara text ändrad"),
    "case.edited": _("Ärendets uppgifter ändrade"),
    "case.priority": _("Ärendets prioritering enligt medborgarlöftet"),
    "case.police_report": _("Polisanmälan för ärende skickad"),
    "case_category.create": _("Ärendekategori skapad"),
    "case_category.update": _("Ärendekategori ändrad"),
    "case_category.move": _("Ärendekategori flyttad"),
    "case_category.activate": _("Ärendekategori aktiverad"),
    "case_category.deactivate": _("Ärendekategori inaktiverad"),
    "case_category.delete": _("Ärendekategori borttagen"),
    "case_group.create": _("Handläggargrupp skapad"),
    "case_group.update": _("Handläggargrupp ändrad"),
    "case_group.delete": _("Handläggargrupp borttagen"),
    "case_reply_template.create": _("Svarsmall skapad"),
    "case_reply_template.update": _("Svarsmall ändrad"),
    "case_reply_template.delete": _("Svarsmall borttagen"),
    "case_routing_rule.create": _("Fördelningsregel skapad"),
    "case_routing_rule.delete": _("Fördelningsregel borttagen"),
    "case_saved_view.save": _("Sparad vy sparad"),
    "case_saved_view.delete": _("Sparad vy borttagen"),
    "dialogue_import.undo": _("Dialogimport ångrad"),
    "evaluation.draft": _("Utvärdering av medborgarlöfte utkastad"),
    "evaluation.section_edit": _("Utvärdering: avsnitt ändrat"),
    "evaluation.agree": _("Utvärdering godkänd av en part"),
    "evaluation.publish": _("Utvärdering publicerad"),
    "promise.reminder_weeks": _("Påminnelser om åtaganden ändrade"),
    "situation.police_events_import": _("Polisens händelser inlästa"),
    "situation.report_compute": _("Lägesbildens dataunderlag beräknat"),
}

# The last word of an event code that marks a change: its values are diff() pairs [before, after].
CHANGE_VERBS = frozenset(
    {
        "update",
        "change",
        "correct",
        "corrected",
        "accepted",
        "edit",
        "move",
        "handled",
        "reset",
        "role_change",
        "activate",
        "deactivate",
    }
)

# Keys that are not model fields, in Swedish.
KEY_LABELS: dict[str, Any] = {
    "on_call": _("journummer"),
    "devices_removed": _("borttagna autentiseringsappar"),
    "attempts_removed": _("borttagna inloggningsförsök"),
    "count": _("antal"),
    "rows": _("rader"),
    "filename": _("filnamn"),
    "imported": _("importerade"),
    "duplicates": _("dubbletter"),
    "skipped_invalid": _("hoppade över (fel)"),
    "dialogues": _("dialoger"),
    "themes": _("teman"),
    "final_themes": _("teman"),
    "reviewed": _("granskad"),
    "examples": _("exempel"),
    "anchors": _("ankare"),
    "version": _("version"),
    "engine_version": _("motorversion"),
    "counts": _("antal per slag"),
    "skipped": _("kvar"),
    "cases": _("ärenden"),
    "contact_requests": _("kontaktönskemål"),
    "events": _("händelser"),
    "model_version": _("modellversion"),
}

# Before the change-type rule, core's creates and deletes stored [None, value] and [value, None] pairs.
LEGACY_PAIR_ACTIONS = frozenset(
    {
        "organisation.create",
        "partnership.create",
        "area.create",
        "area.delete",
        "place.create",
        "place.delete",
        "place.import_create",
        "user.create",
        "membership.add",
        "membership.remove",
    }
)


def readable_action(code: str) -> str:
    """An unknown event code made readable: "analysis.theme_merge" → "Analysis: theme merge"."""
    words = [part.replace("_", " ").strip() for part in code.split(".") if part.strip()]
    text = ": ".join(words) or code
    return text[:1].upper() + text[1:]


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else readable_action(code)


def is_change_action(code: str) -> bool:
    verb = code.rsplit(".", 1)[-1]
    return verb in CHANGE_VERBS or verb.rsplit("_", 1)[-1] in CHANGE_VERBS
