"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright's Python package) against
`streamlit run app.py`, with a fake microphone fed from a WAV of real speech (clips of ../shared/eval/speech).

Check the microphone, start a round, hear the question, watch the answer clock start with the recording and agree
with the recorder, see the scorecard, hear the spoken follow-up and answer it, reload the tab and continue the
sitting, find the answer in Review and play it from a sentence. Every request the browser makes over the whole
sitting is recorded: none may go to a host but the local server. Screenshots of every page go to test-artifacts/.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


SCREENS = ((1440, 900), (700, 900))  # a laptop, and a half-width window


def _clock(page) -> tuple[str, str]:
    """The answer clock's time and state (it runs in an iframe of the page)."""
    frame = next(f for f in page.frames if f.query_selector("#vm-clock") is not None)
    return (frame.eval_on_selector("#vm-time", "e => e.textContent"),
            frame.eval_on_selector("#vm-clock", "e => e.dataset.state"))


def _seconds(text: str) -> int:
    parts = [int(p) for p in re.findall(r"\d+", text)]
    return parts[-2] * 60 + parts[-1]


def _shot(page, path: Path) -> None:
    """What a person sees at 1440x900 and at 700x900 (one screen each), and the whole page at 1440 wide.

    Nothing may be wider than the window at either size (no sideways scrolling)."""
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(900)
        page.screenshot(path=str(path.with_name(f"{path.stem}-{width}x{height}.png")))
        overflow = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                                 " return m.scrollWidth - m.clientWidth; }")
        assert overflow <= 1, f"{path.stem} is {overflow} px wider than a {width} px window"
    page.set_viewport_size({"width": 1440, "height": 900})
    full = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": min(max(full + 40, 900), 6000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path.with_name(f"{path.stem}-full.png")))
    page.set_viewport_size({"width": 1440, "height": 900})


@pytest.fixture
def browser_args(tmp_path, answer_wav) -> list[str]:
    microphone = tmp_path / "microphone.wav"
    microphone.write_bytes(answer_wav)
    return ARGS + [f"--use-file-for-fake-audio-capture={microphone}"]


def _more_sittings(home: Path, audio: bytes, transcriber) -> None:
    from voicemock.sessions import pipeline
    from voicemock.interview.guides import find_guide
    from voicemock.interview.plan import plan_round
    from voicemock.sessions.store import Store

    store = Store.open(home)
    for number in (2, 3):
        plan = plan_round(find_guide(), number)
        session = store.create_session(plan)
        answer = pipeline.save_answer(store, session.id, plan.questions[0], audio, source="upload")
        pipeline.process_answer(store, answer.id, transcriber)


@pytest.mark.whisper
def test_round_in_a_real_browser(app_server, browser_args, data_home, answer_words, artifacts_dir, answer_wav,
                                 transcriber):
    if not CHROMIUM.is_file() or shutil.which("espeak-ng") is None:
        pytest.skip("needs /usr/bin/chromium and espeak-ng (make test installs them)")
    pytest.importorskip("voicemock.analysis", reason="the analysis area is not in the tree yet")
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = artifacts_dir / "browser"
    shots.mkdir(parents=True, exist_ok=True)

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=browser_args)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
            context.grant_permissions(["microphone"], origin=app_server)
            requested: list[str] = []
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()
            page.set_default_timeout(60_000)
            expect = sync_api.expect

            # Practice: choose the sitting and start it.
            page.goto(app_server)
            expect(page.get_by_role("heading", name="Practice")).to_be_visible()
            expect(page.get_by_text("Round 1: Recruiter/HR Interview (45 min)").first).to_be_visible()
            _shot(page, shots / "01-practice-setup.png")
            page.get_by_role("button", name="Start", exact=True).click()

            # A first run: the microphone check, with the browser microphone (the fake device plays real speech).
            expect(page.get_by_role("heading", name="Microphone check")).to_be_visible()
            check = page.get_by_test_id("stAudioInputActionButton")
            check.click()
            page.wait_for_timeout(4_000)
            check.click()
            expect(page.get_by_text("Noise floor")).to_be_visible(timeout=120_000)
            expect(page.get_by_text("Heard back:")).to_be_visible()
            page.wait_for_timeout(800)
            _shot(page, shots / "01b-microphone-check.png")
            page.get_by_role("button", name="Start the first question").click()

            # The question is shown and spoken: its WAV plays by itself.
            expect(page.locator(".vm-question", has_text="Why are you interested in Coursera?")).to_be_visible()
            try:
                page.wait_for_function(
                    "() => { const a = document.querySelector('audio'); return a && a.autoplay && a.currentTime > 0.3; }",
                    timeout=30_000,
                )
            except sync_api.TimeoutError:
                states = page.evaluate("() => Array.from(document.querySelectorAll('audio')).map(a => "
                                       "({autoplay: a.autoplay, paused: a.paused, time: a.currentTime, ready: a.readyState}))")
                pytest.fail(f"the question did not play by itself: {states}")
            # The answer clock waits for the recording; the thinking time counts meanwhile.
            page.wait_for_timeout(2500)
            waiting, state = _clock(page)
            assert (waiting, state) == ("0:00", "waiting")
            _shot(page, shots / "02-question.png")

            # Record with the browser microphone (the fake device plays the speech WAV), then stop. The clock runs
            # from the start of the recording and agrees with the recorder's own counter to the second.
            record = page.get_by_test_id("stAudioInputActionButton")
            record.click()
            page.wait_for_timeout(3_000)
            running, state = _clock(page)
            assert state == "running" and 2 <= _seconds(running) <= 4, running
            frame = next(f for f in page.frames if f.query_selector("#vm-clock") is not None)
            thinking = frame.eval_on_selector("#vm-think", "e => e.textContent")
            page.wait_for_timeout(5_500)
            assert frame.eval_on_selector("#vm-think", "e => e.textContent") == thinking  # frozen at the start
            _shot(page, shots / "02b-recording.png")
            pair = page.evaluate("""() => {
                const frame = Array.from(document.querySelectorAll('iframe'))
                    .find(f => f.contentDocument && f.contentDocument.getElementById('vm-time'));
                const recorder = document.querySelector('[data-testid=stAudioInputWaveformTimeCode]');
                return [frame.contentDocument.getElementById('vm-time').textContent, recorder ? recorder.textContent : null];
            }""")
            record.click()
            clock_s, recorder_s = _seconds(pair[0]), _seconds(pair[1] or "0:0")
            assert abs(clock_s - recorder_s) <= 1 and clock_s >= 8, pair

            # Progress while it is transcribed, then the scorecard.
            expect(page.get_by_text("Answer length")).to_be_visible(timeout=180_000)
            expect(page.get_by_text("Top tips")).to_be_visible()
            page.wait_for_timeout(1000)
            _shot(page, shots / "03-scorecard.png")
            answer_dir = next((data_home / "sessions").glob("*/q01-a1"))
            kept = answer_dir / "answer.flac"  # st.audio_input hands over a WAV, kept as lossless FLAC
            assert kept.stat().st_size > 30_000  # several seconds of audio were kept
            analysis = json.loads((answer_dir / "analysis.json").read_text())
            heard = analysis["transcript"]["text"].lower()
            assert any(word in heard for word in answer_words), heard
            length = page.get_by_test_id("stMetric").filter(has_text="Answer length").get_by_test_id("stMetricValue")
            shown_length = _seconds(length.inner_text())
            assert shown_length == int(analysis["duration_s"]) and abs(shown_length - clock_s) <= 1

            # The interviewer follows up aloud (its own player starts by itself); answer it with the microphone.
            expect(page.get_by_text("Follow-up", exact=True)).to_be_visible()
            page.wait_for_function("() => { const a = document.querySelector('audio.vm-follow-up-audio'); "
                                   "return a && a.currentTime > 0.3; }", timeout=30_000)
            follow = page.get_by_test_id("stAudioInputActionButton")
            follow.click()
            page.wait_for_timeout(4_000)
            follow.click()
            expect(page.get_by_text("Follow-up transcript")).to_be_visible(timeout=180_000)
            page.wait_for_timeout(800)
            _shot(page, shots / "03b-follow-up.png")
            follow_meta = json.loads(next((data_home / "sessions").glob("*/q01-a2/answer.json")).read_text())
            assert follow_meta["probe"]["follows"] == 1 and follow_meta["probe"]["text"]

            # The tab is reloaded mid-sitting: Practice offers to continue it at question 2.
            page.reload()
            resume = page.get_by_role("button", name=re.compile(r"Continue Round 1: .* at question 2"))
            expect(resume).to_be_visible()
            _shot(page, shots / "03c-continue.png")
            resume.click()
            expect(page.locator(".vm-question", has_text="Tell me about your experience as an engineering manager.")).to_be_visible()

            # End the sitting: the summary.
            page.get_by_role("button", name="End sitting").click()
            expect(page.get_by_text("Weakest dimension")).to_be_visible()
            expect(page.get_by_role("button", name=re.compile("Drill the weakest"))).to_be_visible()
            page.wait_for_timeout(1000)
            _shot(page, shots / "04-summary.png")

            # Review: the answer is there; clicking a sentence plays the recording from there.
            page.get_by_role("button", name="Review this sitting").click()
            expect(page.get_by_role("heading", name="Review")).to_be_visible()
            player = page.frame_locator("iframe").first
            sentence = player.locator(".s").first
            expect(sentence).to_be_visible(timeout=30_000)
            sentence.click()
            frame = next(f for f in page.frames if f.query_selector("#vm-audio") is not None)
            frame.wait_for_function("() => { const a = document.getElementById('vm-audio'); "
                                    "return !a.paused && a.currentTime > 0.2; }", timeout=20_000)
            _shot(page, shots / "05-review.png")
            page.get_by_role("tab", name="Coaching").click()
            expect(page.get_by_text("Top tips")).to_be_visible()
            _shot(page, shots / "05b-review-coaching.png")
            page.get_by_role("tab", name="Charts").click()
            expect(page.get_by_text("Pauses and fillers along the answer")).to_be_visible()
            page.wait_for_timeout(1500)
            _shot(page, shots / "05c-review-charts.png")

            # The session's exports download (from the "Download the session" menu).
            page.get_by_role("button", name="Download the session").click()
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Markdown report").click()
            report = Path(download_info.value.path()).read_text(encoding="utf-8")
            assert "Why are you interested in Coursera?" in report
            page.keyboard.press("Escape")

            # Progress and Guides look finished too; two more sittings (the same minute) give the trends a line.
            _more_sittings(data_home, answer_wav, transcriber)
            page.get_by_role("link", name="Progress").click()
            expect(page.get_by_role("heading", name="Progress")).to_be_visible()
            expect(page.get_by_text("Best answers")).to_be_visible()
            page.wait_for_timeout(1500)
            _shot(page, shots / "06-progress.png")
            page.get_by_role("link", name="Guides").click()
            expect(page.get_by_role("heading", name="Guides")).to_be_visible()
            page.wait_for_timeout(1000)
            _shot(page, shots / "07-guides.png")
        finally:
            browser.close()

    # Nothing left the machine: every request of the whole sitting went to the local server.
    hosts = {urlsplit(url).hostname for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert requested and hosts == {"localhost"}, sorted(u for u in requested if urlsplit(u).hostname != "localhost")
