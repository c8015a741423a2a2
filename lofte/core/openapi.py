"""One OpenAPI 3.1 document for every JSON endpoint, merged from the standalone documents in docs/openapi/.

Each area keeps its own document (health, capture, exports, promises, lägesbild, and any added later, such as
Open311's): each can be read and validated alone. This module merges their paths, components and tags into
one, served at /api/openapi.json and fuzzed by tests/security/test_openapi_fuzz.py. Two documents that
describe the same path, or give one component name two different definitions, are an error here, not a
silent overwrite.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

OPENAPI_DIR = Path(settings.BASE_DIR) / "docs" / "openapi"
VERSION = "3.1.0"


class OpenAPIConflict(ValueError):
    """Two documents under docs/openapi/ describe the same path or component differently."""


def merge_documents(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``documents`` by file name, merged in name order (the order of the result's paths)."""
    paths: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    tags: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for name, document in sorted(documents.items()):
        if not str(document.get("openapi", "")).startswith("3.1"):
            raise OpenAPIConflict(f"{name}: not an OpenAPI 3.1 document")
        for path, item in (document.get("paths") or {}).items():
            if path in paths:
                raise OpenAPIConflict(f"{name}: {path} is already described by {origin[path]}")
            paths[path] = item
            origin[path] = name
        for kind, entries in (document.get("components") or {}).items():
            merged = components.setdefault(kind, {})
            for key, value in entries.items():
                if key in merged and merged[key] != value:
                    raise OpenAPIConflict(f"{name}: components/{kind}/{key} differs from {origin[f'{kind}/{key}']}")
                merged[key] = value
                origin.setdefault(f"{kind}/{key}", name)
        for tag in document.get("tags") or []:
            tags.setdefault(tag["name"], tag)
    merged_document: dict[str, Any] = {
        "openapi": VERSION,
        "info": {
            "title": "Löfte",
            "version": "1",
            "description": "Every JSON endpoint of Löfte, merged from: " + ", ".join(sorted(documents)) + ".",
        },
        "paths": paths,
        "components": components,
    }
    if tags:
        merged_document["tags"] = list(tags.values())
    return merged_document


def load_documents(directory: Path = OPENAPI_DIR) -> dict[str, dict[str, Any]]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.yaml"))}


@functools.cache
def merged_document() -> dict[str, Any]:
    """Read once per process: the documents are part of the release, not data."""
    return merge_documents(load_documents())


@require_GET
def openapi_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(merged_document(), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # read by API clients' tools anywhere
    return response
