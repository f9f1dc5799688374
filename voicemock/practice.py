"""A whole practice sitting in the terminal: speak each question, record the answer, coach, move on.

The same store and pipeline as the app, so terminal sessions show up in the app's Review and Progress pages.
Answers come from the microphone, or from a folder of recordings (`--answers-from`) for unattended runs.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .audio import load_audio
from .errors import VoicemockError
from .plan import Plan, PlannedQuestion
from .summary import SittingSummary, summarize_sitting
from .tts import voice_for_question

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".ogg", ".webm", ".flac")
BEFORE_HELP = "[Enter] answer   [s] skip this question   [q] quit"
AFTER_HELP = "[Enter] next question   [r] retry   [q] quit"


class PracticeError(VoicemockError):
    pass


from .format import clock, kind as kind_label  # noqa: E402  (one format per thing everywhere)


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Answer:
    audio: Path
    source: str  # "mic" or "file"
    interrupted: bool = False  # Ctrl-C during the recording: keep it, then stop the sitting
    transcript: Any = None  # a Transcript made while the person spoke (microphone), else None


class AnswerSource(Protocol):
    def next_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None: ...


class FolderAnswers:
    """Plays the recordings of a folder as the answers, in file-name order."""

    def __init__(self, folder: Path):
        if not folder.is_dir():
            raise PracticeError(f"{folder}: no such folder of answers")
        self.files = sorted(p for p in folder.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
        if not self.files:
            raise PracticeError(f"{folder}: no recordings found ({', '.join(AUDIO_SUFFIXES)})")
        self._next: Iterator[Path] = iter(self.files)

    def next_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None:
        path = next(self._next, None)
        if path is None:
            console.print("[yellow]No more recordings in the answers folder; ending the sitting.[/yellow]")
            return None
        console.print(f"Answer from [bold]{path.name}[/bold]")
        return Answer(path, "file")


def level_bar(level: float, width: int = 20) -> str:
    filled = max(0, min(width, round(level * width * 3)))  # speech sits around 0.05-0.3 of full scale
    return "█" * filled + "░" * (width - filled)


def recording_status(elapsed: float, level: float, question: PlannedQuestion) -> Text:
    budget = question.budget
    colour = "green" if elapsed <= budget.target_s else "yellow" if elapsed <= budget.max_s else "red"
    line = Text()
    line.append("● REC ", style="bold red")
    line.append(f"{clock(elapsed)} ", style=f"bold {colour}")
    line.append(f"/ target {clock(budget.target_s)} (max {clock(budget.max_s)})  ")
    line.append(level_bar(level), style="cyan")
    line.append("   Enter to stop", style="dim")
    return line


class MicrophoneAnswers:
    """Records each answer from the microphone with a live clock and level meter; Enter stops.

    With `live_transcriber` (a function giving the loaded model), finished stretches are transcribed while the
    person speaks, so only the last few seconds are left when they stop."""

    def __init__(self, scratch: Callable[[str, PlannedQuestion], Path], device: int | str | None = None,
                 max_seconds: float | None = None, read_line: Callable[[], str] = sys.stdin.readline,
                 live_transcriber: Callable[[], Any] | None = None, stream_factory: Any = None):
        from .recorder import require_input_device

        if stream_factory is None:  # the real microphone (tests bring their own stream)
            require_input_device(device)
        self.stream_factory = stream_factory
        self.scratch = scratch
        self.device = device
        self.max_seconds = max_seconds
        self.read_line = read_line
        self.live_transcriber = live_transcriber

    def next_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None:
        from .recorder import Recorder

        live = self._live(console)
        limit = self.max_seconds or question.budget.max_s * 1.5
        recorder = Recorder(self.scratch(session_id, question), max_seconds=limit, device=self.device,
                            on_block=live.feed if live else None, stream_factory=self.stream_factory)
        enter = threading.Event()
        threading.Thread(target=lambda: (self.read_line(), enter.set()), daemon=True).start()
        console.print("Recording. Speak your answer; press Enter to stop.")
        interrupted = False
        recorder.start()
        try:
            with Live(recording_status(0, 0, question), console=console, refresh_per_second=8, transient=True) as live_view:
                while not enter.wait(0.125) and not recorder.wait(0):
                    live_view.update(recording_status(recorder.elapsed, recorder.level, question))
        except KeyboardInterrupt:
            interrupted = True
        recording = recorder.stop()
        console.print(f"Recorded {clock(recording.seconds)}.")
        transcript = None
        if live is not None:
            with console.status("Transcribing the last words..."):
                transcript = live.finish_or_none()
        return Answer(recording.path, "mic", interrupted, transcript)

    def _live(self, console: Console):
        if self.live_transcriber is None:
            return None
        from .transcribe import IncrementalTranscriber

        try:
            with console.status("Loading the speech model..."):
                return IncrementalTranscriber(self.live_transcriber())
        except VoicemockError as exc:  # the recording goes on; its transcription then says what is wrong
            console.print(f"[yellow]No live transcription: {exc}[/yellow]")
            self.live_transcriber = None
            return None


# --------------------------------------------------------------------------- speaking


class QuestionVoice:
    """Speaks questions through the speakers; falls back to printing when there is no voice or no speaker."""

    def __init__(self, console: Console, silent: bool, voice: str | None, rate: int | None):
        self.console = console
        self.enabled = not silent
        self.voice = voice
        self.rate = rate
        self._speaker = None

    def prepare(self, questions: tuple[PlannedQuestion, ...]) -> None:
        """Synthesize the whole plan ahead, in the background, so each question plays with no wait."""
        if not self.enabled:
            return
        try:
            from .tts import Speaker

            kwargs: dict[str, Any] = {}
            if self.rate:
                kwargs["rate"] = self.rate
            self._speaker = Speaker(**kwargs)
        except VoicemockError as exc:
            self._off(str(exc))
            return
        texts = [(q.text, voice_for_question(q, self.voice)) for q in questions]
        threading.Thread(target=self._quiet_speak_all, args=(texts,), daemon=True).start()

    def _quiet_speak_all(self, texts: list[tuple[str, str]]) -> None:
        try:
            self._speaker.speak_all(texts)
        except Exception:  # the foreground call reports the error in one line when it meets it
            pass

    def say(self, question: PlannedQuestion) -> None:
        if not self.enabled or self._speaker is None:
            return
        try:
            wav = self._speaker.speak(question.text, voice=voice_for_question(question, self.voice))
            play_wav(wav)
        except VoicemockError as exc:
            self._off(str(exc))

    def _off(self, reason: str) -> None:
        self.enabled = False
        self.console.print(f"[yellow]Questions will be shown, not spoken: {reason}[/yellow]")


class PlaybackError(VoicemockError):
    pass


def play_wav(path: Path) -> None:
    """Play a WAV through the default output device (sounddevice, imported only here)."""
    try:
        import sounddevice as sd
    except OSError:
        raise PlaybackError("PortAudio is missing: install it with `sudo apt-get install libportaudio2`") from None
    try:
        if not any(d.get("max_output_channels", 0) > 0 for d in sd.query_devices()):
            raise PlaybackError("no speakers or headphones were found (use --silent to skip speaking)")
        sd.play(load_audio(path), 16000)
        sd.wait()
    except sd.PortAudioError as exc:
        raise PlaybackError(f"could not play sound ({exc}); use --silent to skip speaking") from None


# --------------------------------------------------------------------------- rendering


def question_panel(question: PlannedQuestion, total: int) -> Panel:
    where = f"Round {question.round.number}: {question.round.name}" if question.round else "Guide question"
    who = f" · {question.round.interviewer}" if question.round else ""
    budget = question.budget
    body = Group(
        Text(question.text, style="bold"),
        Text(""),
        Text(f"{kind_label(question.kind)} · target {clock(budget.target_s)} "
             f"(between {clock(budget.min_s)} and {clock(budget.max_s)})", style="dim"),
    )
    return Panel(body, title=f"Question {question.position} of {total} · {where}{who}", title_align="left",
                 border_style="blue")


def summary_table(summary: SittingSummary) -> Table:
    table = Table(title="Sitting summary", title_justify="left")
    for column in ("round", "answered", "time spoken", "round budget", "on budget"):
        table.add_column(column)
    for r in summary.rounds:
        label = f"{r.round_number}. {r.round_name}" if r.round_number else r.round_name
        table.add_row(label, f"{r.answered}/{r.asked}", clock(r.spoken_s), clock(r.budget_s), f"{r.on_budget}/{r.answered}")
    if summary.weakest_dimension:
        score = summary.mean_scores[summary.weakest_dimension]
        table.caption = f"Weakest dimension: {summary.weakest_dimension} ({score:.0f}/100). Work on this one next."
    return table


# --------------------------------------------------------------------------- the sitting


@dataclass
class PracticeResult:
    session_id: str
    answered: int
    summary: SittingSummary
    quit_early: bool


def run_practice(
    plan: Plan,
    store: Any,
    answers: AnswerSource,
    transcriber_factory: Callable[[], Any],
    console: Console | None = None,
    voice: QuestionVoice | None = None,
    ask: Callable[[str], str] | None = None,
    title: str | None = None,
) -> PracticeResult:
    """Run the sitting. `ask` prompts after each answer (None: go on unattended)."""
    from .analysis import format_scorecard
    from .pipeline import process_answer, save_answer

    console = console or Console()
    voice = voice or QuestionVoice(console, silent=True, voice=None, rate=None)
    session = store.create_session(plan, title=title)
    console.print(f"[bold]{plan.description}[/bold]  (session {session.id})")
    voice.prepare(plan.questions)
    transcriber = None
    analyses: list[tuple[PlannedQuestion, dict[str, Any]]] = []
    quit_early = False
    total = len(plan.questions)

    for question in plan.questions:
        while True:
            console.print(question_panel(question, total))
            voice.say(question)
            before = (ask(BEFORE_HELP) if ask else "").strip().lower()
            if before == "s":
                console.print("Skipped.")
                break
            if before == "q":
                quit_early = True
                break
            answer = answers.next_answer(session.id, question, console)
            if answer is None:
                quit_early = True
                break
            record = save_answer(store, session.id, question, answer.audio, source=answer.source,
                                 original_name=answer.audio.name)
            try:
                if transcriber is None and answer.transcript is None:
                    with console.status("Loading the speech model..."):
                        transcriber = transcriber_factory()
                with console.status("Analysing..." if answer.transcript else "Transcribing and analysing..."):
                    processed = process_answer(store, record.id, transcriber, transcript=answer.transcript)
            except VoicemockError as exc:
                console.print(f"[red]{exc}[/red]  The recording is kept; `voicemock repair` can retry it.")
                processed = None
            if processed is not None:
                analysis = processed.scorecard.to_dict()
                analyses.append((question, analysis))
                console.print(format_scorecard(processed.scorecard))
            if answer.interrupted:
                quit_early = True
                break
            choice = (ask(AFTER_HELP) if ask else "").strip().lower()
            if choice == "r":
                continue
            if choice == "q":
                quit_early = True
            break
        if quit_early:
            break

    summary = summarize_sitting(plan, analyses)
    console.print(summary_table(summary))
    console.print(f"Session {session.id} saved. Review it in the app, or: voicemock show {session.id}")
    return PracticeResult(session.id, len(analyses), summary, quit_early)
