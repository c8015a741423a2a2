"""Production collects the static files into hashed, compressed copies; nothing may refer to a missing file."""

from __future__ import annotations

from django.core.management import call_command


def test_collectstatic_with_the_production_storage_succeeds(settings, tmp_path):
    # The vendored Leaflet named a source map that is not vendored: the manifest storage refused to collect,
    # so `make serve-prod` (scripts/serve-prod.sh) and every production deploy stopped at collectstatic.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", "-v0")
    assert (tmp_path / "staticfiles.json").exists()
    assert any(tmp_path.glob("lofte/public.*.css"))
