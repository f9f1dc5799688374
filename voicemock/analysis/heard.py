"""Was everything that was said heard? Speech the energy detector finds but the transcript has no words for, and the
recording's speech level.

Coaching on a transcript that lacks part of the answer is coaching on what was not said (a missing Task that was in
the stretch Whisper skipped, a pace from half the words), so these checks decide which dimensions can be scored.
"""

from __future__ import annotations

import numpy as np

from ..speech.energy import frame_levels_db, speech_mask, speech_regions
from ..speech.transcript import Word

UNHEARD_MIN_S = 3.0  # this much speech with no word in it is reported, and the content dimensions are not scored
WORD_MARGIN_S = 0.3  # Whisper's word times are loose by about this much at each side
# Speech level (median dBFS of the frames carrying speech). Real clips of ../shared/eval/speech: 5th-95th percentile
# -24.8 to -14.7 dBFS (some FLEURS clips are recorded far quieter, down to -67). Played quieter (bench/eval_coaching.py,
# level: 13 real clips, 618 words, written as 16-bit), the default model's word error rate holds from -20 to -65 dBFS
# (14.6-15.2%) and rises at -75 (17.5%); the energy detector stops finding speech near -78. So the warning is for speech
# under -65 dBFS: 40 dB below the usual level, where transcription starts to lose words.
QUIET_SPEECH_DBFS = -65.0

# Dimensions measured from the words: not scored when part of the speech has no words.
CONTENT_DIMENSIONS = ("pacing", "fillers", "structure", "language", "relevance")
# Dimensions measured from the audio alone stay: length, pauses, delivery (pitch).


def unheard_stretches(words: list[Word], samples: np.ndarray | None, sample_rate: int = 16000,
                      min_s: float = UNHEARD_MIN_S) -> list[tuple[float, float]]:
    """(start, end) of each stretch between transcribed words that holds at least `min_s` of speech by energy."""
    if samples is None or not samples.size:
        return []
    regions = speech_regions(samples, sample_rate)
    if not regions:
        return []
    duration = samples.size / sample_rate
    spans = sorted((float(w.start) - WORD_MARGIN_S, float(w.end) + WORD_MARGIN_S)
                   for w in words if any(ch.isalnum() for ch in w.word))
    gaps: list[tuple[float, float]] = []
    cursor = 0.0
    for start, end in spans:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < duration:
        gaps.append((cursor, duration))
    found = []
    for left, right in gaps:
        inside = [(max(s, left), min(e, right)) for s, e in regions if e > left and s < right]
        speech = sum(e - s for s, e in inside)
        if speech >= min_s:
            found.append((round(inside[0][0], 2), round(inside[-1][1], 2)))
    return found


def speech_level_db(samples: np.ndarray | None, sample_rate: int = 16000) -> float | None:
    """Median level (dBFS) of the frames that carry speech; None when there are too few."""
    if samples is None or not samples.size:
        return None
    levels = frame_levels_db(samples, sample_rate)
    mask = speech_mask(samples, sample_rate)
    n = min(levels.size, mask.size)
    speech = levels[:n][mask[:n]]
    return round(float(np.median(speech)), 1) if speech.size >= 10 else None


def audio_check(words: list[Word], samples: np.ndarray | None, sample_rate: int = 16000) -> dict | None:
    """What the scorecard says about the recording itself: unheard stretches and a quiet level. None without audio."""
    if samples is None or not samples.size:
        return None
    stretches = unheard_stretches(words, samples, sample_rate)
    level = speech_level_db(samples, sample_rate)
    unheard_s = round(sum(e - s for s, e in stretches), 1)
    return {
        "unheard": [{"start": s, "end": e} for s, e in stretches],
        "unheard_s": unheard_s,
        "speech_level_dbfs": level,
        "quiet": level is not None and level < QUIET_SPEECH_DBFS,
        "quiet_below_dbfs": QUIET_SPEECH_DBFS,
    }


def unheard_message(check: dict | None) -> str | None:
    """The one line the scorecard shows when speech was not transcribed."""
    stretches = [u for u in (check or {}).get("unheard") or () if isinstance(u, dict)] if isinstance(check, dict) else []
    if not stretches:
        return None
    seconds = check.get("unheard_s")
    about = f"About {seconds:.0f} s" if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else "Some speech"
    return (f"{about} could not be transcribed: speak closer to the microphone, or transcribe again. Pace, fillers, "
            "structure, language and relevance are not scored for this answer.")


def quiet_message(check: dict | None) -> str | None:
    if not isinstance(check, dict) or check.get("quiet") is not True:
        return None
    level = check.get("speech_level_dbfs")
    measured = f"{level:.0f} dBFS, " if isinstance(level, (int, float)) and not isinstance(level, bool) else ""
    return (f"Your speech was very quiet ({measured}far below the usual -35 to -12 dBFS): speak closer to the "
            "microphone or raise its input level; quiet speech is transcribed less reliably.")
