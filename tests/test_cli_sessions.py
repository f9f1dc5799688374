"""The session commands, run through click on a real processed data folder."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from voicemock.cli import main
from voicemock.sessions.store import Store


def test_sessions_lists_nothing_then_the_session(tmp_path, processed_home):
    runner = CliRunner()
    empty = runner.invoke(main, ["--data-dir", str(tmp_path / "empty"), "sessions"])
    assert empty.exit_code == 0 and "No sessions yet" in empty.output
    home, session_id = processed_home
    listed = json.loads(runner.invoke(main, ["sessions", "--json"]).output)
    assert [(s["id"], s["answers"], s["processed"], s["answered"]) for s in listed] == [(session_id, 3, 3, 2)]
    table = runner.invoke(main, ["sessions"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "2 of 2 answered" in table.output and "3 of 2" not in table.output
    assert not re.search(r"\d{4}-\d\d-\d\d", table.output.replace(session_id, ""))  # a date a person reads


def test_show_lists_every_attempt(processed_home):
    home, session_id = processed_home
    result = CliRunner().invoke(main, ["show", session_id[:15]])  # a unique start of the id is enough
    assert result.exit_code == 0, result.output
    assert session_id in result.output and result.output.count(" done ") == 3


def test_export_formats(processed_home, tmp_path):
    home, session_id = processed_home
    runner = CliRunner()
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["export", session_id, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>") and "data:audio/ogg;base64," in out.read_text()
    md = runner.invoke(main, ["export", session_id])
    assert md.exit_code == 0 and md.output.startswith("# Mock")
    srt = runner.invoke(main, ["export", session_id, "--format", "srt", "--question", "1", "--attempt", "1"])
    assert srt.exit_code == 0 and re.match(r"1\n00:00:\d\d,\d{3} --> ", srt.output)
    store = Store.open(home)
    assert srt.output == store.answers(session_id)[0].srt_path.read_text()
    vtt = runner.invoke(main, ["export", session_id, "--format", "vtt"])
    assert vtt.exit_code == 2 and "--question" in vtt.output


def test_errors_are_one_line_without_traceback(processed_home):
    runner = CliRunner()
    for args in (["show", "no-such-session"], ["export", "no-such-session"], ["delete", "--yes", "nope"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.output.strip().count("\n") == 0 and "voicemock sessions" in result.output


def test_repair_with_nothing_to_do_then_delete(processed_home):
    home, session_id = processed_home
    runner = CliRunner()
    repaired = runner.invoke(main, ["repair"])
    assert repaired.exit_code == 0 and "Nothing to repair" in repaired.output
    refused = runner.invoke(main, ["delete", session_id], input="n\n")
    assert refused.exit_code == 1 and Store.open(home).list_sessions()
    deleted = runner.invoke(main, ["delete", session_id, "--yes"])
    assert deleted.exit_code == 0 and Store.open(home).list_sessions() == []
    assert list(Store.open(home).sessions_root.iterdir()) == []


def test_trends_command(processed_home):
    runner = CliRunner()
    by_kind = runner.invoke(main, ["trends", "--by", "kind"])
    assert by_kind.exit_code == 0 and "Behavioral" in by_kind.output and "Motivation" in by_kind.output
    assert re.search(r"\b\d{1,3}%", by_kind.output) and not re.search(r"\b0\.\d\d\b", by_kind.output)  # STAR as a percent
    history = runner.invoke(main, ["trends", "--question", "conflict"])
    assert history.exit_code == 0 and "Fillers per minute, first to last" in history.output


def test_best_and_weakest_answers(processed_home):
    home, _ = processed_home
    ranked = Store.open(home).ranked_answers()
    assert len(ranked) >= 2
    scores = [score for score, _, _ in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    result = CliRunner().invoke(main, ["trends", "--best", "1"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "best" in result.output and "weakest" in result.output
    assert ranked[0][1].question_text[:20] in result.output
