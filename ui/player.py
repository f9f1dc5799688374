"""The marked-up transcript player: click a sentence to play the recording from there.

A small self-contained HTML/JS page in an iframe (st.iframe) holding the recording as a data URL. Every piece of
transcript text is escaped with html.escape; the only script is the fixed one below. The marks (fillers, hedges, long
pauses, STAR parts) all come from the analysis JSON; this module only lays them out.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import streamlit as st

from voicemock.sessions.report import (  # the one marked transcript, shared with the HTML export
    PLAYER_SCRIPT,
    STAR_COLOURS,
    TRANSCRIPT_CSS,
    legend_html,
    marked_transcript_html,
    sentence_groups as sentences,
)

_CSS = """
body {font-family: "Source Sans Pro", -apple-system, "Segoe UI", sans-serif; color: #1c2330; margin: 0; font-size: 15px;}
audio {width: 100%; margin-bottom: .2rem;}
""" + TRANSCRIPT_CSS


def transcript_html(card: dict[str, Any], audio: bytes, mime: str = "audio/wav") -> str:
    """The component's HTML: the audio player, a legend, and the transcript with escaped, clickable sentences."""
    data_url = f"data:{html.escape(mime)};base64,{base64.b64encode(audio).decode('ascii')}"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{_CSS}</style></head><body><div class=\"vm-answer\">"
        f'<audio id="vm-audio" controls preload="metadata" src="{data_url}"></audio>'
        f'{legend_html()}<div class="text">{marked_transcript_html(card)}</div></div>'
        f"<script>{PLAYER_SCRIPT}</script></body></html>"
    )


def transcript_player(card: dict[str, Any], audio: bytes, mime: str = "audio/wav") -> None:
    st.iframe(transcript_html(card, audio, mime), height="content")
