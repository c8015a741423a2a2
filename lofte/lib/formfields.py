"""Form fields that close gaps in Django's own."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What a database id (BigAutoField) can be.
_ID_RANGE = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with an id beyond a 64-bit integer refused as an invalid choice. Django builds an ``__in``
    query from the posted ids, and SQLite's driver cannot bind such a number (an OverflowError, a 500)."""

    def _check_values(self, value: Any) -> Any:
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # Django's own check names it
                if number not in _ID_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)  # type: ignore[misc]  # private in Django, not in its stubs


def parse_id(text: str) -> int | None:
    """A posted database id, or None when it is not one: ``str.isdigit`` also accepts "²", which ``int``
    refuses, and a number beyond 64 bits cannot be bound in a query."""
    text = text.strip()
    if not text.isascii() or not text.isdecimal():
        return None
    number = int(text)
    return number if number in _ID_RANGE else None


# A telephone number as people write it: digits, with spaces, dashes, slashes, brackets or a leading +.
_PHONE = re.compile(r"\+?[0-9 ()/\-]+")
PHONE_MESSAGE = _("Skriv ett telefonnummer med siffror, till exempel 070-123 45 67.")


def check_phone(value: str) -> str:
    """The number as typed, stripped; ValidationError when it cannot be a telephone number (letters, too few
    digits): staff must be able to call it back."""
    number = value.strip()
    if number and (not _PHONE.fullmatch(number) or not 6 <= sum(ch.isdigit() for ch in number) <= 17):
        raise ValidationError(PHONE_MESSAGE, code="phone")
    return number


class PhoneField(forms.CharField):
    """A telephone number a resident gives so that staff can call back (``check_phone``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        attrs = {"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return check_phone(super().clean(value))
