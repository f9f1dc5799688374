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

from ..errors import VoicemockError
from ..format import clock
from ..format import kind as kind_label
from ..format import verdict as verdict_label
from ..interview.plan import Plan, PlannedQuestion
from ..speech.audio import load_audio
from ..speech.tts import voice_for_question
from .attempts import compare
from .summary import SittingSummary, summarize_sitting

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".ogg", ".webm", ".flac")
BEFORE_HELP = "[Enter] answer   [s] skip this question   [q] quit"
AFTER_HELP = "[Enter] next question   [r] retry   [q] quit"
FOLLOW_UP_HELP = "[Enter] answer the follow-up   [s] skip it   [q] quit"
FOLLOW_UP_SUFFIX = "-followup"  # --answers-from: 01-conflict-followup.wav answers the follow-up to 01-conflict.wav


class PracticeError(VoicemockError):
    pass


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Answer:
    audio: Path
    source: str  # "mic" or "file"
    interrupted: bool = False  # Ctrl-C during the recording: keep it, then stop the sitting
    transcript: Any = None  # a Transcript made while the person spoke (microphone), else None


class AnswerSource(Protocol):
    def next_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None: ...

    def follow_up_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None: ...


def is_follow_up_file(path: Path) -> bool:
    return path.stem.lower().endswith(FOLLOW_UP_SUFFIX)


class FolderAnswers:
    """Plays the recordings of a folder as the answers, in file-name order.

    A recording named like an answer plus `-followup` (01-conflict-followup.wav for 01-conflict.wav) is the answer
    to the interviewer's follow-up after that answer; an answer without one leaves its follow-up unanswered."""

    def __init__(self, folder: Path):
        if not folder.is_dir():
            raise PracticeError(f"{folder}: no such folder of answers")
        found = sorted(p for p in folder.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
        self.files = [p for p in found if not is_follow_up_file(p)]
        self.follow_ups = {p.stem[: -len(FOLLOW_UP_SUFFIX)].lower(): p for p in found if is_follow_up_file(p)}
        if not self.files:
            raise PracticeError(f"{folder}: no recordings found ({', '.join(AUDIO_SUFFIXES)})")
        self._next: Iterator[Path] = iter(self.files)
        self._last: Path | None = None

    def next_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None:
        path = next(self._next, None)
        self._last = path
        if path is None:
            console.print("[yellow]No more recordings in the answers folder; ending the sitting.[/yellow]")
            return None
        console.print(f"Answer from [bold]{path.name}[/bold]")
        return Answer(path, "file")

    def follow_up_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None:
        path = self.follow_ups.get(self._last.stem.lower()) if self._last is not None else None
        if path is None:
            console.print(f"[dim]No follow-up answer in the folder (name it {self._last.stem if self._last else 'NAME'}"
                          f"{FOLLOW_UP_SUFFIX}{self._last.suffix if self._last else '.wav'}); going on.[/dim]")
            return None
        console.print(f"Follow-up answer from [bold]{path.name}[/bold]")
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
        from ..speech.recorder import require_input_device

        if stream_factory is None:  # the real microphone (tests bring their own stream)
            require_input_device(device)
        self.stream_factory = stream_factory
        self.scratch = scratch
        self.device = device
        self.max_seconds = max_seconds
        self.read_line = read_line
        self.live_transcriber = live_transcriber

    def next_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None:
        from ..speech.recorder import Recorder

        live = self._live(console, question)
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

    def follow_up_answer(self, session_id: str, question: PlannedQuestion, console: Console) -> Answer | None:
        return self.next_answer(session_id, question, console)

    def check(self, console: Console, transcriber_factory: Callable[[], Any] | None = None,
              seconds: float | None = None):
        """The microphone check: a short test recording of the test phrase, judged and transcribed back."""
        from ..speech.miccheck import CHECK_SECONDS, TEST_PHRASE, check_recording
        from ..interview.plan import adhoc_question
        from ..speech.recorder import Recorder

        console.print(f'Microphone check. Read this aloud, then press Enter: [bold]"{TEST_PHRASE}"[/bold]')
        question = adhoc_question(TEST_PHRASE, budget_s=seconds or CHECK_SECONDS)
        import tempfile  # the check is not kept in any session

        with tempfile.TemporaryDirectory(prefix="voicemock-check-") as folder:
            path = Path(folder) / "check.wav"
            recorder = Recorder(path, max_seconds=seconds or CHECK_SECONDS, device=self.device,
                                stream_factory=self.stream_factory)
            enter = threading.Event()
            threading.Thread(target=lambda: (self.read_line(), enter.set()), daemon=True).start()
            recorder.start()
            with Live(recording_status(0, 0, question), console=console, refresh_per_second=8, transient=True) as view:
                while not enter.wait(0.125) and not recorder.wait(0):
                    view.update(recording_status(recorder.elapsed, recorder.level, question))
            recording = recorder.stop()
            samples = load_audio(recording.path)
        heard = None
        if transcriber_factory is not None:
            try:
                with console.status("Transcribing the test phrase..."):
                    heard = transcriber_factory().transcribe(samples).text
            except VoicemockError as exc:
                console.print(f"[yellow]The test phrase could not be transcribed: {exc}[/yellow]")
        result = check_recording(samples, heard=heard)
        console.print(mic_check_panel(result))
        return result

    def _live(self, console: Console, question: PlannedQuestion):
        if self.live_transcriber is None:
            return None
        from ..speech.transcribe import IncrementalTranscriber, speech_hints

        try:
            with console.status("Loading the speech model..."):
                return IncrementalTranscriber(self.live_transcriber(), names=speech_hints(question.text))
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
            from ..speech.tts import Speaker

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


def mic_check_panel(check) -> Panel:
    lines = [Text(f"Level {check.speech_db:.0f} dBFS · noise floor {check.noise_db:.0f} dBFS · "
                  f"clipping {check.clipped_share:.1%} · {clock(check.seconds)} recorded")]
    if check.heard is not None:
        lines.append(Text(f'Heard back: "{check.heard.strip() or "(nothing)"}"'))
    for problem in check.problems:
        lines.append(Text(f"! {problem[:1].upper()}{problem[1:]}.", style="yellow"))
    if check.ok:
        lines.append(Text("The microphone is ready.", style="green"))
    return Panel(Group(*lines), title="Microphone check", title_align="left",
                 border_style="green" if check.ok else "yellow")


CHANGE_LABELS = {"length": "length", "wpm": "words per minute", "fillers_per_min": "fillers per minute",
                 "overall": "overall score"}


def change_lines(previous: dict[str, Any], current: dict[str, Any]) -> Text:
    """What changed since the previous attempt, one line."""
    result = compare(previous, current)
    out = Text("Since the last attempt: ")
    for change in result.changes:
        if change.delta is None:
            continue
        if change.name == "length":
            shown = f"{clock(change.before)} -> {clock(change.after)}"
        else:
            shown = f"{change.before:.1f} -> {change.after:.1f}" if change.name == "fillers_per_min" else \
                f"{change.before:.0f} -> {change.after:.0f}"
        style = "green" if change.better else "red" if change.better is False else ""
        out.append(f"{CHANGE_LABELS[change.name]} {shown}", style=style)
        out.append(" · ")
    if result.star_gained:
        out.append("STAR gained " + ", ".join(result.star_gained), style="green")
        out.append(" · ")
    if result.star_lost:
        out.append("STAR lost " + ", ".join(result.star_lost), style="red")
        out.append(" · ")
    out.rstrip()
    if out.plain.endswith("·"):
        out.right_crop(2)
    return out


def summary_table(summary: SittingSummary) -> Table:
    """Each question's result (its best take), time spoken against the answer budgets, weakest question and
    dimension, and the drill to run next."""
    table = Table(title="Sitting summary", title_justify="left")
    for column in ("#", "question", "takes", "time spoken", "answer budget", "verdict", "score"):
        table.add_column(column)
    for q in summary.questions:
        if not q.answered:
            table.add_row(str(q.position), q.text, "0", "—", clock(q.target_s), "not answered", "—")
            continue
        takes = f"{q.attempts} (best: {q.best_attempt}{', marked' if q.marked else ''})" if q.attempts > 1 else "1"
        table.add_row(str(q.position), q.text, takes, clock(q.duration_s), clock(q.target_s),
                      verdict_label(q.verdict), f"{q.overall:.0f}" if q.overall is not None else "—")
    notes = [f"Time spoken {clock(summary.spoken_s)} against {clock(summary.budget_s)} of answer targets "
             f"(good range {clock(summary.budget_min_s)}–{clock(summary.budget_max_s)})"
             + (", counting each question's best take." if summary.best_takes else ".")]
    if summary.weakest_question is not None:
        notes.append(f"Weakest question: {summary.weakest_question.position}. {summary.weakest_question.text}")
    if summary.weakest_dimension:
        score = summary.mean_scores[summary.weakest_dimension]
        notes.append(f"Weakest dimension: {summary.weakest_dimension} ({score:.0f}/100). Work on this one next.")
    if summary.drill_ids:
        notes.append(f"Drill the weakest next: voicemock practice --questions {','.join(summary.drill_ids)}")
    table.caption = "\n".join(notes)
    table.caption_justify = "left"
    return table


# --------------------------------------------------------------------------- the sitting


@dataclass
class PracticeResult:
    session_id: str
    answered: int
    summary: SittingSummary
    quit_early: bool


def story_lines(store: Any, question: PlannedQuestion, analysis: dict, console: Console) -> None:
    """Under the scorecard, as on the app's: the answer against the story the candidate linked to this question."""
    from .stories import compare_with_story, linked_stories

    if (analysis.get("verdict") or "ok") != "ok":
        return
    for story in linked_stories(store.list_stories(), question.id)[:1]:
        result = compare_with_story(story, analysis)
        console.print(Text(f"Against your story: {story.title} ({len(result.said)} of {len(result.points)} key points "
                           "said)", style="bold"))
        for point in result.points:
            console.print(Text(("  said     " if point.said else "  not said ") + f"{point.part.capitalize()}: {point.text}",
                               style="green" if point.said else "dim"))
        for warning in result.warnings:
            console.print(Text(warning, style="yellow"))


def run_practice(
    plan: Plan,
    store: Any,
    answers: AnswerSource,
    transcriber_factory: Callable[[], Any],
    console: Console | None = None,
    voice: QuestionVoice | None = None,
    ask: Callable[[str], str] | None = None,
    title: str | None = None,
    probes: bool = True,
    check_mic: bool = False,
) -> PracticeResult:
    """Run the sitting. `ask` prompts after each answer (None: go on unattended). `probes`: the interviewer may
    ask one follow-up after an answer (voicemock.interview.probes). `check_mic`: the microphone check comes first."""
    from ..analysis import format_scorecard
    from .pipeline import process_answer, save_answer
    from ..interview.probes import choose_probe, follow_up_question

    console = console or Console()
    voice = voice or QuestionVoice(console, silent=True, voice=None, rate=None)
    if check_mic and hasattr(answers, "check"):
        answers.check(console, transcriber_factory)
        if ask and (ask("[Enter] start the sitting   [q] quit").strip().lower() == "q"):
            raise PracticeError("the sitting was not started: fix the microphone and run it again")
    session = store.create_session(plan, title=title)
    console.print(f"[bold]{plan.description}[/bold]  (session {session.id})")
    voice.prepare(plan.questions)
    transcriber = None
    analyses: list[tuple[PlannedQuestion, dict[str, Any]]] = []
    quit_early = False
    total = len(plan.questions)

    def load() -> Any:
        nonlocal transcriber
        if transcriber is None:
            with console.status("Loading the speech model..."):
                transcriber = transcriber_factory()
        return transcriber

    def take(question: PlannedQuestion, answer: Answer, probe: Any = None, follows: int | None = None):
        record = save_answer(store, session.id, question, answer.audio, source=answer.source,
                             original_name=answer.audio.name, probe=probe, follows=follows)
        try:
            model = load() if answer.transcript is None else None
            with console.status("Analysing..." if answer.transcript else "Transcribing and analysing..."):
                return record, process_answer(store, record.id, model, transcript=answer.transcript)
        except VoicemockError as exc:
            console.print(f"[red]{exc}[/red]  The recording is kept; `voicemock repair` can retry it.")
            return record, None

    for question in plan.questions:
        attempt = 0
        while True:
            attempt += 1
            console.print(question_panel(question, total))
            if attempt > 1:
                console.print(Text(f"Attempt {attempt}", style="bold"))
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
            record, processed = take(question, answer)
            if processed is not None:
                analysis = processed.scorecard.to_dict()
                earlier = [a for q, a in analyses if q.position == question.position]
                analyses.append((question, analysis))
                if attempt > 1:
                    console.print(Text(f"Attempt {attempt}", style="bold"))
                console.print(format_scorecard(processed.scorecard))
                story_lines(store, question, analysis, console)
                if earlier:
                    console.print(change_lines(earlier[-1], analysis))
                probe = choose_probe(question, analysis) if probes and not answer.interrupted else None
                if probe is not None:
                    quit_early = _follow_up(question, probe, record.attempt, answers, session.id, console, voice,
                                            ask, take, format_scorecard, follow_up_question)
                    if quit_early:
                        break
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

    from .summary import summarize_session

    try:
        store.end_session(session.id)
        summary = summarize_session(store, session.id)
    except VoicemockError:
        summary = summarize_sitting(plan, analyses)
    console.print(summary_table(summary))
    console.print(f"Session {session.id} saved. Review it in the app, or: voicemock show {session.id}")
    return PracticeResult(session.id, len(analyses), summary, quit_early)


def _follow_up(question, probe, attempt, answers, session_id, console, voice, ask, take, format_scorecard,
               follow_up_question) -> bool:
    """The interviewer's follow-up, spoken; its answer kept and scored as a short answer. True: quit."""
    asked = follow_up_question(question, probe.text)
    console.print(Panel(Text(probe.text, style="bold"), title="Follow-up", title_align="left", border_style="magenta"))
    voice.say(asked)
    choice = (ask(FOLLOW_UP_HELP) if ask else "").strip().lower()
    if choice == "q":
        return True
    if choice == "s":
        return False
    answer = answers.follow_up_answer(session_id, asked, console)
    if answer is None:
        return False
    _, processed = take(question, answer, probe, attempt)
    if processed is not None:
        console.print(format_scorecard(processed.scorecard))
    return answer.interrupted
