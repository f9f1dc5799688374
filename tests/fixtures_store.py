"""Shared pytest fixtures for the store area: a real store in a temporary data folder, a real guide plan, and one
session processed once (real tiny.en on real speech, real analysis) that tests copy before changing it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from voicemock.interview.plan import Plan, adhoc_question


@pytest.fixture
def store(data_home):
    from voicemock.sessions.store import Store

    return Store.open(data_home)


@pytest.fixture(scope="session")
def guide_plan() -> Plan:
    """Round 1 of the shipped guide (real content)."""
    from voicemock.interview.guides import DEFAULT_GUIDE, find_guide
    from voicemock.interview.plan import plan_round

    return plan_round(find_guide(DEFAULT_GUIDE), 1)


def hostile_plan() -> Plan:
    """Two ad-hoc questions whose text would break HTML if it were not escaped."""
    first = adhoc_question("Tell me about a <script>alert('x')</script> conflict & how you solved it", question_id="conflict")
    second = replace(adhoc_question("Why <b>us</b>?", kind="motivation", question_id="why-us"), position=2)
    return Plan(guide="adhoc", mode="questions", questions=(first, second), description="two <i>questions</i>")


@pytest.fixture(scope="session")
def analyzer():
    """The real analysis (voicemock.analysis.analyze)."""
    analysis = pytest.importorskip("voicemock.analysis", reason="the analysis area is not in the tree yet")
    return analysis.analyze


@pytest.fixture(scope="session")
def processed_template(tmp_path_factory, transcriber, analyzer, speech_wav, filler_wav) -> tuple[Path, str]:
    """A data folder with one session: Q1 answered twice (JFK speech, then speech with fillers), Q2 once; all processed."""
    from voicemock.sessions import pipeline
    from voicemock.sessions.store import Store

    home = tmp_path_factory.mktemp("processed") / "data"
    store = Store.open(home)
    plan = hostile_plan()
    session = store.create_session(plan, title="Mock <round> ../../one", guide_title="Ad hoc & co")
    for question, audio in ((plan.questions[0], speech_wav), (plan.questions[0], filler_wav), (plan.questions[1], speech_wav)):
        answer = pipeline.save_answer(store, session.id, question, audio, source="file")
        pipeline.process_answer(store, answer.id, transcriber, analyzer=analyzer)
    return home, session.id


@pytest.fixture
def processed_home(processed_template, tmp_path, monkeypatch) -> tuple[Path, str]:
    """A private copy of the processed data folder (safe to damage), set as VOICEMOCK_HOME."""
    template, session_id = processed_template
    home = tmp_path / "data"
    shutil.copytree(template, home)
    monkeypatch.setenv("VOICEMOCK_HOME", str(home))
    return home, session_id
