"""The national template: the typical medborgardialog questions every new campaign starts from.

The keys are stable: the import, the demo data and the analysis read answers by them
(`where_unsafe`, `when_unsafe`, `why_unsafe`, `what_safer`, `priorities`, `contribute`, `feel_safe`).
The wording is copied into each campaign's own questions, where staff may edit it.
"""

from __future__ import annotations

from typing import Any

# The fixed answer options of a time question: time of day and part of the week.
TIME_CHOICES: list[dict[str, str]] = [
    {"value": "morning", "sv": "Morgon", "en": "Morning"},
    {"value": "day", "sv": "Dagtid", "en": "Daytime"},
    {"value": "evening", "sv": "Kväll", "en": "Evening"},
    {"value": "night", "sv": "Natt", "en": "Night"},
    {"value": "weekday", "sv": "Vardag", "en": "Weekday"},
    {"value": "weekend", "sv": "Helg", "en": "Weekend"},
]

# Target groups a campaign can aim at; the value is stored on the campaign and on each dialogue.
TARGET_GROUPS: list[tuple[str, str, str]] = [
    ("youth", "Unga", "Young people"),
    ("elderly", "Äldre", "Older people"),
    ("business_owners", "Näringsidkare", "Business owners"),
    ("parents", "Föräldrar", "Parents"),
    ("students", "Studerande", "Students"),
    ("commuters", "Pendlare", "Commuters"),
    ("newcomers", "Nyanlända", "Newcomers"),
]


def target_group_label(code: str, language: str = "sv") -> str:
    """The target group's name in the language asked for; an unknown code is shown as it is."""
    for value, sv, en in TARGET_GROUPS:
        if value == code:
            return en if language.startswith("en") else sv
    return code


NATIONAL_TEMPLATE: list[dict[str, Any]] = [
    {
        "key": "feel_safe",
        "kind": "scale",
        "text_sv": "Hur trygg känner du dig i ditt område?",
        "text_en": "How safe do you feel in your area?",
        "help_sv": "1 = mycket otrygg, 5 = mycket trygg",
        "help_en": "1 = very unsafe, 5 = very safe",
    },
    {
        "key": "where_unsafe",
        "kind": "place",
        "text_sv": "Var någonstans känner du dig otrygg?",
        "text_en": "Where do you feel unsafe?",
        "help_sv": "Välj en plats eller ett område, ange en punkt eller beskriv platsen.",
        "help_en": "Choose a place or an area, give a point or describe the place.",
    },
    {
        "key": "when_unsafe",
        "kind": "time",
        "text_sv": "När känner du dig otrygg där?",
        "text_en": "When do you feel unsafe there?",
        "help_sv": "Välj alla som stämmer.",
        "help_en": "Choose all that apply.",
    },
    {
        "key": "why_unsafe",
        "kind": "text",
        "text_sv": "Varför känner du dig otrygg där?",
        "text_en": "Why do you feel unsafe there?",
    },
    {
        "key": "what_safer",
        "kind": "text",
        "text_sv": "Vad skulle få dig att känna dig tryggare?",
        "text_en": "What would make you feel safer?",
    },
    {
        "key": "priorities",
        "kind": "text",
        "text_sv": "Vad tycker du att polisen och kommunen ska prioritera?",
        "text_en": "What do you think the police and the municipality should prioritise?",
    },
    {
        "key": "contribute",
        "kind": "text",
        "text_sv": "Finns det något du själv kan bidra med?",
        "text_en": "Is there anything you could contribute yourself?",
    },
]

TEMPLATE_KEYS = tuple(q["key"] for q in NATIONAL_TEMPLATE)


def template_questions() -> list[dict[str, Any]]:
    """Fresh copies of the template's questions, with positions and the time question's options."""
    questions = []
    for position, question in enumerate(NATIONAL_TEMPLATE, start=1):
        copy = {"help_sv": "", "help_en": "", "required": False, "choices": [], **question, "position": position}
        if copy["kind"] == "time":
            copy["choices"] = [dict(choice) for choice in TIME_CHOICES]
        questions.append(copy)
    return questions
