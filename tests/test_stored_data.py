"""Every page and every export renders any analysis document the store may hold, never a traceback.

The store keeps analysis files for years, across versions, and `rebuild-index` brings back folders written by any
version. Here real documents (the real pipeline on real audio, and a document kept from an older format) are degraded
the ways old or damaged files differ: keys missing, values null, lists and sections empty. Each one goes into a real
store (real SQLite, real session folders, the index rebuilt from the folders), and then every page (Practice's
scorecard and summary, Review, Progress) runs in AppTest and every export format is made.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from voicemock.sessions import report
from voicemock.sessions.progress import MISSING
from voicemock.sessions.store import Store, plan_to_dict

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = int(os.environ.get("VOICEMOCK_STORED_DATA_EXAMPLES", "40"))  # raise it for a longer search
OPERATIONS = ("drop", "null", "empty")

# --------------------------------------------------------------------------- degrading a document


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document; of a list, its first two items and its last (enough to reach every shape)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append(prefix + (key,))
            found += paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index in sorted({0, 1, len(value) - 1} & set(range(len(value)))):
            found.append(prefix + (index,))
            found += paths(value[index], prefix + (index,))
    return found


def degrade(document: dict[str, Any], edits: list[tuple[tuple, str]]) -> dict[str, Any]:
    """The document with each edit applied where its place still exists: the key dropped, set to null, or emptied."""
    out = copy.deepcopy(document)
    for path, operation in edits:
        parent = out
        for step in path[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        last = path[-1]
        if not isinstance(parent, (dict, list)) or (isinstance(parent, dict) and last not in parent) or (
                isinstance(parent, list) and not (isinstance(last, int) and last < len(parent))):
            continue
        if operation == "drop":
            del parent[last]
        elif operation == "null":
            parent[last] = None
        else:
            value = parent[last]
            parent[last] = type(value)() if isinstance(value, (dict, list, str)) else 0 if isinstance(value, (int, float)) else None
    return out


def edits_for(document: dict[str, Any]):
    """Some of the document's own keys left out (as a file of an older format lacks the newer ones), then edits."""
    older = st.lists(st.sampled_from(sorted(document)), max_size=5).map(lambda keys: [((k,), "drop") for k in keys])
    edits = st.lists(st.tuples(st.sampled_from(paths(document)), st.sampled_from(OPERATIONS)), max_size=8)
    return st.tuples(older, edits).map(lambda both: both[0] + both[1]).filter(bool)


# --------------------------------------------------------------------------- rendering everything


@contextmanager
def data_folder(home: Path):
    """VOICEMOCK_HOME set to `home` for the app (Hypothesis examples cannot use the monkeypatch fixture)."""
    before = os.environ.get("VOICEMOCK_HOME")
    os.environ["VOICEMOCK_HOME"] = str(home)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("VOICEMOCK_HOME", None)
        else:
            os.environ["VOICEMOCK_HOME"] = before


def _no_exception(at: AppTest, where: str) -> AppTest:
    assert not at.exception, (where, [e.value for e in at.exception])
    return at


def scorecard_page(card, plan_dict) -> None:
    """What the Practice page shows for an answer and at the end of the sitting (AppTest runs its source as a script: no annotations, imports inside)."""
    from ui.components import scorecard
    from ui.interview import attempt_changes, sitting_summary
    from voicemock.interview.probes import choose_probe
    from voicemock.sessions.store import plan_from_dict
    from voicemock.sessions.summary import summarize_sitting

    plan = plan_from_dict(plan_dict)
    scorecard(card)
    attempt_changes(card, card, since=1)  # a retry's changes since the previous attempt
    choose_probe(plan.questions[0], card)  # the follow-up read from the same document
    sitting_summary(summarize_sitting(plan, [(plan.questions[0], card), (plan.questions[0], card)]))


def render_everything(home: Path, session_id: str) -> dict[str, str]:
    """Rebuild the index from the folders, then every export and every page; returns the exports."""
    store, _, _ = Store.rebuild(home)
    exports = {fmt: report.export_session(store, session_id, fmt) for fmt in report.SESSION_FORMATS}
    for answer in store.answers(session_id):
        transcript = store.load_transcript(answer)
        for fmt in report.TRANSCRIPT_FORMATS:
            exports[f"{answer.id}.{fmt}"] = report.transcript_export(transcript, fmt)
    json.loads(exports["json"])
    plan = plan_to_dict(store.session_plan(session_id))
    for answer in store.answers(session_id):
        card = store.load_analysis(answer)
        _no_exception(AppTest.from_function(scorecard_page, args=(card, plan), default_timeout=60).run(), "practice")
    with data_folder(home):
        at = _no_exception(AppTest.from_file(APP, default_timeout=120).run(), "app")
        _no_exception(at.switch_page("ui/review.py").run(), "review")
        assert at.selectbox(key="review_pick").value == session_id
        _no_exception(at.switch_page("ui/progress.py").run(), "progress")
    return exports


# --------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def real_documents(processed_template) -> tuple[Path, str, list[dict[str, Any]]]:
    """The analysis documents the real pipeline wrote (real tiny.en on real speech): a STAR answer and a motivation one."""
    home, session_id = processed_template
    store = Store.open(home)
    return home, session_id, [store.load_analysis(a) for a in store.answers(session_id)]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_pages_and_exports_survive_degraded_analysis_documents(real_documents, data):
    template, session_id, documents = real_documents
    degraded = [degrade(doc, data.draw(edits_for(doc), label=f"edits of answer {i + 1}")) for i, doc in enumerate(documents)]
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "data"
        shutil.copytree(template, home)
        store = Store.open(home)
        for answer, document in zip(store.answers(session_id), degraded):
            store.write_answer_json(answer, answer.analysis_path, document)
        render_everything(home, session_id)


def test_star_parts_without_times_are_drawn_from_their_shares_or_shown_missing(processed_home):
    """The Review page's TypeError: STAR parts with no times (a transcript without word timings, an older file)."""
    home, session_id = processed_home
    store = Store.open(home)
    star_answer = next(a for a in store.answers(session_id) if (store.load_analysis(a) or {}).get("star"))
    card = store.load_analysis(star_answer)
    for part in card["star"]["parts"]:
        part["start"] = part["end"] = None
    store.write_answer_json(star_answer, star_answer.analysis_path, card)
    render_everything(home, session_id)
    for part in card["star"]["parts"]:
        part.pop("share", None)
    store.write_answer_json(star_answer, star_answer.analysis_path, card)
    exports = render_everything(home, session_id)
    assert "STAR" in exports["md"]


def test_every_place_in_a_document_is_reachable():
    document = {"a": [{"b": 1}, {"b": 2}, {"b": 3}, {"b": 4}], "c": None}
    assert paths(document) == [("a",), ("a", 0), ("a", 0, "b"), ("a", 1), ("a", 1, "b"), ("a", 3), ("a", 3, "b"), ("c",)]
    out = degrade(document, [(("a", 3, "b"), "drop"), (("a", 0), "null"), (("a", 1, "b"), "empty"), (("a", 0, "b"), "drop"),
                             (("c",), "empty")])
    assert out == {"a": [None, {"b": 0}, {"b": 3}, {}], "c": None} and document["a"][0] == {"b": 1}


# --------------------------------------------------------------------------- an older format


@pytest.fixture(scope="module")
def old_format_home(tmp_path_factory) -> tuple[Path, str]:
    """A store holding one answer whose files were written by format 1 (tests/data/*-v1.json), index rebuilt."""
    from tests.make_format_fixture import fixture_audio, fixture_plan
    from voicemock.sessions import pipeline
    from voicemock.speech.transcript import Transcript

    home = tmp_path_factory.mktemp("old-format") / "data"
    store = Store.open(home)
    plan = fixture_plan()
    session = store.create_session(plan, title="Written by format 1")
    answer = pipeline.save_answer(store, session.id, plan.questions[0], fixture_audio(home.parent), source="file")
    transcript = json.loads((DATA / "transcript-v1.json").read_text(encoding="utf-8"))
    store.write_answer_json(answer, answer.transcript_path, transcript)
    store.write_answer_text(answer, answer.srt_path, report.to_srt(Transcript.from_dict(transcript)))
    store.write_answer_json(answer, answer.analysis_path, json.loads((DATA / "analysis-v1.json").read_text(encoding="utf-8")))
    return home, session.id


def test_a_format_1_document_is_read_and_rendered_by_the_current_code(old_format_home):
    from voicemock.analysis import Scorecard
    from voicemock.sessions.progress import metrics_from_analysis

    home, session_id = old_format_home
    old = json.loads((DATA / "analysis-v1.json").read_text(encoding="utf-8"))
    card = Scorecard.from_dict(old)
    assert card.verdict == "ok" and card.wpm == old["wpm"] and card.star["parts"] == old["star"]["parts"]
    metrics = metrics_from_analysis(old)
    assert metrics.star_completeness == 1.0 and metrics.filler_count == len(old["fillers"]) >= 1
    upgraded = card.to_dict()  # the document as the current code writes it back (upgraded, once formats differ)
    assert upgraded["wpm"] == old["wpm"] and upgraded["transcript"]["text"] == old["transcript"]["text"]
    plan = plan_to_dict(Store.open(home).session_plan(session_id))
    _no_exception(AppTest.from_function(scorecard_page, args=(upgraded, plan), default_timeout=60).run(), "practice")

    exports = render_everything(home, session_id)
    store = Store.open(home)
    [answer] = store.answers(session_id)
    assert store.is_complete(answer) and store.metrics(answer.id)["wpm"] == pytest.approx(old["wpm"])
    assert "turned around a team" in exports["md"] and 'class="w filler' in exports["html"]
    assert json.loads(exports["json"])["answers"][0]["analysis"]["star"]["parts"] == old["star"]["parts"]


def test_what_is_missing_is_shown_as_missing(old_format_home, tmp_path):
    old = json.loads((DATA / "analysis-v1.json").read_text(encoding="utf-8"))
    for key in ("wpm", "duration_s", "budget"):
        del old[key]
    for part in old["star"]["parts"]:
        part["start"] = part["end"] = part["share"] = None
    plan = plan_to_dict(Store.open(old_format_home[0]).session_plan(old_format_home[1]))
    at = _no_exception(AppTest.from_function(scorecard_page, args=(old, plan), default_timeout=60).run(), "practice")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Pace (wpm)"] == MISSING and metrics["Answer length"] == MISSING

    home = tmp_path / "data"
    shutil.copytree(old_format_home[0], home)
    store = Store.open(home)
    [answer] = store.answers(old_format_home[1])
    store.write_answer_json(answer, answer.analysis_path, old)
    exports = render_everything(home, old_format_home[1])
    assert f"- **Pace:** {MISSING}" in exports["md"] and f"<dt>Pace</dt><dd>{MISSING}</dd>" in exports["html"]
    assert f"- **Length:** {MISSING}" in exports["md"]
