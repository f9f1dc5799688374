"""Heavy, shared resources behind st.cache_resource: the store, the Whisper model, the speaker.

Moving between pages reruns the page scripts but never reloads these: each is built once per process and key.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from voicemock import layout


def data_dir() -> Path:
    """The data folder this app works in (VOICEMOCK_HOME or <project>/recordings)."""
    return layout.data_dir()


@st.cache_resource(show_spinner=False)
def _store(path: str):
    from voicemock.sessions.store import Store

    return Store.open(Path(path))


def store():
    return _store(str(data_dir()))


@st.cache_resource(show_spinner="Loading the speech recognition model (once)...")
def _transcriber(model: str):
    from voicemock.speech.transcribe import Transcriber

    return Transcriber(model)


def transcriber(model: str | None = None):
    """The Whisper model, loaded once per process and model name; every page shares it."""
    from voicemock.speech.models import DEFAULT_MODEL

    return _transcriber(model or DEFAULT_MODEL)


@st.cache_resource(show_spinner=False)
def speaker(rate: int | None = None):
    from voicemock.speech.tts import DEFAULT_RATE, Speaker

    return Speaker(rate=rate or DEFAULT_RATE)


def models() -> list[tuple[str, str]]:
    """The speech models this machine can run offline, as (name, label)."""
    from voicemock.speech import models as core_models

    found = [(core_models.DEFAULT_MODEL, "tiny.en · fast, English (built in)")]
    try:
        core_models.base_package_dirs()
    except core_models.ModelError:
        pass
    else:
        found.append((core_models.BASE_MODEL, "base · multilingual, about 2x slower; word error 6.8% against 6.5% for tiny.en on the measured English clips"))
    return found


PER_ROUND = "per-round"
_VOICE_LABELS = {
    "en-us": "American English",
    "en-gb": "British English",
    "en-us+f3": "American English, higher",
    "en-gb-scotland": "Scottish English",
    "en-us+m3": "American English, lower",
}


def voices() -> list[tuple[str, str]]:
    """The interviewer voices to choose from, as (voice id, label); the first gives each round its own voice."""
    from voicemock.speech import tts

    return [(PER_ROUND, "A different interviewer for each round")] + [
        (v, _VOICE_LABELS.get(v, v)) for v in tts.ROUND_VOICES
    ]


def voice_for(question, chosen: str | None) -> str | None:
    """The voice that asks this question: the chosen one, or the one of its round."""
    from voicemock.speech import tts

    return tts.voice_for_question(question, None if chosen == PER_ROUND else chosen)
