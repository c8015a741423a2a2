"""`make audit`, part one: known vulnerabilities in every pinned dependency (requirements*.lock).

pip-audit asks the registry's per-release JSON (/pypi/NAME/VERSION/json) for each pin. Where the registry that
answers does not serve that address (this project's own workplace reaches only a registry mirror that serves the
per-project JSON), pip-audit reports the pin as skipped rather than failing. This script then reads the
per-project JSON (/pypi/NAME/json) instead, whose "vulnerabilities" describe the newest release: a pin that is the
newest release is audited from it; a pin that is not cannot be audited here and is named as such.

Fails (exit 1) on any known vulnerability. A pin audited by neither is printed as NOT AUDITED, never skipped in
silence; it fails the run too with AUDIT_STRICT=1 (off by default, since a new upstream release alone would then
fail CI where the per-release data cannot be reached: update the pin instead).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.lock", "requirements-dev.lock"]
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for lock in LOCKS:
        for line in (ROOT / lock).read_text().splitlines():
            if line and line[0].isalnum() and "==" in line:
                name, version = line.split(" ", 1)[0].split("==")
                found[name.lower()] = version
    return found


def pip_audit() -> list[dict]:
    args = [sys.executable, "-m", "pip_audit", "--require-hashes", "--disable-pip", "--progress-spinner", "off"]
    args += ["-f", "json", "--desc", "off"]
    for lock in LOCKS:
        args += ["-r", str(ROOT / lock)]
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=600)  # noqa: S603 - fixed argv
    try:
        return json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        sys.exit(f"pip-audit gave no report (exit {result.returncode}):\n{result.stderr}")


def newest_release_vulnerabilities(name: str, version: str) -> list[str] | None:
    """The ids of the known vulnerabilities of NAME==VERSION, or None when the registry cannot tell."""
    url = PROJECT_JSON.format(name=name)
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - a fixed https address
        data = json.load(response)
    if data["info"]["version"] != version:
        return None
    return [v["id"] for v in data.get("vulnerabilities", []) if not v.get("withdrawn")]


def main() -> int:
    versions = pins()
    vulnerable: list[str] = []
    unaudited: list[str] = []
    by_pip_audit = by_registry = 0
    for dependency in pip_audit():
        name = dependency["name"].lower()
        if "skip_reason" not in dependency:
            by_pip_audit += 1
            vulnerable += [f"{name}=={dependency['version']}: {v['id']}" for v in dependency.get("vulns", [])]
            continue
        version = versions.get(name) or versions.get(name.replace("-", "_"), "")
        try:
            ids = newest_release_vulnerabilities(name, version)
        except (OSError, ValueError) as error:  # the registry cannot be reached or answered nonsense
            unaudited.append(f"{name}=={version} (registry: {error})")
            continue
        if ids is None:
            unaudited.append(f"{name}=={version} (not the newest release)")
            continue
        by_registry += 1
        vulnerable += [f"{name}=={version}: {i}" for i in ids]
    print(f"audited {by_pip_audit} pins by pip-audit, {by_registry} from the registry's per-project data")
    for line in unaudited:
        print(f"NOT AUDITED (the per-release data cannot be reached): {line}")
    for line in vulnerable:
        print(f"VULNERABLE: {line}")
    strict = os.environ.get("AUDIT_STRICT", "0") == "1"
    return 1 if vulnerable or (unaudited and strict) else 0


if __name__ == "__main__":
    sys.exit(main())
