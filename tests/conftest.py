"""Fixtures every test area shares. Area-specific fixtures live in tests/fixtures_<area>.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

pytest_plugins = [
    "tests.fixtures_speech",
    "tests.fixtures_analysis",
    "tests.fixtures_store",
    "tests.fixtures_app",
    "tests.fixtures_stories",
]

# A test that depends on what Whisper decodes carries the `whisper` mark (`make test-isa` runs these under several
# CTranslate2 instruction sets). Using one of these fixtures marks a test by itself; a test that loads the model
# another way (the app, the CLI, a subprocess) is marked by hand, and the guard below fails a test that transcribed
# in this process without the mark.
WHISPER_FIXTURES = {"transcriber", "processed_template"}

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_DIR.parent / "shared"
SEED_GUIDE = SHARED_DIR / "seed" / "000_90ade8228a873ade.txt"
EVAL_DIR = SHARED_DIR / "eval"


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not (EVAL_DIR / "speech" / "manifest.tsv").is_file():
        pytest.skip(f"the shared evaluation data is not beside the project ({EVAL_DIR})")
    return EVAL_DIR


@pytest.fixture(scope="session")
def seed_guide_text_path() -> Path:
    if not SEED_GUIDE.is_file():
        pytest.skip(f"the seed guide is not beside the project ({SEED_GUIDE})")
    return SEED_GUIDE


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory) -> Path:
    """Tests never touch the user's cache; one cache per test run keeps TTS/model reuse fast."""
    cache = tmp_path_factory.mktemp("cache")
    os.environ["VOICEMOCK_CACHE"] = str(cache)
    return cache


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty data folder (VOICEMOCK_HOME) for one test."""
    home = tmp_path / "data"
    monkeypatch.setenv("VOICEMOCK_HOME", str(home))
    return home


def pytest_collection_modifyitems(config, items):
    for item in items:
        if WHISPER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.whisper)


_transcriptions = [0]


def _count_transcriptions() -> None:
    from voicemock.speech.transcribe import Transcriber

    if getattr(Transcriber.transcribe, "_counted", False):
        return
    original = Transcriber.transcribe

    def transcribe(self, *args, **kwargs):
        _transcriptions[0] += 1
        return original(self, *args, **kwargs)

    transcribe._counted = True
    Transcriber.transcribe = transcribe


_count_transcriptions()


@pytest.fixture(autouse=True)
def _whisper_mark_is_honest(request):
    """A test that ran Whisper (in this process) must carry the `whisper` mark, so `make test-isa` runs it."""
    before = _transcriptions[0]
    yield
    if _transcriptions[0] > before and request.node.get_closest_marker("whisper") is None:
        pytest.fail("this test ran Whisper: mark it @pytest.mark.whisper so that `make test-isa` runs it", pytrace=False)
