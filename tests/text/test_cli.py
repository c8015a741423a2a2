from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lofte.text", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_code_round_trip_reports_a_bad_line_and_continues(tmp_path: Path) -> None:
    places = tmp_path / "places.json"
    places.write_text(
        json.dumps([{"id": "sp", "name": "Stadsparken", "aliases": ["parken vid torget"], "kind": "park"}]),
        encoding="utf-8",
    )
    lines = [
        json.dumps({"id": "a1", "text": "Mörkt i stadsparken på kvällarna"}),
        "{this is not json",
        json.dumps({"id": "a3", "text": "Min granne Per ringer 070-123 45 67 om knarket"}),
    ]
    result = run(["code", "--places", str(places)], "\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a1", "a3"]
    assert "line 2" in result.stderr
    assert set(out[0]) >= {"id", "themes", "theme_scores", "places", "times", "redacted"}
    assert "belysning" in out[0]["themes"]
    assert out[0]["places"][0]["id"] == "sp"
    assert out[0]["times"] == ["evening", "darkness"]
    assert out[1]["redacted"] == "Min granne [namn] ringer [telefon] om knarket"


def test_train_then_code_with_model_and_evaluate(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    rows = [
        {"id": f"r{i}", "text": t, "themes": th}
        for i, (t, th) in enumerate(
            [
                ("vildsvin i trädgården", ["annat"]),
                ("mörkt i parken", ["belysning", "offentliga_platser"]),
                ("knark vid skolan", ["narkotika", "skola"]),
                ("fulla på torget", ["alkohol_berusning", "offentliga_platser"]),
            ]
            * 5
        )
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    model = tmp_path / "model.json"
    trained = run(["train", "--data", str(data), "--out", str(model)], "")
    assert trained.returncode == 0, trained.stderr
    coded = run(["code", "--model", str(model)], json.dumps({"id": 1, "text": "mörkt i parken"}) + "\n")
    assert "belysning" in json.loads(coded.stdout)["themes"]
    evaluated = run(["evaluate", "--data", str(data), "--json"], "")
    report = json.loads(evaluated.stdout)
    assert 0.0 <= report["lexicon_and_model"]["micro_f1"] <= 1.0
    assert "per_theme" in report["lexicon_and_model"]
