from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from voicemock.cli import main
from voicemock.speech.audio import wav_info


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_say_writes_a_wav(tmp_path):
    out = tmp_path / "q.wav"
    result = run("say", "Why do you want this job?", "-o", str(out), "--voice", "en-gb", "--rate", "180")
    assert result.exit_code == 0, result.output
    assert wav_info(out).seconds > 1


def test_say_unknown_voice_is_one_line(tmp_path):
    result = run("say", "hello", "-o", str(tmp_path / "q.wav"), "--voice", "nope-zz")
    assert result.exit_code == 1 and "unknown voice" in result.output and "Traceback" not in result.output


@pytest.mark.whisper
def test_transcribe_prints_text_and_json(speech_wav):
    # a real subprocess: the installed command path, the embedded model, offline
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "voicemock", "transcribe", str(speech_wav), "--json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["model"] == "tiny.en" and "country" in data["text"].lower() and data["words"][0]["start"] >= 0


def test_transcribe_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "answer.webm"
    bad.write_bytes(b"\x1a\x45\xdf\xa3 not really webm")
    result = run("transcribe", str(bad))
    assert result.exit_code == 1 and "could not be decoded" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_record_without_a_microphone_points_to_the_browser(tmp_path):
    result = run("record", "-o", str(tmp_path / "a.wav"))
    assert result.exit_code == 1 and "browser microphone" in result.output
    assert len(result.output.strip().splitlines()) == 1
