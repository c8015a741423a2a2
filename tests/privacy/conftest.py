# ruff: noqa: F401 - fixtures shared with the cases and dialogues tests
from __future__ import annotations

from tests.cases.conftest import _photos_in_a_temporary_folder, street_lights
from tests.dialogues.campaign_fixtures import campaign, centrum, torget
