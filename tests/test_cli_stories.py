"""`voicemock stories ...` and `voicemock next` from the command line, over a real store, with real stories."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from voicemock.cli import main
from voicemock.sessions.store import Store
from voicemock.sessions.stories import dump_stories

from tests.fixtures_stories import story_parts


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_add_show_edit_list_delete(data_home, real_answers):
    parts = story_parts(real_answers[0])
    result = run("stories", "add", "--title", "CRM migration", *[a for p, t in parts.items() for a in (f"--{p}", t)],
                 "--question", "r3q2")
    assert result.exit_code == 0, result.output
    assert "Added story crm-migration" in result.output
    shown = json.loads(run("stories", "show", "crm-migration", "--json").output)
    assert shown["situation"] == parts["situation"] and shown["questions"] == ["r3q2"]
    assert isinstance(shown["suggested_tags"], list)

    edited = run("stories", "edit", "crm-migration", "--result", "We finished early.", "--tag", "Prioritization",
                 "--question", "r4q1", "--unlink", "r3q2")
    assert edited.exit_code == 0, edited.output
    story = Store.open().get_story("crm-migration")
    assert story.result == "We finished early." and "Prioritization" in story.tags and story.questions == ("r4q1",)
    assert story.situation == parts["situation"]

    listed = json.loads(run("stories", "list", "--json").output)
    assert [s["id"] for s in listed] == ["crm-migration"]
    assert run("stories", "delete", "crm-migration", input="n\n").output.endswith("Kept.\n")
    assert run("stories", "delete", "crm-migration", "--yes").exit_code == 0
    assert "No stories yet" in run("stories", "list").output


def test_add_from_a_told_story_splits_it(data_home, real_answers, tmp_path):
    told = tmp_path / "told.txt"
    told.write_text(real_answers[1]["answer"], encoding="utf-8")
    result = run("stories", "add", "--from-text", str(told), "--title", "Complaint")
    assert result.exit_code == 0, result.output
    story = Store.open().list_stories()[0]
    assert story.title == "Complaint" and story.action
    told_words = real_answers[1]["answer"].split()
    assert story.text.split() == told_words  # every word went to one part, in order


def test_errors_are_one_line(data_home):
    for args in (("stories", "show", "nope"), ("stories", "add", "--title", "Empty")):
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 1
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_export_import_round_trip_and_a_malformed_file_is_refused_whole(data_home, real_stories, tmp_path):
    good = tmp_path / "mine.yaml"
    good.write_text(dump_stories(real_stories[:6]), encoding="utf-8")
    result = run("stories", "import", str(good))
    assert result.exit_code == 0 and "6 added" in result.output
    exported = tmp_path / "out.yaml"
    assert run("stories", "export", "-o", str(exported)).exit_code == 0
    assert [s["id"] for s in yaml.safe_load(exported.read_text())["stories"]] == [s.id for s in real_stories[:6]]

    data = yaml.safe_load(good.read_text())
    data["stories"] = [dict(s, id=f"new-{i}") for i, s in enumerate(data["stories"])]
    data["stories"][3]["tags"] = "not a list"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), start=1) if "not a list" in text)
    refused = CliRunner().invoke(main, ["stories", "import", str(bad)])
    assert refused.exit_code == 1
    assert f"{bad}, line {line}: stories[3].tags: expected a list" in refused.output
    assert len(Store.open().list_stories()) == 6  # nothing of the bad file was taken


def test_coverage_and_next(data_home, real_stories, tmp_path):
    path = tmp_path / "mine.yaml"
    linked = [real_stories[0].__class__(**{**real_stories[0].__dict__, "questions": ("r1q2", "r3q1", "r5q3")})]
    path.write_text(dump_stories(linked + list(real_stories[1:8])), encoding="utf-8")
    run("stories", "import", str(path))
    cover = json.loads(run("stories", "coverage", "--json").output)
    rows = {q["id"]: q for q in cover["questions"]}
    assert rows["r3q1"]["story"] == real_stories[0].id and rows["r3q1"]["how"] == "linked"
    assert any(real_stories[0].id in w or "3 rounds" in w for w in cover["warnings"])
    text = run("stories", "coverage").output
    assert "Criteria no story covers" in text or not cover["uncovered_criteria"]

    items = json.loads(run("next", "--json").output)
    assert 1 <= len(items) <= 5 and all("never answered" in i["reasons"] for i in items)
    plain = run("next").output
    assert f"voicemock practice --questions {items[0]['id']}" in plain


def test_study_plan_from_the_terminal(data_home):
    assert "not started" in run("stories", "study").output
    started = run("stories", "study", "--start", "today", "--done", "1")
    assert started.exit_code == 0 and "<- this week" in started.output and "[x] 1." in started.output
    assert "This week's study focus" in run("next").output
    bad = CliRunner().invoke(main, ["stories", "study", "--start", "next tuesday"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output


@pytest.mark.whisper
def test_add_from_a_recording_transcribes_it_on_this_machine(data_home, tmp_path, answer_wav, answer_words):
    """Real speech, the real embedded Whisper model: the told story lands in the parts, every word in one of them."""
    recording = tmp_path / "told.wav"
    recording.write_bytes(answer_wav)
    result = run("stories", "add", "--from-audio", str(recording), "--title", "Told aloud")
    assert result.exit_code == 0, result.output
    story = Store.open().list_stories()[0]
    heard = story.text.lower()
    assert story.title == "Told aloud"
    assert len({w for w in answer_words if w in heard}) >= len(answer_words) // 2
