"""Exports: subtitles from real transcripts, and md / self-contained html / json of a real processed session."""

from __future__ import annotations

import base64
import json
import re

import pytest

from voicemock.sessions import report
from voicemock.sessions.store import Store
from voicemock.speech.transcript import Segment, Transcript, Word

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


def test_html_export_is_one_self_contained_escaped_file_with_compressed_audio_and_coaching(processed_home):
    import io

    import av
    import numpy as np

    from voicemock.speech.audio import load_audio

    home, session_id = processed_home
    store = Store.open(home)
    page = report.export_session(store, session_id, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["']?(https?:|//|/|file:)""", page)  # nothing fetched from anywhere
    # The one script is the fixed click-to-play one; user text is escaped, never markup.
    assert page.count("<script>") == 1 and "alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Why &lt;b&gt;us&lt;/b&gt;?" in page and "Mock &lt;round&gt;" in page and "Ad hoc &amp; co" in page
    assert 'class="s"' in page and "data-start=" in page and "audio.currentTime" in page  # click a sentence to play
    assert "What to work on" in page and "<ol class=\"tips\">" in page
    answers = store.answers(session_id)
    # Players show their length before they are pressed: metadata preloaded, and the length written beside them.
    players = re.findall(r'<audio controls preload="metadata" src="data:audio/ogg;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(players) == len(answers) and 'preload="none"' not in page
    total_s = 0.0
    for payload, answer in zip(players, answers):
        opus = base64.b64decode(payload)
        with av.open(io.BytesIO(opus)) as container:
            assert container.streams.audio[0].codec_context.name == "opus"
        original, decoded = load_audio(answer.audio_path), load_audio(opus)
        assert abs(len(decoded) - len(original)) / 16000 < 0.1  # the whole recording, not a piece of it
        assert np.corrcoef(original[: len(decoded)], decoded[: len(original)])[0, 1] > 0.8  # the same sound
        total_s += len(original) / 16000
        assert f"Recording, {report.clock(store.load_analysis(answer)['duration_s'])}" in page
    assert len(page.encode("utf-8")) / 1e6 <= total_s / 60  # at most 1 MB per minute of answers, page included
    fillers = store.load_analysis(answers[1])["fillers"]
    assert fillers and page.count('class="w filler') >= len(fillers)


def test_html_export_colours_star_parts(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    page = report.export_session(store, session_id, "html")
    parts = {s.get("part") for a in store.answers(session_id) for s in (store.load_analysis(a).get("sentences") or [])}
    for part in parts & set(report.STAR_COLOURS):
        assert f'style="background:{report.STAR_COLOURS[part]}"' in page
    assert "Situation" in page and "Result" in page  # the legend names the colours


def test_markdown_reads_as_a_report_for_a_person(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    markdown = report.export_session(store, session_id, "md")
    assert markdown.startswith("# Mock \\<round\\>")
    assert "Ad hoc & co" in markdown and "&amp;" not in markdown and "&lt;" not in markdown  # no HTML entities
    assert "## Q1. Tell me about a \\<script\\>alert('x')\\</script\\> conflict & how you solved it" in markdown
    assert "### Attempt 2" in markdown and "### Answer" in markdown  # Q1 twice, Q2 once
    assert "ask not what your country" in markdown.lower()
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", markdown)  # no ISO timestamps
    assert not re.search(r"\b(too_short|on_target|over_limit|system_design|technical_decision)\b", markdown)
    assert "score:" not in markdown and "|---|" not in markdown  # no developer score table
    assert "2 of 2 answered" in markdown and "- **Length:**" in markdown and "- **Pace:**" in markdown
    assert "What to work on:" in markdown
    assert re.search(r"- \*\*Length:\*\* \d+:\d\d against a target of \d+:\d\d", markdown)


def test_json_and_txt_exports(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
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

    from voicemock.sessions import pipeline, report
    from voicemock.interview.probes import Probe
    from voicemock.sessions.store import Store

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
    heading = "### " + report._md("Follow-up: What did <i>you</i> change?")
    assert "<i>" not in heading and markdown.index(heading) > markdown.index("## Q2.")
    assert "Q2 (Follow-up: What did <i>you</i> change?)" in report.export_session(store, session_id, "txt")
    page = report.export_session(store, session_id, "html")
    assert "Follow-up: What did &lt;i&gt;you&lt;/i&gt; change?" in page and "<i>you</i>" not in page
