"""The microphone check on real speech: a good recording passes; made quiet, noisy or clipped it is warned about
with what to do; the test phrase is compared with what was heard."""

import numpy as np

from voicemock.speech.audio import load_audio
from voicemock.speech.miccheck import TEST_PHRASE, check_recording, heard_share


def test_real_speech_passes_and_quiet_noisy_or_clipped_versions_are_warned(eval_dir):
    speech = load_audio(eval_dir / "speech" / "jfk" / "jfk.wav")
    good = check_recording(speech)
    assert good.ok and good.snr_db > 20 and good.clipped_share == 0
    quiet = check_recording(speech * 0.0005)
    assert [p for p in quiet.problems if p.startswith("too quiet")] and "move closer" in quiet.problems[0]
    noise = np.random.default_rng(3).standard_normal(speech.size).astype(np.float32) * 0.06
    noisy = check_recording(speech + noise)
    assert noisy.noise_db > good.noise_db + 20 and any(p.startswith("too noisy") for p in noisy.problems)
    clipped = check_recording(np.clip(speech * 40, -1, 1))
    assert any("clipped" in p and "lower" in p for p in clipped.problems)
    assert all("\n" not in p for p in quiet.problems + noisy.problems + clipped.problems)
    assert not check_recording(speech[:8000]).ok  # half a second is not a check


def test_the_test_phrase_must_come_back():
    assert heard_share(TEST_PHRASE.upper()) == 1.0
    assert heard_share("something else entirely") < 0.3
    tone = (0.2 * np.sin(np.linspace(0, 2 * np.pi * 220 * 3, 48000))).astype(np.float32)
    tone[:4000] = 0.0005 * np.random.default_rng(1).standard_normal(4000)
    check = check_recording(tone, heard="")
    assert check.heard_share == 0 and any("not heard back" in p for p in check.problems)
    assert check_recording(tone, heard=TEST_PHRASE).ok
