"""Löfte's Swedish text engine: plain Python, no Django.

from lofte.text import Engine, load_taxonomy
coding = Engine(load_taxonomy()).code("Mörkt och knarkare vid stationen på kvällarna")
"""

from __future__ import annotations

ENGINE_VERSION = "1.4.0"

from lofte.text.engine import Coding, Engine, review_order  # noqa: E402
from lofte.text.model import Model  # noqa: E402
from lofte.text.places import Gazetteer, PlaceEntry, PlaceMatch  # noqa: E402
from lofte.text.quotes import representative_quotes  # noqa: E402
from lofte.text.redact import redact  # noqa: E402
from lofte.text.taxonomy import Taxonomy, Theme, load_taxonomy  # noqa: E402
from lofte.text.topics import Topic, discover_topics, topic_to_theme  # noqa: E402

__all__ = [
    "ENGINE_VERSION",
    "Coding",
    "Engine",
    "Gazetteer",
    "Model",
    "PlaceEntry",
    "PlaceMatch",
    "Taxonomy",
    "Theme",
    "Topic",
    "discover_topics",
    "load_taxonomy",
    "redact",
    "representative_quotes",
    "review_order",
    "topic_to_theme",
]
