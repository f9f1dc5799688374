"""The microphone check before the first question: level, noise floor, clipping, and a test phrase heard back.

Pure: from a short test recording (and, when it was transcribed, what Whisper heard) to a `MicCheck` whose
problems each say, in one line, what to do. The app and the terminal record and transcribe; this judges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .energy import HOP_S, MIN_SPEECH_DB_ABOVE_FLOOR, frame_levels_db

TEST_PHRASE = "I led the team that shipped the new course search on time."
CHECK_SECONDS = 6.0  # the terminal's test recording stops by itself after this long

TOO_QUIET_DBFS = -60.0  # speech below this (the louder frames, RMS) is too quiet (real read speech: -63 to -11)
NOISY_FLOOR_DBFS = -30.0  # a room this loud between words drowns quiet speech
MIN_SNR_DB = 20.0  # speech this far above the floor, at least
QUIET_ROOM_DBFS = -45.0  # no voice above a background quieter than this: the microphone hears too little
FLOOR_SPAN_S = 0.2  # the noise floor: the quietest stretch this long (a pause between words, or before speaking)
CLIP_LEVEL = 0.99  # a sample this close to full scale is clipped
CLIPPED_SHARE = 0.001  # more than 0.1% of samples clipped distorts the words
MIN_HEARD_SHARE = 0.5  # at least half of the test phrase's words come back


@dataclass(frozen=True)
class MicCheck:
    seconds: float
    speech_db: float  # level of the speech (the louder frames), dBFS
    noise_db: float  # the noise floor (the quieter frames), dBFS
    peak: float  # loudest sample, 0-1 of full scale
    clipped_share: float  # share of samples at full scale
    heard: str | None  # what the test phrase was transcribed as (None: not transcribed)
    heard_share: float | None  # share of the test phrase's words heard back
    problems: tuple[str, ...]  # one line each: what is wrong and what to do

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def snr_db(self) -> float:
        return self.speech_db - self.noise_db


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def heard_share(heard: str, phrase: str = TEST_PHRASE) -> float:
    wanted = set(_words(phrase))
    return len(wanted & set(_words(heard))) / len(wanted) if wanted else 0.0


def check_recording(samples: np.ndarray, sample_rate: int = 16000, heard: str | None = None,
                    phrase: str = TEST_PHRASE) -> MicCheck:
    """Judge a test recording of the person reading `phrase` aloud."""
    samples = np.asarray(samples, dtype=np.float32).reshape(-1)
    seconds = samples.size / float(sample_rate) if sample_rate else 0.0
    levels = frame_levels_db(samples, sample_rate) if samples.size else np.full(1, -120.0)
    span = max(1, min(levels.size, int(FLOOR_SPAN_S / HOP_S)))
    noise = float(np.convolve(levels, np.ones(span) / span, mode="valid").min())
    speech = float(np.percentile(levels, 90))
    peak = float(np.abs(samples).max()) if samples.size else 0.0
    clipped = float(np.mean(np.abs(samples) >= CLIP_LEVEL)) if samples.size else 0.0
    share = heard_share(heard, phrase) if heard is not None else None

    problems: list[str] = []
    if seconds < 1.0:
        problems.append("the test recording is shorter than a second: record the test phrase again, all of it")
    no_voice = speech - noise < MIN_SPEECH_DB_ABOVE_FLOOR  # nothing stands out of the background
    if speech < TOO_QUIET_DBFS or (no_voice and noise <= QUIET_ROOM_DBFS):
        problems.append(f"too quiet (speech at {speech:.0f} dBFS): move closer to the microphone or raise its input "
                        "volume in the system sound settings, then check again")
    elif noise > NOISY_FLOOR_DBFS or speech - noise < MIN_SNR_DB:
        problems.append(f"too noisy (background at {noise:.0f} dBFS, speech only {speech - noise:.0f} dB above it): "
                        "find a quieter room, close the window, or use a headset microphone, then check again")
    if clipped > CLIPPED_SHARE:
        problems.append(f"the sound is clipped ({clipped:.1%} of it at full scale): lower the microphone's input "
                        "volume or sit a little further away, then check again")
    if share is not None and share < MIN_HEARD_SHARE and not problems:
        problems.append("the test phrase was not heard back clearly: speak at your interview pace, facing the "
                        "microphone, and check again")
    return MicCheck(round(seconds, 2), round(speech, 1), round(noise, 1), round(peak, 3), round(clipped, 4),
                    heard, None if share is None else round(share, 2), tuple(problems))
