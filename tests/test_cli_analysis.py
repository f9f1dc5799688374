"""`voicemock analyze`: text and audio, ad-hoc and guide questions, JSON and tables, one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.fixtures_analysis import without_part
from voicemock.cli import main


def test_a_transcript_against_a_guide_question(tmp_path, star_answers, data_home):
    text = tmp_path / "answer.txt"
    text.write_text(without_part(star_answers[0], "result"))
    result = CliRunner().invoke(main, ["analyze", "--transcript", str(text), "--guide", "coursera-em-m4",
                                       "--question-id", "r3q1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["question"]["id"] == "r3q1" and data["budget"]["target_s"] == 120
    assert "result" in data["star"]["missing"] and data["wpm"] is None


def test_a_transcript_as_a_readable_table(tmp_path, star_answers):
    text = tmp_path / "answer.txt"
    text.write_text(star_answers[1]["answer"])
    result = CliRunner().invoke(main, ["analyze", "--transcript", str(text), "--question", star_answers[1]["question"]])
    assert result.exit_code == 0, result.output
    assert "STAR" in result.output and "Top tips" in result.output


def test_mistakes_get_one_line_not_a_traceback(tmp_path, data_home):
    text = tmp_path / "answer.txt"
    text.write_text("Some answer.")
    no_question = CliRunner().invoke(main, ["analyze", "--transcript", str(text)])
    assert no_question.exit_code == 2 and "which question" in no_question.output
    missing_file = CliRunner().invoke(main, ["analyze", str(tmp_path / "nope.wav"), "--question", "Why?"])
    assert missing_file.exit_code == 1 and "Traceback" not in missing_file.output
    assert len(missing_file.output.strip().splitlines()) == 1
    bad_guide = CliRunner().invoke(main, ["analyze", "--transcript", str(text), "--guide", "no-such-guide",
                                          "--question-id", "r1q1"])
    assert bad_guide.exit_code == 1 and len(bad_guide.output.strip().splitlines()) == 1


@pytest.mark.whisper
def test_audio_is_transcribed_and_analysed(speech_wav, data_home):
    result = CliRunner().invoke(main, ["analyze", str(speech_wav), "--question", "Why does service matter?",
                                       "--kind", "motivation", "--budget", "30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["wpm"] and data["transcript"]["words"] and data["structure"]["kind"] == "motivation"
    assert data["budget"]["target_s"] == 30 and data["budget"]["verdict"] == "too_short"
