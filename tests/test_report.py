"""Exports: subtitles from real transcripts, and md / self-contained html / json of a real processed session."""

from __future__ import annotations

import base64
import json
import re

import pytest

from voicemock import report
from voicemock.store import Store
from voicemock.transcript import Segment, Transcript, Word

SRT_TIME = r"\d\d:\d\d:\d\d,\d\d\d"
VTT_TIME = r"\d\d:\d\d:\d\d\.\d\d\d"


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


@pytest.fixture(scope="module")
def long_transcript(transcriber, pauses_wav) -> Transcript:
    return transcriber.transcribe(pauses_wav)  # 35 s of read sentences with pauses


def test_srt_cues_are_numbered_ordered_short_and_carry_every_word(long_transcript):
    srt = report.to_srt(long_transcript)
    blocks = srt.strip().split("\n\n")
    assert len(blocks) >= 5
    previous_end = 0.0
    said = []
    for number, block in enumerate(blocks, start=1):
        lines = block.split("\n")
        assert lines[0] == str(number)
        start, end = re.fullmatch(f"({SRT_TIME}) --> ({SRT_TIME})", lines[1]).groups()
        assert previous_end - 0.01 <= _seconds(start) < _seconds(end) <= _seconds(start) + report.CUE_MAX_S + 0.5
        previous_end = _seconds(end)
        assert 1 <= len(lines[2:]) <= 2 and all(len(line) <= report.CUE_MAX_CHARS for line in lines[2:])
        said += " ".join(lines[2:]).split()
    assert said == [w.word for w in long_transcript.words]


def test_vtt_has_its_header_dotted_times_and_escapes_markup():
    words = (Word("I", 0.0, 0.2), Word("used", 0.3, 0.6), Word("<b>&", 0.7, 1.0), Word("-->", 1.1, 1.3))
    transcript = Transcript(text="I used <b>& -->", segments=[Segment("I used <b>& -->", 0.0, 1.3, words)], duration=2)
    vtt = report.to_vtt(transcript)
    assert vtt.startswith("WEBVTT\n\n")
    cue = vtt.split("\n\n")[1].split("\n")
    assert re.fullmatch(f"{VTT_TIME} --> {VTT_TIME}", cue[0])
    assert cue[1] == "I used &lt;b&gt;&amp; --&gt;"
    assert report.to_txt(transcript) == "I used <b>& -->\n"


def test_a_transcript_without_speech_exports_empty_files():
    silent = Transcript(text="", speech_found=False, duration=3.0)
    assert report.to_srt(silent) == "" and report.to_vtt(silent) == "WEBVTT\n\n" and report.to_txt(silent) == ""


def test_html_export_is_one_self_contained_escaped_file_with_the_audio(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    page = report.export_session(store, session_id, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["']?(https?:|//|/|file:)""", page)  # nothing fetched from anywhere
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Why &lt;b&gt;us&lt;/b&gt;?" in page and "Mock &lt;round&gt;" in page
    embedded = re.findall(r'src="data:audio/wav;base64,([A-Za-z0-9+/=]+)"', page)
    answers = store.answers(session_id)
    assert [base64.b64decode(e) for e in embedded] == [a.audio_path.read_bytes() for a in answers]
    fillers = store.load_analysis(answers[1])["fillers"]
    assert fillers and page.count('<mark class="filler"') >= len(fillers)


def test_markdown_and_json_exports(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    markdown = report.export_session(store, session_id, "md")
    assert markdown.startswith("# Mock &lt;round&gt;")
    assert "## Q1. Tell me about a &lt;script&gt;" in markdown and "### Attempt 2" in markdown
    assert "ask not what your country" in markdown.lower()
    data = json.loads(report.export_session(store, session_id, "json"))
    assert data["session"]["id"] == session_id
    assert [(a["position"], a["attempt"]) for a in data["answers"]] == [(1, 1), (1, 2), (2, 1)]
    assert all(a["analysis"]["transcript"]["text"] == a["transcript"]["text"] for a in data["answers"])
    assert data["summary"]["answered"] == 2 and data["summary"]["asked"] == 2
    text = report.export_session(store, session_id, "txt")
    assert "Q1 (attempt 2)" in text
    with pytest.raises(report.ExportError, match="md, html, json"):
        report.export_session(store, session_id, "pdf")


def test_a_follow_up_answer_is_exported_with_its_question_and_not_counted_as_a_take(processed_home, transcriber):
    import json as _json

    from voicemock import pipeline, report
    from voicemock.probes import Probe
    from voicemock.store import Store

    home, session_id = processed_home
    store = Store.open(home)
    question = store.planned_question(session_id, 2)
    [answer] = [a for a in store.answers(session_id) if a.position == 2]
    follow = pipeline.save_answer(store, session_id, question, answer.audio_path, source="file",
                                  probe=Probe("What did <i>you</i> change?", "guide", "guide"), follows=answer.attempt)
    pipeline.process_answer(store, follow.id, transcriber)
    data = _json.loads(report.export_session(store, session_id, "json"))
    [exported] = [a for a in data["answers"] if a["follow_up"]]
    assert exported["position"] == 2 and exported["follows"] == answer.attempt
    second = next(q for q in data["summary"]["questions"] if q["position"] == 2)
    assert second["attempts"] == 1 and second["follow_up"] == "What did <i>you</i> change?"
    markdown = report.export_session(store, session_id, "md")
    assert markdown.index("### Follow-up: What did &lt;i&gt;you&lt;/i&gt; change?") > markdown.index("## Q2.")
    page = report.export_session(store, session_id, "html")
    assert "Follow-up: What did &lt;i&gt;you&lt;/i&gt; change?" in page and "<i>you</i>" not in page
