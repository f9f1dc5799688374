"""The order of work for one answer, so that nothing a person said is ever lost:

1. the audio, exactly as recorded or uploaded, is written and fsynced into a new answer folder;
2. answer.json (which question, which attempt) and the answer's row in the index;
3. transcription and analysis, computed in memory;
4. transcript.json, .srt, .vtt, then analysis.json (its presence means "processed"), each atomically;
5. the metrics row.

A crash anywhere leaves the audio, and `repair()` finishes whatever is missing. `reanalyze()` computes new results
before it replaces a single file, so the previous ones stay until the new ones are complete.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from ..errors import VoicemockError
from ..interview.plan import PlannedQuestion
from ..speech.transcript import Transcript
from .progress import metrics_from_analysis
from .store import AnswerRecord, DamagedFileError, Store, StoreError, SyncReport, now_iso, planned_to_dict, results_agree

SOURCES = ("upload", "browser", "mic", "file")  # browser = st.audio_input, mic = the local recorder
COMPACT_SOURCES = ("browser", "mic")  # recorded by voicemock: kept as lossless FLAC; files and uploads as given
PAUSE_ENV = "VOICEMOCK_TEST_PAUSE_AT"
STAGES = ("audio_saved", "answer_indexed", "transcribed", "analyzed", "transcript_written", "analysis_written")

Analyzer = Callable[[Transcript, PlannedQuestion, np.ndarray | None], Any]


@dataclass(frozen=True)
class ProcessedAnswer:
    answer: AnswerRecord
    transcript: Transcript
    scorecard: Any  # voicemock.analysis.Scorecard

    @property
    def analysis(self) -> dict[str, Any]:
        return self.scorecard.to_dict()


@dataclass(frozen=True)
class KeptRecording:
    """A microphone recording left in the scratch folder, with why it was not put into a session."""

    path: Path
    reason: str


@dataclass
class RecoveryReport:
    attached: list[AnswerRecord] = field(default_factory=list)
    kept: list[KeptRecording] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # header-only files: the recorder had written no audio


@dataclass
class RepairReport:
    sync: SyncReport
    processed: list[str] = field(default_factory=list)
    reindexed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # microphone recordings put into their sessions
    leftovers: list[KeptRecording] = field(default_factory=list)  # microphone recordings still unsaved


def checkpoint(stage: str) -> None:
    """Test hook: with VOICEMOCK_TEST_PAUSE_AT=<stage> the process says so on stdout and waits to be killed.
    Unset (always, outside the crash tests) it does nothing."""
    if os.environ.get(PAUSE_ENV) == stage:
        print(f"paused at {stage}", flush=True)
        while True:
            time.sleep(3600)


# --------------------------------------------------------------------------- saving


def save_answer(store: Store, session_id: str, question: PlannedQuestion, audio: bytes | bytearray | Path | str,
                source: str = "upload", original_name: str | None = None, probe: Any = None,
                follows: int | None = None) -> AnswerRecord:
    """Keep the recording first; a recording that cannot be decoded is removed again and refused.

    `probe` (a voicemock.interview.probes.Probe) makes it the answer to that follow-up, about attempt `follows`."""
    from ..speech.audio import AudioError, load_audio, pcm_wav_to_flac

    if source not in SOURCES:
        raise StoreError(f"unknown answer source {source!r}: use one of {', '.join(SOURCES)}")
    data = _audio_bytes(audio)
    if source in COMPACT_SOURCES:
        # A microphone's WAV is kept as FLAC: the very same samples (checked) in about 64% of the space. Where that
        # cannot be done the WAV is kept as it came. The microphone's own file stays until the FLAC is on disk.
        data = pcm_wav_to_flac(data, to_end=source == "mic") or data
    session = store.get_session(session_id)
    store.planned_question(session.id, question.position)  # the question must belong to the session
    folder, attempt = store.claim_answer_folder(session.id, question.position)
    audio_path = store.write_audio(folder, data, original_name or (Path(audio).name if isinstance(audio, (str, Path)) else None))
    checkpoint("audio_saved")
    meta = {
        "format": 1,
        "position": question.position,
        "attempt": attempt,
        "source": source,
        "original_name": original_name,
        "created_at": now_iso(),
        "question": planned_to_dict(question),
    }
    if probe is not None:
        meta["probe"] = {**probe.to_dict(), "follows": follows}
    store.write_answer_meta(folder, meta)
    try:
        load_audio(audio_path)
    except AudioError:
        store.discard_answer_folder(folder)
        raise
    record = store.insert_answer(session.id, folder, audio_path, meta)
    if isinstance(audio, (str, Path)) and store.is_scratch(Path(audio)):
        store.discard_scratch(Path(audio))  # the microphone's recording is now kept in the answer's folder
    checkpoint("answer_indexed")
    return record


def _audio_bytes(audio: bytes | bytearray | Path | str) -> bytes:
    from ..speech.audio import AudioError

    if isinstance(audio, (bytes, bytearray)):
        data = bytes(audio)
    else:
        path = Path(audio)
        if not path.is_file():
            raise AudioError(f"no audio file at {path}: check the path")
        data = path.read_bytes()
    if not data:
        raise AudioError("the audio is empty (0 bytes): record or upload the answer again")
    return data


# --------------------------------------------------------------------------- processing


def default_analyzer() -> Analyzer:
    from ..analysis import analyze

    return analyze


def process_answer(store: Store, answer_id: int, transcriber: Any | None = None, *, model: str | None = None,
                   analyzer: Analyzer | None = None, transcript: Transcript | None = None) -> ProcessedAnswer:
    """Transcribe and analyse a kept recording, then write its files (analysis.json last) and metrics.

    `transcript`: one already made while the person spoke (IncrementalTranscriber over the same audio); the
    recording is then only analysed, not transcribed again."""
    from ..speech.audio import AudioError, load_audio

    answer = store.answer(answer_id)
    question = store.planned_question(answer.session_id, answer.position)
    if answer.is_follow_up:  # scored as the short answer to the follow-up it answers
        from ..interview.probes import follow_up_question

        question = follow_up_question(question, answer.probe)
    try:
        samples = load_audio(answer.audio_path)
    except AudioError as error:
        store.record_failure(answer.id, str(error))
        raise
    if transcript is None:
        if transcriber is None:
            from ..speech.transcribe import Transcriber

            transcriber = Transcriber(model)
        from ..speech.transcribe import speech_hints

        transcript = transcriber.transcribe(samples, names=speech_hints(question.text))
    checkpoint("transcribed")
    scorecard = (analyzer or default_analyzer())(transcript, question, samples)
    checkpoint("analyzed")
    write_results(store, answer, transcript, scorecard.to_dict())
    return ProcessedAnswer(store.answer(answer.id), transcript, scorecard)


def write_results(store: Store, answer: AnswerRecord, transcript: Transcript, analysis: dict[str, Any]) -> None:
    from .report import to_srt, to_vtt

    store.write_answer_json(answer, answer.transcript_path, transcript.to_dict())
    checkpoint("transcript_written")
    store.write_answer_text(answer, answer.srt_path, to_srt(transcript))
    store.write_answer_text(answer, answer.vtt_path, to_vtt(transcript))
    store.write_answer_json(answer, answer.analysis_path, analysis)
    checkpoint("analysis_written")
    store.record_processed(answer.id, transcript.model, metrics_from_analysis(analysis))


# --------------------------------------------------------------------------- repair and reanalysis


class _LazyTranscriber:
    """Loads the model only when a recording actually needs transcribing."""

    def __init__(self, transcriber: Any | None, model: str | None) -> None:
        self._transcriber = transcriber
        self._model = model

    def get(self) -> Any:
        if self._transcriber is None:
            from ..speech.transcribe import Transcriber

            self._transcriber = Transcriber(self._model)
        return self._transcriber


def _label(answer: AnswerRecord) -> str:
    return f"{answer.session_id}/{answer.folder.name}"


def _results_on_disk(store: Store, answer: AnswerRecord) -> tuple[Transcript, dict[str, Any]] | None:
    try:
        transcript, analysis = store.load_transcript(answer), store.load_analysis(answer)
    except DamagedFileError:
        return None
    if transcript is None or analysis is None or not results_agree(transcript, analysis):
        return None
    return transcript, analysis


RECORDING_QUIET_S = 10.0  # a recorder rewrites its file every half second; one quiet this long has stopped


def _quiet_for(path: Path) -> float | None:
    """Seconds since the recording was last written, or None once it is gone (saved by its recorder)."""
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None


def unsaved_recordings(store: Store, quiet_s: float = RECORDING_QUIET_S) -> list[Path]:
    """Microphone recordings left unsaved by a stop mid-answer (not the ones still being made)."""
    return [p for p in store.leftover_recordings() if (_quiet_for(p) or 0.0) >= quiet_s]


def recover_recordings(store: Store, quiet_s: float = RECORDING_QUIET_S) -> RecoveryReport:
    """Put microphone recordings that were never saved (the app or terminal stopped mid-answer) into their sessions.

    Each becomes a new attempt at its question, source "mic", ready to be transcribed. A recording still growing,
    one whose session is gone or unknown, or one that cannot be decoded stays where it is, with the reason."""
    from ..speech.audio import StreamingWavWriter
    from .store import SessionFolderMissingError, SessionNotFoundError

    report = RecoveryReport()
    for path in store.leftover_recordings():
        quiet = _quiet_for(path)
        if quiet is None:
            continue
        if quiet < quiet_s:
            report.kept.append(KeptRecording(path, "still being recorded"))
            continue
        if path.stat().st_size <= StreamingWavWriter.HEADER_BYTES:
            store.discard_scratch(path)
            report.removed.append(path)
            continue
        owner = store.scratch_owner(path)
        if owner is None:
            report.kept.append(KeptRecording(path, "its session is not known: upload it as an answer to keep it"))
            continue
        session_id, position = owner
        try:
            question = store.planned_question(session_id, position)
            report.attached.append(save_answer(store, session_id, question, path, source="mic"))
        except (SessionNotFoundError, SessionFolderMissingError):
            report.kept.append(KeptRecording(path, f"its session {session_id} was deleted: upload it as an answer to keep it"))
        except VoicemockError as error:  # undecodable audio, a question not in the session
            report.kept.append(KeptRecording(path, str(error)))
    return report


def repair(store: Store, transcriber: Any | None = None, *, model: str | None = None,
           analyzer: Analyzer | None = None, progress: Callable[[str], None] | None = None) -> RepairReport:
    """Index what the folders hold, then finish every answer whose recording lacks a transcript or analysis."""
    report = RepairReport(sync=store.sync_from_folders())
    recovery = recover_recordings(store)
    report.recovered = [_label(answer) for answer in recovery.attached]
    report.leftovers = recovery.kept
    lazy = _LazyTranscriber(transcriber, model)
    for answer in store.incomplete_answers():
        on_disk = _results_on_disk(store, answer)
        if on_disk is not None:
            store.record_processed(answer.id, on_disk[0].model, metrics_from_analysis(on_disk[1]))
            report.reindexed.append(_label(answer))
            continue
        if progress:
            progress(_label(answer))
        try:
            process_answer(store, answer.id, lazy.get(), analyzer=analyzer)
        except VoicemockError as error:
            report.failed.append(f"{_label(answer)}: {error}")
        else:
            report.processed.append(_label(answer))
    return report


def reanalyze(store: Store, session_id: str | None = None, transcriber: Any | None = None, *,
              model: str | None = None, analyzer: Analyzer | None = None,
              progress: Callable[[str], None] | None = None) -> tuple[list[ProcessedAnswer], list[str]]:
    """Transcribe and analyse again (one session, or all); each answer's old files stay until its new ones are done."""
    answers: Iterable[AnswerRecord] = store.answers(session_id) if session_id else store.all_answers()
    lazy = _LazyTranscriber(transcriber, model)
    done: list[ProcessedAnswer] = []
    failed: list[str] = []
    for answer in answers:
        if progress:
            progress(_label(answer))
        try:
            done.append(process_answer(store, answer.id, lazy.get(), analyzer=analyzer))
        except VoicemockError as error:
            failed.append(f"{_label(answer)}: {error}")
    return done, failed
