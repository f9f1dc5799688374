from __future__ import annotations

import time
import wave

import numpy as np
import pytest

from voicemock.speech.audio import SAMPLE_RATE, load_audio, wav_info
from voicemock.speech.recorder import Recorder, RecorderError, input_devices, require_input_device
from voicemock.speech.textnorm import normalize
from voicemock.speech.transcribe import ChunkPolicy, IncrementalTranscriber


def test_wav_grows_on_disk_while_recording(speech_wav, tmp_path, fake_microphone):
    samples = load_audio(speech_wav)
    factory, holder = fake_microphone(samples, pace_s=0.02)  # 0.1 s blocks at 5x real time
    blocks: list[int] = []
    recorder = Recorder(tmp_path / "answer.wav", stream_factory=factory, on_block=lambda b: blocks.append(len(b)))
    recorder.start()
    seen = []
    for _ in range(12):
        time.sleep(0.1)
        with wave.open(str(recorder.path), "rb") as live:
            seen.append(live.getnframes())
    assert seen[-1] > seen[0] and seen == sorted(seen) and seen[-1] >= SAMPLE_RATE * 2
    assert recorder.elapsed > 0 and recorder.level > 0
    result = recorder.stop()
    assert result.stopped_by == "stop" and holder["stream"].closed
    assert wav_info(result.path).frames == holder["stream"].delivered == sum(blocks)
    on_disk = load_audio(result.path)
    assert np.abs(on_disk - samples[: len(on_disk)]).max() < 2e-4


def test_abrupt_stop_leaves_a_valid_wav(speech_wav, tmp_path, fake_microphone):
    factory, holder = fake_microphone(load_audio(speech_wav), pace_s=0.01)
    recorder = Recorder(tmp_path / "crash.wav", stream_factory=factory, sync_seconds=0.5).start()
    time.sleep(0.4)
    # simulate a crash: the process dies without stop(); the file on disk is what survives
    snapshot = (tmp_path / "crash.wav").read_bytes()
    (tmp_path / "survivor.wav").write_bytes(snapshot)
    delivered = holder["stream"].delivered
    info = wav_info(tmp_path / "survivor.wav")
    assert info.sample_rate == SAMPLE_RATE and info.frames > 0
    assert delivered - info.frames <= SAMPLE_RATE * 1.0  # at most about a second lost
    assert len(load_audio(tmp_path / "survivor.wav")) >= info.frames - 1
    recorder.stop()


def test_max_duration_stops_by_itself(speech_wav, tmp_path, fake_microphone):
    factory, _ = fake_microphone(load_audio(speech_wav))
    recorder = Recorder(tmp_path / "short.wav", max_seconds=2.0, stream_factory=factory).start()
    assert recorder.wait(10)
    result = recorder.stop()
    assert result.stopped_by == "max" and wav_info(result.path).frames == SAMPLE_RATE * 2


def test_recorder_feeds_incremental_transcription(transcriber, pauses_wav, tmp_path, fake_microphone):
    live = IncrementalTranscriber(transcriber, ChunkPolicy(min_chunk_s=6, max_chunk_s=14))
    factory, _ = fake_microphone(load_audio(pauses_wav)[: SAMPLE_RATE * 16], pace_s=0.02)
    recorder = Recorder(tmp_path / "live.wav", stream_factory=factory, on_block=live.feed).start()
    while recorder.elapsed < 15.9:
        time.sleep(0.05)
    recording = recorder.stop()
    result = live.finish()
    assert "gold ring" in normalize(result.text) and result.duration == pytest.approx(recording.seconds, abs=0.001)


def test_no_microphone_here_gives_the_way_out():
    # this machine really has no audio input: query_devices() is empty
    assert input_devices() == []
    with pytest.raises(RecorderError) as caught:
        require_input_device()
    assert "browser microphone" in str(caught.value) and "\n" not in str(caught.value)


def test_real_stream_is_refused_cleanly_without_a_device(tmp_path):
    with pytest.raises(RecorderError, match="no microphone"):
        Recorder(tmp_path / "x.wav").start()
    assert not (tmp_path / "x.wav").exists()
