"""Shared pytest fixtures for the app area: real speech recordings made from the shared evaluation clips, and a
real Streamlit server for the browser test.

The evaluation audio is read by path at test time and never copied into the repository.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"

# Real read speech (public-domain / CC clips listed in ../shared/eval/speech/SOURCES.md), joined with short gaps into
# one spoken "answer". What was said is checked against the manifest's own transcripts.
ANSWER_CLIPS = (
    "jfk/jfk.wav",
    "librispeech_test_clean/1089-134686-0000.wav",
)


def _join_clips(eval_dir: Path, clips: tuple[str, ...], gap_s: float = 0.6) -> np.ndarray:
    from voicemock.speech.audio import SAMPLE_RATE, load_audio

    gap = np.zeros(int(gap_s * SAMPLE_RATE), dtype=np.float32)
    parts: list[np.ndarray] = [gap]
    for clip in clips:
        path = eval_dir / "speech" / clip
        if not path.is_file():
            pytest.skip(f"evaluation clip missing: {path}")
        parts += [load_audio(path), gap]
    return np.concatenate(parts)


@pytest.fixture(scope="session")
def answer_wav(eval_dir: Path) -> bytes:
    """A 16 kHz mono WAV (bytes) of real speech, about 22 s: what st.audio_input would hand the page."""
    from voicemock.speech.audio import wav_bytes

    return wav_bytes(_join_clips(eval_dir, ANSWER_CLIPS))


@pytest.fixture(scope="session")
def answer_words(eval_dir: Path) -> set[str]:
    """Words the answer WAV certainly contains (from the manifest transcripts), lower case."""
    import csv

    with open(eval_dir / "speech" / "manifest.tsv", newline="", encoding="utf-8") as handle:
        rows = {row["file"]: row["transcript"] for row in csv.DictReader(handle, delimiter="\t")}
    words: set[str] = set()
    for clip in ANSWER_CLIPS:
        words |= {w.strip(".,;:!?\"'").lower() for w in rows[clip].split() if len(w) > 5}
    return words


@pytest.fixture(scope="session")
def silent_wav() -> bytes:
    """Three seconds of near-silence with faint noise: a microphone that heard nobody."""
    from voicemock.speech.audio import wav_bytes

    rng = np.random.default_rng(7)
    return wav_bytes((rng.standard_normal(3 * 16000) * 0.002).astype(np.float32))


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_server(tmp_path: Path, data_home: Path, _private_cache: Path):
    """`streamlit run app.py` on a free localhost port against an empty data folder; always stopped."""
    port = _free_port()
    env = dict(os.environ, VOICEMOCK_HOME=str(data_home), VOICEMOCK_CACHE=str(_private_cache), HF_HUB_OFFLINE="1")
    log = open(tmp_path / "streamlit.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.address", "localhost", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text()[-3000:])
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
