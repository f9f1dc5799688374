from __future__ import annotations

import wave

import av
import numpy as np
import pytest

from voicemock.speech.audio import SAMPLE_RATE, AudioError, StreamingWavWriter, load_audio, wav_info, write_wav


def encode(samples: np.ndarray, path, codec: str, container: str | None = None) -> None:
    """Encode real audio with PyAV, the way a browser or phone would hand it over."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=SAMPLE_RATE if codec != "libopus" else 48000)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


@pytest.mark.parametrize(
    "suffix,codec,container",
    [("mp3", "libmp3lame", None), ("ogg", "libopus", "ogg"), ("webm", "libopus", "webm"),
     ("flac", "flac", None), ("m4a", "aac", "ipod")],
)
def test_browser_and_phone_formats_load_as_16k_mono(speech_wav, tmp_path, suffix, codec, container):
    original = load_audio(speech_wav)
    path = tmp_path / f"answer.{suffix}"
    encode(original, path, codec, container)
    loaded = load_audio(path)
    assert loaded.dtype == np.float32 and loaded.ndim == 1
    assert abs(len(loaded) - len(original)) / SAMPLE_RATE < 0.2
    assert 0.3 < np.abs(loaded).max() <= 1.0


def test_bytes_load_the_same_as_the_file(speech_wav):
    assert np.array_equal(load_audio(speech_wav.read_bytes()), load_audio(speech_wav))


@pytest.mark.parametrize("content", [b"", b"this is not audio at all" * 50, b"RIFF\x00\x00\x00\x00WAVEfmt "])
def test_empty_or_corrupt_input_is_one_clear_line(tmp_path, content):
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError) as caught:
        load_audio(path)
    message = str(caught.value)
    assert "\n" not in message and ("empty" in message or "decoded" in message or "no usable" in message)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(AudioError, match="no audio file"):
        load_audio(tmp_path / "nope.wav")


def test_absurdly_long_audio_is_refused():
    with pytest.raises(AudioError, match="over the"):
        load_audio(np.zeros(SAMPLE_RATE * 61, dtype=np.float32), max_seconds=60)


def test_write_wav_round_trips(speech_wav, tmp_path):
    samples = load_audio(speech_wav)
    out = write_wav(tmp_path / "copy.wav", samples)
    assert wav_info(out).frames == len(samples)
    assert np.abs(load_audio(out) - samples).max() < 2e-4
    assert not list(tmp_path.glob(".*part"))


def test_streaming_writer_is_a_valid_wav_while_it_grows(speech_wav, tmp_path):
    samples = load_audio(speech_wav)
    writer = StreamingWavWriter(tmp_path / "live.wav", sync_seconds=0.5)
    sizes = []
    for begin in range(0, SAMPLE_RATE * 3, 1600):
        writer.write(samples[begin: begin + 1600])
        with wave.open(str(writer.path), "rb") as live:  # readable mid-recording, header up to date
            sizes.append(live.getnframes())
    assert sizes[-1] >= SAMPLE_RATE * 3 - SAMPLE_RATE // 2 and sizes == sorted(sizes) and sizes[0] < sizes[-1]
    writer.close()
    assert wav_info(writer.path).frames == SAMPLE_RATE * 3


def test_a_recording_kept_as_flac_holds_exactly_the_same_samples(speech_wav):
    import io

    import av

    from voicemock.speech.audio import pcm_wav_to_flac, wav_bytes

    wav = wav_bytes(load_audio(speech_wav))  # as the recorder writes it: a 44-byte header, then the samples
    flac = pcm_wav_to_flac(wav)
    assert flac is not None and flac[:4] == b"fLaC" and len(flac) < 0.8 * len(wav)
    with av.open(io.BytesIO(flac)) as source:
        samples = np.concatenate([f.to_ndarray().reshape(-1) for f in source.decode(audio=0)])
    assert np.array_equal(samples, np.frombuffer(wav[44:], "<i2"))
    # A microphone file whose header lags behind what reached the disk keeps the frames past the header's count.
    lagging = wav[:40] + (len(wav) - 44 - 3200).to_bytes(4, "little") + wav[44:]
    assert len(_decoded(pcm_wav_to_flac(lagging))) == len(_decoded(flac)) - 1600
    assert len(_decoded(pcm_wav_to_flac(lagging, to_end=True))) == len(_decoded(flac))
    assert pcm_wav_to_flac(b"not audio at all") is None and pcm_wav_to_flac(flac) is None
    # A WAV with other chunks before its samples (this one has a LIST chunk) keeps exactly its data chunk.
    with wave.open(str(speech_wav)) as source:
        pcm = np.frombuffer(source.readframes(source.getnframes()), "<i2")
    assert np.array_equal(_decoded(pcm_wav_to_flac(speech_wav.read_bytes())), pcm)


def _decoded(flac: bytes) -> np.ndarray:
    import io

    import av

    with av.open(io.BytesIO(flac)) as source:
        return np.concatenate([f.to_ndarray().reshape(-1) for f in source.decode(audio=0)])
