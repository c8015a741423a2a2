"""Loaded before Django (pytest -p): the tests run with development settings unless the caller chose others."""

import os

os.environ.setdefault("DEBUG", "1")
