"""Speech -> a timed Transcript with faster-whisper, in one go or incrementally while the person speaks.

Choices made on measurements (see bench/ and the report):
- `initial_prompt` "Um, uh." keeps most "um"/"uh" that Whisper otherwise drops (20 of 27 on espeak speech, against
  7 without), at a cost on real read speech (tiny.en WER 6.45-6.59% with it, 4.12% without, on the 388 clips of
  bench/bench_wer.py); a longer filler prompt kept all 27 but made Whisper skip phrases (10.9%).
  DecodeOptions(keep_fillers=False) turns it off. The names of the question ("Coursera") follow it (`speech_hints`).
- `condition_on_previous_text=False` and trimming silence stop the prompt from looping "uh, uh, uh" into quiet tails.
- `vad_filter` is off: it removes fillers and adds nothing once silence is trimmed by the energy detector.
- Words that fall outside any stretch of sound are dropped: that is where Whisper invents "Thank you."
- A stretch the energy detector calls speech (3 s or more, the same check as voicemock.analysis.heard) that got no
  words is decoded again on its own, without the filler prompt, and the words found are spliced in at their times
  (`recover_unheard`). With the prompt, tiny.en left out the first 5-30 s of 4 of 14 long espeak answers; see the
  README's measured figures for what this recovers and what it costs.
"""

from __future__ import annotations

import queue
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .audio import SAMPLE_RATE, AudioSource, load_audio
from .models import ModelChoice, load_whisper, resolve_model
from .transcript import Segment, Transcript, Word

FILLER_PROMPT = "Um, uh."


def speech_hints(question_text: str) -> str | None:
    """The names in a question (capitalised words after each sentence's first: "Coursera" in "Why are you interested
    in Coursera?"), added to the filler prompt so that an answer that says them is transcribed with them: tiny.en
    heard "Coursera" as "Of course there" and "course are" in answers of mine, and a tip then asked the speaker to
    name the company they had named. None when the question names nothing."""
    names: list[str] = []
    for sentence in re.split(r"[.?!]+\s+", question_text or ""):
        for word in re.findall(r"[A-Za-z][\w'’-]*", sentence)[1:]:  # a sentence's first word is capitalised anyway
            word = re.sub(r"['’]s$", "", word)
            if word[0].isupper() and word not in ("I", "I'm", "I've", "I'd") and word not in names:
                names.append(word)
    return " ".join(names) or None
NO_SPEECH_NOTE = "no speech found in the recording: check the microphone is on and not muted, then answer again"
EDGE_PAD_S = 0.3  # sound kept around each detected stretch of speech


# faster-whisper's default: a stretch whose text repeats itself is decoded again by sampling. Two runs can then
# differ slightly, but it is needed: with (0.0,) alone, tiny.en looped ("see you in the next video, see you ...")
# after short clips and its WER on the 388 evaluation clips went from 6.6% to 50.4% (bench/bench_wer.py --beam-only).
FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 5
    keep_fillers: bool = True
    vad_filter: bool = False
    condition_on_previous_text: bool = False
    temperatures: tuple[float, ...] = FALLBACK_TEMPERATURES
    recover_unheard: bool = True  # decode again each stretch of speech the first pass gave no words

    def kwargs(self, english_only: bool, prompt: str | None | bool = True, names: str | None = None) -> dict[str, Any]:
        """prompt: True for the usual (the filler prompt when keeping fillers, followed by `names`, the names the
        speaker is likely to say: "Um, uh. Coursera."), else the prompt to use (None: none). The names go in the prompt
        rather than in faster-whisper's `hotwords`: on 39 real read-speech clips that never say "Coursera", hotwords
        raised tiny.en's WER from 13.6% to 15.8% and put "Coursera" into two; the prompt, 13.9% and none."""
        if prompt is True:
            usual = FILLER_PROMPT if self.keep_fillers else None
            prompt = " ".join(p for p in (usual, f"{names}." if names else None) if p) or None
        return {
            "language": "en",
            "beam_size": self.beam_size,
            "word_timestamps": True,
            "initial_prompt": prompt,
            "vad_filter": self.vad_filter,
            "condition_on_previous_text": self.condition_on_previous_text,
            "temperature": list(self.temperatures),
        }


# --- speech detection -------------------------------------------------------------------------------
# Speech and silence come from voicemock.speech.energy (an adaptive noise floor), for trimming and for incremental cuts.


@dataclass(frozen=True)
class Region:
    start: float
    end: float


def speech_regions(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> list[Region]:
    """Stretches of speech, from the analysis area's adaptive-noise-floor detector (voicemock.speech.energy)."""
    from . import energy

    return [Region(float(start), float(end)) for start, end in energy.speech_regions(samples, sample_rate)]


def is_speech_free(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> bool:
    from . import energy

    return energy.is_speech_free(samples, sample_rate)


def _inside_any(word: Word, regions: list[Region], pad: float = EDGE_PAD_S) -> bool:
    return any(word.start < r.end + pad and word.end > r.start - pad for r in regions)


# --- transcription ------------------------------------------------------------------------------------


class Transcriber:
    """One loaded Whisper model. Safe to share between threads: calls run one at a time."""

    def __init__(self, model: str | None = None, cpu_threads: int = 2, options: DecodeOptions | None = None) -> None:
        self.choice: ModelChoice = resolve_model(model)
        self.options = options or DecodeOptions()
        self._model = load_whisper(self.choice, cpu_threads=cpu_threads)
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        return self.choice.name

    def transcribe(self, source: AudioSource | Path, names: str | None = None) -> Transcript:
        """names: names the answer is likely to contain (`speech_hints` of the question), or None."""
        samples = load_audio(source)
        segments, notes = self.transcribe_stretch(samples, names=names)
        return build_transcript(segments, len(samples) / SAMPLE_RATE, self.model_name, notes)

    def transcribe_stretch(self, samples: np.ndarray, offset: float = 0.0,
                           names: str | None = None) -> tuple[list[Segment], list[str]]:
        """Segments for one stretch of audio, with times shifted by `offset` seconds."""
        segments, notes = self.first_pass(samples, offset, names)
        if self.options.recover_unheard:
            segments, recovered = self.recover_unheard(samples, segments, offset)
            notes = notes + recovered
        return segments, notes

    def first_pass(self, samples: np.ndarray, offset: float = 0.0,
                   names: str | None = None) -> tuple[list[Segment], list[str]]:
        """One decoding of the speech in `samples` (silence at the edges trimmed), words outside speech dropped."""
        regions = speech_regions(samples)
        if not regions:
            return [], []
        first = float(max(0.0, regions[0].start - EDGE_PAD_S))
        last = float(min(len(samples) / SAMPLE_RATE, regions[-1].end + EDGE_PAD_S))
        clip = samples[int(first * SAMPLE_RATE): int(last * SAMPLE_RATE)]
        raw = self.raw_segments(clip, names=names)
        shifted = [Region(r.start - first, r.end - first) for r in regions]
        return _keep_heard(raw, shifted, offset + first)

    def recover_unheard(self, samples: np.ndarray, segments: list[Segment],
                        offset: float = 0.0) -> tuple[list[Segment], list[str]]:
        """Decode again, on its own, each stretch of `samples` that holds speech (by energy, as heard.py reports
        it) but has no word in `segments`, and splice the words found in at their times. Returns the segments and
        one note per stretch decoded again. Segment times are `offset` seconds ahead of `samples`."""
        from ..analysis.heard import unheard_stretches

        local = [_word_shift(w, -offset) for seg in segments for w in seg.words]
        stretches = unheard_stretches(local, samples)
        if not stretches:
            return segments, []
        duration = len(samples) / SAMPLE_RATE
        found: list[Segment] = []
        notes: list[str] = []
        for start, end in stretches:
            before = max((w.end for w in local if w.end <= start + WORD_GAP_TOLERANCE_S), default=0.0)
            after = min((w.start for w in local if w.start >= end - WORD_GAP_TOLERANCE_S), default=duration)
            context = " ".join(w.word for w in local if w.end <= before)
            recovered, how = self._redecode(samples, start, end, before, after, context)
            found += [_segment_shift(seg, offset) for seg in recovered]
            count = sum(len(seg.words) for seg in recovered)
            notes.append(f"speech with no words at {_clock(offset + start)}-{_clock(offset + end)} decoded again "
                         f"{how}: {count} word{'s' if count != 1 else ''} recovered")
        return _splice(segments, found), notes

    def _redecode(self, samples: np.ndarray, start: float, end: float, before: float, after: float,
                  context: str) -> tuple[list[Segment], str]:
        """Words for the speech in start-end, decoded on its own; kept only between the neighbouring words."""
        low = max(0.0, start - EDGE_PAD_S)
        high = min(len(samples) / SAMPLE_RATE, end + EDGE_PAD_S)
        clip = samples[int(low * SAMPLE_RATE): int(high * SAMPLE_RATE)]
        regions = speech_regions(clip)
        attempts = [("without the filler prompt" if self.options.keep_fillers else "on its own", None)]
        if context:
            attempts.append(("with the words before it as context", " ".join(context.split()[-REDECODE_CONTEXT_WORDS:])))
        how = attempts[0][0]
        for how, prompt in attempts:
            segments, _ = _keep_heard(self.raw_segments(clip, prompt=prompt), regions, low)
            kept = _within(segments, before, after)
            if kept:
                return kept, how
        return [], how

    def raw_segments(self, samples: np.ndarray, prompt: str | None | bool = True,
                     names: str | None = None) -> list[Any]:
        """The bare faster-whisper call (segments as it yields them, fully consumed). prompt, names: see
        DecodeOptions.kwargs."""
        with self._lock:
            segments, _info = self._model.transcribe(
                samples, **self.options.kwargs(self.choice.english_only, prompt, names))
            return list(segments)


WORD_GAP_TOLERANCE_S = 0.5  # how far the words around an unheard stretch may reach into it (heard.py's margin, and more)
REDECODE_CONTEXT_WORDS = 40  # words before a stretch given as the second re-decode's prompt


def _clock(seconds: float) -> str:
    from ..format import clock

    return clock(seconds)


def _within(segments: list[Segment], before: float, after: float) -> list[Segment]:
    """The words whose middle lies between `before` and `after` (the words heard around a stretch)."""
    kept = []
    for segment in segments:
        words = tuple(w for w in segment.words if before < (w.start + w.end) / 2 < after)
        if words:
            text = segment.text if len(words) == len(segment.words) else " ".join(w.word for w in words)
            kept.append(Segment(text=text, start=words[0].start, end=words[-1].end, words=words))
    return kept


def _segment_shift(segment: Segment, delta: float) -> Segment:
    return Segment(segment.text, round(segment.start + delta, 3), round(segment.end + delta, 3),
                   tuple(Word(w.word, round(w.start + delta, 3), round(w.end + delta, 3), w.probability)
                         for w in segment.words))


def _splice(segments: list[Segment], found: list[Segment]) -> list[Segment]:
    """All segments in time order; a segment whose words straddle a recovered one is split there."""
    if not found:
        return segments
    cuts = sorted(seg.start for seg in found)
    pieces: list[Segment] = []
    for segment in segments:
        groups: list[list[Word]] = [[]]
        for word in segment.words:
            if groups[-1] and any(groups[-1][-1].start < cut <= word.start for cut in cuts):
                groups.append([])
            groups[-1].append(word)
        if len(groups) == 1:
            pieces.append(segment)
            continue
        pieces += [Segment(" ".join(w.word for w in g), g[0].start, g[-1].end, tuple(g)) for g in groups if g]
    return sorted(pieces + found, key=lambda seg: seg.start)


def _keep_heard(raw: list[Any], regions: list[Region], offset: float) -> tuple[list[Segment], list[str]]:
    kept: list[Segment] = []
    dropped: list[str] = []
    for segment in raw:
        words = [_word(w, offset) for w in (segment.words or ())]
        if _looks_invented(segment):
            dropped += [w.word for w in words]
            continue
        heard = [w for w in words if _inside_any(_word_shift(w, -offset), regions)]
        dropped += [w.word for w in words if w not in heard]
        if heard:
            text = segment.text.strip() if len(heard) == len(words) else " ".join(w.word for w in heard)
            kept.append(Segment(text=text, start=heard[0].start, end=heard[-1].end, words=tuple(heard)))
    notes = [f"ignored text heard in silence: {' '.join(dropped)!r}"] if dropped else []
    return kept, notes


INVENTED_PHRASES = {"thank you", "thanks for watching", "you", "bye", "thank you for watching"}


def _looks_invented(segment: Any) -> bool:
    """Whisper's stock phrases on near-silence: unsure that there is speech and unsure of its own words."""
    unsure = segment.no_speech_prob > 0.6 and segment.avg_logprob < -1.0  # Whisper's own rule, applied after decoding
    stock = re.sub(r"[^a-z ]", "", segment.text.lower()).strip() in INVENTED_PHRASES
    weak = bool(segment.words) and min(float(w.probability) for w in segment.words) < 0.2
    return unsure or (stock and weak)


def _word(raw: Any, offset: float) -> Word:
    return Word(
        word=str(raw.word).strip(),
        start=round(float(raw.start) + offset, 3),
        end=round(float(raw.end) + offset, 3),
        probability=round(float(raw.probability), 4),
    )


def _word_shift(word: Word, delta: float) -> Word:
    return Word(word.word, word.start + delta, word.end + delta, word.probability)


def build_transcript(segments: list[Segment], duration: float, model: str, notes: list[str]) -> Transcript:
    text = " ".join(s.text for s in segments).strip()
    if not text:
        return Transcript(text="", segments=[], duration=round(duration, 3), model=model, speech_found=False,
                          notes=[NO_SPEECH_NOTE, *notes])
    return Transcript(text=text, segments=segments, duration=round(duration, 3), model=model, speech_found=True,
                      notes=notes)


# --- incremental ------------------------------------------------------------------------------------------


@dataclass
class ChunkPolicy:
    """Where to cut the running recording into stretches for background transcription."""

    min_chunk_s: float = 6.0  # do not cut before this much audio is pending
    max_chunk_s: float = 14.0  # cut at the quietest point if no pause came
    pause_s: float = 0.3  # a quiet run this long is a pause to cut at


@dataclass
class _Pending:
    blocks: list[np.ndarray] = field(default_factory=list)
    samples: int = 0

    def take(self) -> np.ndarray:
        joined = np.concatenate(self.blocks) if self.blocks else np.zeros(0, dtype=np.float32)
        self.blocks, self.samples = [], 0
        return joined


class IncrementalTranscriber:
    """Feed audio blocks while the person speaks; finished stretches are transcribed in a background thread,
    so `finish()` only has the tail left to do."""

    def __init__(self, transcriber: Transcriber, policy: ChunkPolicy | None = None, names: str | None = None) -> None:
        self.transcriber = transcriber
        self.policy = policy or ChunkPolicy()
        self.names = names  # names the answer is likely to contain (`speech_hints` of the question)
        self._pending = _Pending()
        self._fed = 0  # samples fed so far (the offset of what is pending = _fed - pending)
        self._jobs: queue.Queue[tuple[np.ndarray, float] | None] = queue.Queue()
        self._results: list[tuple[list[Segment], list[str]]] = []
        self._error: BaseException | None = None
        self._outstanding = 0  # stretches queued or being transcribed
        self._worker = threading.Thread(target=self._work, name="voicemock-transcribe", daemon=True)
        self._worker.start()
        self._finished = False

    @property
    def chunks_done(self) -> int:
        return len(self._results)

    @property
    def backlog(self) -> int:
        """Stretches cut but not yet transcribed (queued or in progress)."""
        return self._outstanding

    def feed(self, block: np.ndarray) -> None:
        if self._finished:
            raise RuntimeError("feed() after finish()")
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        self._pending.blocks.append(block)
        self._pending.samples += len(block)
        self._fed += len(block)
        if self._pending.samples >= self.policy.min_chunk_s * SAMPLE_RATE:
            self._maybe_cut()

    def _maybe_cut(self) -> None:
        pending = self._pending.take()
        cut = find_cut(pending, self.policy)
        if cut is None:
            self._pending.blocks, self._pending.samples = [pending], len(pending)
            return
        offset = (self._fed - len(pending)) / SAMPLE_RATE
        self._outstanding += 1
        self._jobs.put((pending[:cut], offset))
        rest = pending[cut:]
        self._pending.blocks, self._pending.samples = [rest], len(rest)

    def finish(self) -> Transcript:
        """Transcribe the tail, wait for the worker, and join everything into one Transcript."""
        self._finished = True
        tail = self._pending.take()
        if len(tail):
            self._jobs.put((tail, (self._fed - len(tail)) / SAMPLE_RATE))
        self._jobs.put(None)
        self._worker.join()
        if self._error is not None:
            raise self._error
        segments = [s for result, _ in self._results for s in result]
        notes = [n for _, result_notes in self._results for n in result_notes]
        return build_transcript(segments, self._fed / SAMPLE_RATE, self.transcriber.model_name, notes)

    def finish_or_none(self) -> Transcript | None:
        """finish(), or None when the live transcription failed: the saved recording is then transcribed whole."""
        try:
            return self.finish()
        except Exception:
            return None

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is not None:
                continue
            samples, offset = job
            try:
                self._results.append(self.transcriber.transcribe_stretch(samples, offset, self.names))
            except BaseException as exc:  # surfaced to the caller by finish()
                self._error = exc
            finally:
                self._outstanding -= 1


def find_cut(samples: np.ndarray, policy: ChunkPolicy) -> int | None:
    """Sample index to cut at: the middle of the first pause after min_chunk_s, else the quietest frame once
    max_chunk_s is reached, else None (wait for more audio)."""
    from . import energy

    if samples.size < int(energy.FRAME_S * SAMPLE_RATE):
        return None
    quiet = ~energy.speech_mask(samples, SAMPLE_RATE)
    first = int(policy.min_chunk_s / energy.HOP_S)
    need = max(1, int(policy.pause_s / energy.HOP_S))
    run = 0
    for index in range(first, len(quiet)):
        run = run + 1 if quiet[index] else 0
        if run >= need:
            return int((index - run // 2) * energy.HOP_S * SAMPLE_RATE)
    if len(samples) >= policy.max_chunk_s * SAMPLE_RATE:
        levels = energy.frame_levels_db(samples, SAMPLE_RATE)
        return int((first + int(np.argmin(levels[first:]))) * energy.HOP_S * SAMPLE_RATE)
    return None
