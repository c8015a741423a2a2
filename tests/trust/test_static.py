"""Production static files: `collectstatic` with the storage production uses (hashed names, a manifest,
compressed copies) must succeed from a clean clone, or `make serve-prod` and an installation fail at once."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_with_the_production_storage_succeeds_and_names_every_file(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STATIC):
        call_command("collectstatic", "--noinput", "-v0")
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/leaflet/leaflet.js" in manifest
    assert list(tmp_path.glob("vendor/leaflet/leaflet.*.js.gz")), "compressed copies for the reverse proxy"
