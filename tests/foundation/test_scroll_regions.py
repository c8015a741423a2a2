"""A box that scrolls sideways (a wide table on a phone) must be reachable by keyboard and named, or a keyboard
user cannot read what is off screen (axe: scrollable-region-focusable). The stylesheets say which classes scroll;
every element in the templates that carries one is a focusable region named by its caption or a label."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"

COMMENT = re.compile(r"/\*.*?\*/", re.S)
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
SCROLLS = re.compile(r"\boverflow(?:-x|-y)?\s*:\s*(?:auto|scroll)\b")
CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")
TAG = re.compile(r"<[a-z][a-z0-9]*\b[^>]*\bclass=\"([^\"]*)\"[^>]*>", re.S)


def _scrolling_classes() -> tuple[set[str], list[str]]:
    """The classes whose boxes scroll, and the scrolling selectors that name no class (the test cannot follow
    those into the templates, so they are not allowed)."""
    classes: set[str] = set()
    unnamed: list[str] = []
    for path in sorted(STATIC.rglob("*.css")):
        css = COMMENT.sub("", path.read_text(encoding="utf-8"))
        for selectors, body in RULE.findall(css):
            if not SCROLLS.search(body):
                continue
            for selector in selectors.split(","):
                subject = selector.split()[-1]
                found = CLASS.findall(subject)
                if found:
                    classes.update(found)
                else:
                    unnamed.append(f"{path.relative_to(ROOT)}: {selector.strip()}")
    return classes, unnamed


def test_the_stylesheets_mark_every_scrolling_box_with_a_class():
    classes, unnamed = _scrolling_classes()
    assert "table-wrap" in classes
    assert not unnamed, (
        f"scrolling boxes selected by element, not class (make them wrap, or use .table-wrap): {unnamed}"
    )


def test_every_scrolling_box_in_the_templates_is_a_focusable_named_region():
    classes, _ = _scrolling_classes()
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in TAG.finditer(text):
            if not classes & set(match.group(1).split()):
                continue
            tag = match.group(0)
            where = f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}"
            labelledby = re.search(r'\baria-labelledby="([^"]+)"', tag)
            label = re.search(r'\baria-label="([^"]+)"', tag)
            if 'tabindex="0"' not in tag or 'role="region"' not in tag or not (labelledby or label):
                offenders.append(f"{where}: not a focusable named region")
            elif labelledby and "{" not in labelledby.group(1) and f'id="{labelledby.group(1)}"' not in text:
                offenders.append(f"{where}: aria-labelledby names no element of the template")
    assert not offenders, offenders
