"""Any audio a browser, phone or microphone produces -> 16 kHz mono float32, and WAV files written safely."""

from __future__ import annotations

import io
import os
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import VoicemockError
from ..files import write_bytes_atomic

SAMPLE_RATE = 16000
MAX_SECONDS = 30 * 60
MIN_SECONDS = 0.1


class AudioError(VoicemockError):
    pass


AUDIO_TYPES = {".wav": "audio/wav", ".webm": "audio/webm", ".ogg": "audio/ogg", ".oga": "audio/ogg",
               ".opus": "audio/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4",
               ".flac": "audio/flac", ".aac": "audio/aac"}


def audio_mime(path: str | os.PathLike) -> str:
    """The MIME type of a kept recording, from its extension (players and downloads)."""
    return AUDIO_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


AudioSource = str | os.PathLike | bytes | bytearray | np.ndarray


def load_audio(source: AudioSource, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    """Decode a file path, raw file bytes or samples into 16 kHz mono float32, refusing what cannot be used."""
    if isinstance(source, np.ndarray):
        samples = np.ascontiguousarray(source, dtype=np.float32).reshape(-1)
        name = "the audio"
    else:
        samples, name = _decode(source)
    check_length(samples, name, max_seconds)
    return samples


def _decode(source: str | os.PathLike | bytes | bytearray) -> tuple[np.ndarray, str]:
    from faster_whisper import decode_audio

    if isinstance(source, (bytes, bytearray)):
        if not source:
            raise AudioError("the audio is empty (0 bytes): record or upload the answer again")
        name, stream = "the uploaded audio", io.BytesIO(bytes(source))
    else:
        path = Path(source)
        name = path.name
        if not path.is_file():
            raise AudioError(f"no audio file at {path}: check the path")
        if path.stat().st_size == 0:
            raise AudioError(f"{name} is empty (0 bytes): record or upload the answer again")
        stream = str(path)
    try:
        samples = decode_audio(stream, sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises many kinds; the person only needs to know the file is unreadable
        raise AudioError(
            f"{name} could not be decoded as audio ({type(exc).__name__}): use wav, mp3, m4a, ogg, webm or flac"
        ) from None
    return np.asarray(samples, dtype=np.float32), name


def check_length(samples: np.ndarray, name: str = "the audio", max_seconds: float = MAX_SECONDS) -> None:
    seconds = len(samples) / SAMPLE_RATE
    if seconds < MIN_SECONDS:
        raise AudioError(f"{name} holds no usable sound ({seconds:.2f} s): record the answer again")
    if seconds > max_seconds:
        raise AudioError(
            f"{name} is {seconds / 60:.0f} min long, over the {max_seconds / 60:.0f} min limit: trim it or split the answer"
        )


def duration(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    return len(samples) / sample_rate




def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


def wav_bytes(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(to_int16(samples).tobytes())
    return buffer.getvalue()


def write_wav(path: str | os.PathLike, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write 16-bit PCM mono atomically: a reader sees the old file or the whole new one, never half."""
    return write_bytes_atomic(Path(path), wav_bytes(samples, sample_rate))


@dataclass(frozen=True)
class WavInfo:
    sample_rate: int
    channels: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def wav_info(path: str | os.PathLike) -> WavInfo:
    try:
        with wave.open(str(path), "rb") as source:
            return WavInfo(source.getframerate(), source.getnchannels(), source.getnframes())
    except (wave.Error, EOFError, OSError) as exc:
        raise AudioError(f"{Path(path).name} is not a readable WAV file ({exc}): record the answer again") from None


class StreamingWavWriter:
    """A 16-bit mono WAV that is valid on disk while it grows: the header is rewritten and the file fsynced
    every `sync_seconds`, so a crash or closed window loses at most that much audio."""

    HEADER_BYTES = 44

    def __init__(self, path: str | os.PathLike, sample_rate: int = SAMPLE_RATE, sync_seconds: float = 0.5) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.sample_rate = sample_rate
        self.frames = 0
        self._sync_every = max(1, int(sync_seconds * sample_rate))
        self._since_sync = 0
        self._file = open(self.path, "wb")
        self._file.write(_wav_header(sample_rate, 0))
        self._sync()

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate

    @property
    def closed(self) -> bool:
        return self._file.closed

    def write(self, samples: np.ndarray) -> None:
        pcm = to_int16(np.asarray(samples, dtype=np.float32).reshape(-1))
        self._file.write(pcm.tobytes())
        self.frames += len(pcm)
        self._since_sync += len(pcm)
        if self._since_sync >= self._sync_every:
            self._sync()

    def close(self) -> Path:
        if not self._file.closed:
            self._sync()
            self._file.close()
        return self.path

    def _sync(self) -> None:
        end = self._file.tell()
        self._file.seek(0)
        self._file.write(_wav_header(self.sample_rate, self.frames))
        self._file.seek(end)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._since_sync = 0


def _wav_header(sample_rate: int, frames: int) -> bytes:
    data_bytes = frames * 2
    return b"".join(
        [
            b"RIFF",
            (36 + data_bytes).to_bytes(4, "little"),
            b"WAVEfmt ",
            (16).to_bytes(4, "little"),
            (1).to_bytes(2, "little"),  # PCM
            (1).to_bytes(2, "little"),  # mono
            sample_rate.to_bytes(4, "little"),
            (sample_rate * 2).to_bytes(4, "little"),
            (2).to_bytes(2, "little"),
            (16).to_bytes(2, "little"),
            b"data",
            data_bytes.to_bytes(4, "little"),
        ]
    )


# --------------------------------------------------------------------------- compact encodings (PyAV)

EXPORT_BITRATE = 24_000  # Opus, mono speech: about 0.18 MB per minute (0.24 MB as base64 inside an HTML export)


def encode(samples: np.ndarray, codec: str, sample_rate: int = SAMPLE_RATE, bitrate: int | None = None) -> bytes:
    """Samples (float32 mono) -> the bytes of an Ogg Opus ("opus") or FLAC ("flac") file, with PyAV."""
    import av

    container_format, codec_name, rate = {"opus": ("ogg", "libopus", 48000 if sample_rate not in (8000, 12000, 16000, 24000, 48000) else sample_rate),
                                          "flac": ("flac", "flac", sample_rate)}[codec]
    pcm = to_int16(np.asarray(samples, dtype=np.float32).reshape(-1))
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container_format) as out:
        stream = out.add_stream(codec_name, rate=rate)
        stream.layout = "mono"
        if bitrate:
            stream.bit_rate = bitrate
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = sample_rate
        resampler = None
        if rate != sample_rate or codec == "opus":
            resampler = av.AudioResampler(format=stream.codec_context.format.name if stream.codec_context.format else "s16",
                                          layout="mono", rate=rate)
        frames = resampler.resample(frame) if resampler else [frame]
        if resampler:
            frames += resampler.resample(None)
        for piece in frames:
            for packet in stream.encode(piece):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def opus_bytes(source: AudioSource, bitrate: int = EXPORT_BITRATE) -> bytes:
    """Any recording -> Ogg Opus for sharing (lossy, speech stays clear): a minute of answer in about 0.18 MB."""
    return encode(load_audio(source), "opus", bitrate=bitrate)


def _wav_chunks(data: bytes) -> tuple[dict[str, int], int, int] | None:
    """(fmt fields, data offset, declared data size) of a RIFF/WAVE file, or None."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    offset, fmt, found = 12, None, None
    while offset + 8 <= len(data):
        name, size = data[offset:offset + 4], int.from_bytes(data[offset + 4:offset + 8], "little")
        if name == b"fmt " and size >= 16:
            body = data[offset + 8:offset + 24]
            fmt = {"tag": int.from_bytes(body[0:2], "little"), "channels": int.from_bytes(body[2:4], "little"),
                   "rate": int.from_bytes(body[4:8], "little"), "bits": int.from_bytes(body[14:16], "little")}
        elif name == b"data":
            found = (offset + 8, size)
            break
        offset += 8 + size + (size & 1)
    if fmt is None or found is None:
        return None
    return fmt, found[0], found[1]


def pcm_wav_to_flac(data: bytes, to_end: bool = False) -> bytes | None:
    """A 16-bit PCM WAV -> a FLAC file with exactly the same samples (lossless; checked by decoding it back).

    `to_end`: take every whole frame up to the end of the file, not only the header's count (a microphone recording
    streamed to disk may hold frames written after its header was last updated). None when `data` is not a 16-bit PCM
    WAV or the check fails: the caller then keeps the WAV as it is.
    """
    import av

    parsed = _wav_chunks(data)
    if parsed is None:
        return None
    fmt, start, size = parsed
    if fmt["tag"] not in (1, 0xFFFE) or fmt["bits"] != 16 or not 1 <= fmt["channels"] <= 2 or fmt["rate"] <= 0:
        return None
    pcm = data[start:] if to_end else data[start:start + size]
    block = 2 * fmt["channels"]
    pcm = pcm[: len(pcm) // block * block]
    if not pcm:
        return None
    samples = np.frombuffer(pcm, dtype="<i2")
    layout = "mono" if fmt["channels"] == 1 else "stereo"
    try:
        buffer = io.BytesIO()
        with av.open(buffer, "w", format="flac") as out:
            stream = out.add_stream("flac", rate=fmt["rate"])
            stream.layout = layout
            frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout=layout)
            frame.sample_rate = fmt["rate"]
            for packet in stream.encode(frame):
                out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)
        flac = buffer.getvalue()
        with av.open(io.BytesIO(flac)) as back:
            decoded = np.concatenate([f.to_ndarray().reshape(-1) for f in back.decode(audio=0)])
    except Exception:  # PyAV raises many kinds; keeping the WAV is always safe
        return None
    if decoded.dtype != np.int16 or not np.array_equal(decoded, samples):
        return None
    return flac
