"""`voicemock guides`, `plan` and `import-guide` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from voicemock.cli import main
from voicemock.interview.guide import load_guide


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_guides_lists_the_default(data_home):
    result = run("guides", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows[0]["slug"] == "coursera-em-m4" and rows[0]["total_minutes"] == 270


def test_plan_json_contract(data_home):
    result = run("plan", "--guide", "coursera-em-m4", "--round", "1", "--json")
    assert result.exit_code == 0
    plan = json.loads(result.output)
    first = plan["questions"][0]
    assert {"id", "text", "round", "kind", "tags", "budget"} <= set(first)
    assert set(first["budget"]) == {"target_s", "min_s", "max_s"}
    assert first["id"] == "r1q1" and first["round"] == 1


def test_plan_drill_same_seed_same_questions(data_home):
    a = json.loads(run("plan", "--drill", "5", "--seed", "3", "--json").output)
    b = json.loads(run("plan", "--drill", "5", "--seed", "3", "--json").output)
    assert [q["id"] for q in a["questions"]] == [q["id"] for q in b["questions"]]


def test_bad_input_is_one_line_and_non_zero(data_home, tmp_path):
    cases = [
        ("plan", "--guide", "nope", "--loop"),
        ("plan", "--round", "7"),
        ("plan", "--drill", "3", "--tag", "underwater"),
        ("plan", "--drill", "500"),
    ]
    for args in cases:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code != 0, args
        assert result.output.strip().count("\n") == 0 and result.output.startswith("Error:"), result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("company: Acme\nrole: [unclosed\n")
    result = CliRunner().invoke(main, ["plan", "--guide", str(broken), "--loop"])
    assert result.exit_code == 1 and "broken.yaml, line" in result.output


def test_import_guide_writes_valid_yaml(seed_guide_text_path, tmp_path):
    out = tmp_path / "content" / "seed.yaml"
    result = run("import-guide", str(seed_guide_text_path), "-o", str(out))
    assert result.exit_code == 0, result.output
    # Each placeholder is listed with what became of it; the seed repeats the built-in guide, and says so.
    assert "placeholder r2q1: [a relevant Coursera feature, e.g., course recommendations] is spoken as “course recommendations”" in result.output
    assert "placeholder r2q2: [specific Coursera service] is left to fill in by hand" in result.output
    assert "Warning:" in result.output and "“coursera-em-m4” (built-in)" in result.output
    guide = load_guide(out)
    assert guide.total_minutes == 270 and len(guide.rounds) == 5
    # A YAML guide is accepted too (checked, then written again).
    again = run("import-guide", str(out), "-o", str(tmp_path / "again.yaml"))
    assert again.exit_code == 0, again.output
    assert load_guide(tmp_path / "again.yaml").all_questions() == guide.all_questions()


def test_check_guide_reports_every_mistake_with_its_line(data_home, tmp_path):
    from voicemock.layout import content_dir

    text = (content_dir() / "coursera-em-m4.yaml").read_text()
    good = tmp_path / "good.yaml"
    good.write_text(text.replace("company: Coursera", "company: Acme").replace("title: Software", "title: Staff"))
    ok = run("check-guide", str(good))
    assert ok.exit_code == 0 and "is a usable guide: Acme · Staff Engineering Manager, 5 rounds" in ok.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("duration_min: 45", "duration_min: soon", 1).replace("kind: motivation", "kind: chat", 1))
    lines = broken.read_text().splitlines()
    result = run("check-guide", str(broken))
    assert result.exit_code == 1 and "Traceback" not in result.output
    reported = [l for l in result.output.splitlines() if l.strip()]
    assert len(reported) == 2
    numbers = sorted(next(i for i, l in enumerate(lines, 1) if needle in l) for needle in ("soon", "kind: chat"))
    for number, line in zip(numbers, reported):  # in file order
        assert f"broken.yaml, line {number}: " in line
    seed = run("check-guide", str(Path(__file__).resolve().parent.parent / "content" / "coursera-em-m4.yaml"))
    assert seed.exit_code == 0 and "Warning" not in seed.output  # a guide is not its own duplicate


def test_console_script_is_installed(data_home):
    exe = Path(sys.executable).with_name("voicemock")
    result = subprocess.run([str(exe), "plan", "--questions", "r3q1,c02", "--json"], capture_output=True, text=True, check=True)
    assert [q["id"] for q in json.loads(result.stdout)["questions"]] == ["r3q1", "c02"]
