"""Every dependency is pinned with the hashes of its files, installed only that way, and the same version in
both locks; CI runs the scans."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")


def _pins(lock: str) -> dict[str, str]:
    """name → version; fails on any requirement that is not `name==version` followed by its hashes."""
    pins: dict[str, str] = {}
    lines = (ROOT / lock).read_text().splitlines()
    for index, line in enumerate(lines):
        if not line or line.startswith((" ", "#")):
            continue
        match = PIN.match(line)
        assert match, f"{lock}: not pinned with hashes: {line}"
        assert lines[index + 1].strip().startswith("--hash=sha256:"), f"{lock}: {line} has no hash"
        pins[match.group(1).lower()] = match.group(2)
    return pins


def test_every_dependency_is_pinned_with_hashes_and_the_same_in_both_locks() -> None:
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {"django", "pillow", "openpyxl", "pyyaml"} <= set(runtime)
    assert {"hypothesis", "schemathesis", "pip-audit", "bandit"} <= set(dev)
    assert {name: dev.get(name) for name in runtime} == runtime


def test_installs_refuse_anything_without_a_matching_hash_and_ci_runs_the_scans() -> None:
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "pip install" in line and "requirements" in line]
    assert installs and all("--require-hashes" in line for line in installs), installs
    assert "--generate-hashes" in makefile
    assert "make audit" in (ROOT / ".ci" / "run").read_text()
