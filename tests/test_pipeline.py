"""The order of work for one answer, on the real tiny.en model, real speech and the real analysis."""

from __future__ import annotations

import json

import pytest

from tests.fixtures_store import hostile_plan
from voicemock.sessions import pipeline
from voicemock.sessions.progress import change, metrics_from_analysis
from voicemock.sessions.store import Store, StoreError
from voicemock.speech.audio import AudioError
from voicemock.speech.textnorm import normalize


def test_process_answer_writes_every_file_and_the_metrics(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    first = store.answers(session_id)[0]
    assert first.status == "processed" and first.model == "tiny.en"
    transcript = store.load_transcript(first)
    assert "ask not what your country can do for you" in normalize(transcript.text)  # any punctuation
    analysis = store.load_analysis(first)
    for key in ("transcript", "duration_s", "speaking_s", "wpm", "pauses", "fillers", "star", "budget", "tips", "scores"):
        assert key in analysis
    assert analysis["transcript"]["text"] == transcript.text
    metrics = store.metrics(first.id)
    expected = metrics_from_analysis(analysis)
    assert metrics["wpm"] == pytest.approx(expected.wpm) and metrics["wpm"] > 60
    assert metrics["duration_s"] == pytest.approx(11.0, abs=0.1)
    assert metrics["filler_count"] == len(analysis["fillers"])
    assert first.srt_path.read_text().startswith("1\n00:00:")
    assert first.vtt_path.read_text().startswith("WEBVTT\n\n00:00:")
    assert sorted(p.name for p in first.folder.iterdir()) == [
        "analysis.json", "answer.json", "answer.wav", "transcript.json", "transcript.srt", "transcript.vtt"]


def test_retries_are_all_kept_and_show_in_the_question_history(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    retries = [a for a in store.answers(session_id) if a.question_id == "conflict"]
    assert [a.attempt for a in retries] == [1, 2]
    history = store.question_history("conflict")
    assert [p.attempt for p in history] == [1, 2]
    fillers = [store.metrics(a.id)["fillers_per_min"] for a in retries]
    assert fillers[1] > fillers[0]  # the second take has "um" and "uh" in it; JFK's speech has none
    assert change(history, "fillers_per_min") == pytest.approx(fillers[1] - fillers[0], abs=1e-3)


def test_the_best_take_is_the_highest_overall_score_until_the_candidate_marks_another(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    takes = [a for a in store.answers(session_id) if a.question_id == "conflict"]
    overall = {a.id: store.metrics(a.id)["overall"] for a in takes}  # the scorecard's overall score
    assert overall == {a.id: store.load_analysis(a)["overall"] for a in takes}
    [best] = [a for a in takes if a.best]
    assert overall[best.id] == max(overall.values())
    other = next(a for a in takes if a.id != best.id)
    before = store.trends("question")
    store.mark_best(other.id)
    assert [a.id for a in store.answers(session_id) if a.best and a.question_id == "conflict"] == [other.id]
    assert json.loads((other.folder / "answer.json").read_text())["marked_best"] is True
    after = {r.key: r for r in store.trends("question")}
    if store.metrics(other.id)["wpm"] != store.metrics(best.id)["wpm"]:
        assert after["conflict"].wpm != {r.key: r for r in before}["conflict"].wpm
    assert after["conflict"].wpm == pytest.approx(store.metrics(other.id)["wpm"])
    # The mark lives in the folders too: a rebuilt index keeps it.
    store.rebuild_index()
    assert [a.id for a in store.answers(session_id) if a.best and a.question_id == "conflict"] != []
    assert [a.attempt for a in store.answers(session_id) if a.best and a.question_id == "conflict"] == [other.attempt]


def test_trends_group_by_session_round_kind_and_question(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    by_kind = {r.key: r for r in store.trends("kind")}
    assert set(by_kind) == {"behavioral", "motivation"}
    # Two takes at the behavioral question, one at the motivation question: the trends count the best take only.
    assert by_kind["behavioral"].answers == 1 and by_kind["motivation"].answers == 1
    assert [r.answers for r in store.trends("session")] == [2]
    assert {r.key for r in store.trends("question")} == {"conflict", "why-us"}
    assert store.trends("round")[0].label == "Questions outside a round"
    share = store.trends("session")[0].on_budget_share
    assert share is not None and 0.0 <= share <= 1.0
    with pytest.raises(StoreError):
        store.trends("colour")


def test_reanalyze_keeps_the_old_results_until_the_new_ones_are_complete(processed_home, transcriber, analyzer):
    home, session_id = processed_home
    store = Store.open(home)
    answer = store.answers(session_id)[0]
    before = {p.name: p.read_bytes() for p in answer.folder.iterdir()}

    def breaks_halfway(transcript, question, samples):
        analyzer(transcript, question, samples)
        raise AudioError("analysis stopped halfway: try again")

    done, failed = pipeline.reanalyze(store, session_id, transcriber, analyzer=breaks_halfway)
    assert done == [] and len(failed) == 3
    assert {p.name: p.read_bytes() for p in answer.folder.iterdir()} == before
    assert store.is_complete(store.answer(answer.id))

    done, failed = pipeline.reanalyze(store, session_id, transcriber, analyzer=analyzer)
    assert len(done) == 3 and failed == []
    assert json.loads(answer.transcript_path.read_text())["text"] == json.loads(before["transcript.json"])["text"]
    assert all(store.is_complete(a) for a in store.answers(session_id))


def test_an_answer_must_belong_to_its_session(store, speech_wav, guide_plan):
    session = store.create_session(hostile_plan())
    stranger = guide_plan.questions[-1]
    assert stranger.position > 2
    with pytest.raises(StoreError, match="has no question"):
        pipeline.save_answer(store, session.id, stranger, speech_wav)
    with pytest.raises(StoreError, match="unknown answer source"):
        pipeline.save_answer(store, session.id, hostile_plan().questions[0], speech_wav, source="phone")


def test_the_pause_hook_does_nothing_unless_asked(monkeypatch):
    monkeypatch.delenv(pipeline.PAUSE_ENV, raising=False)
    for stage in pipeline.STAGES:
        pipeline.checkpoint(stage)  # returns at once
