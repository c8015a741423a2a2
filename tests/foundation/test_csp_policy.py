"""The Content-Security-Policy is sent and the templates keep to it: no inline script, handler or style."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STATIC = Path(settings.BASE_DIR) / "static" / "lofte"


def test_every_page_is_sent_with_a_policy_without_unsafe_inline(client) -> None:
    response = client.get(reverse("core:login"))
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"]:
        assert directive in policy
    assert "frame-ancestors 'none'" in policy and "base-uri 'self'" in policy and "form-action 'self'" in policy


def test_templates_have_no_inline_scripts_handlers_or_style_attributes() -> None:
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\sstyle\s*=",
            r"<style\b",
            r"\son[a-z]+\s*=",
            r"javascript:",
        ):
            found += [f"{path.relative_to(TEMPLATES)}: {m.group()}" for m in re.finditer(pattern, text, re.IGNORECASE)]
    assert not found, found


def test_scripts_set_no_style_attribute_and_write_no_markup() -> None:
    for path in STATIC.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"setAttribute\(\s*[\"']style|\.innerHTML\s*=|insertAdjacentHTML|cssText", text), path
