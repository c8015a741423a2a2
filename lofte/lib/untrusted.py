"""Text and JSON from outside, checked before it is parsed or stored.

PostgreSQL cannot store a NUL character in text or JSON, and no database driver can encode a lone UTF-16
surrogate (JSON's "\\ud800" escape decodes to one); either is a server error at the database unless it is
stopped first. Python's JSON parser recurses once per nesting level, so a small deeply nested document ends
in a RecursionError. Pure helpers with no Django import: callers turn the errors into their own messages.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Deeper than any document Löfte reads (a FeatureCollection of MultiPolygons is eight levels deep).
MAX_JSON_DEPTH = 32

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JSONTooDeep(ValueError):
    """The document nests arrays and objects deeper than the limit."""


class UnstorableText(ValueError):
    """A string holds a NUL character or a lone surrogate."""


def has_unstorable(value: Any) -> bool:
    """Whether a string, or any key or string inside lists and dicts, holds a NUL or a lone surrogate."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(has_unstorable(k) or has_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(has_unstorable(v) for v in value)
    return False


def json_depth_exceeds(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects nest deeper than ``limit``, read without parsing (strings skipped)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def json_loads(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` for documents from outside: JSONTooDeep or UnstorableText (both ValueErrors) instead of
    a RecursionError or a string the database refuses; JSONDecodeError as usual."""
    if json_depth_exceeds(text, max_depth):
        raise JSONTooDeep(f"nested deeper than {max_depth} levels")
    try:
        data = json.loads(text)
    except RecursionError as error:  # the pre-check holds; this is the last line, not the first
        raise JSONTooDeep(f"nested deeper than {max_depth} levels") from error
    if has_unstorable(data):
        raise UnstorableText("a string holds a NUL character or a lone surrogate")
    return data
