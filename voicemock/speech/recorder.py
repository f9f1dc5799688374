"""Microphone recording streamed to a WAV on disk as it is captured (sounddevice, imported lazily).

The stream source is injectable: the real one is a sounddevice.InputStream; anything with start/stop/close that
calls `callback(indata, frames, time_info, status)` with float32 blocks of shape (frames, 1) works the same.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import VoicemockError
from .audio import SAMPLE_RATE, StreamingWavWriter

BROWSER_HINT = "or record in the app with the browser microphone, or upload a file"


class RecorderError(VoicemockError):
    pass


class InputStream(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


AudioCallback = Callable[[np.ndarray, int, Any, Any], None]
StreamFactory = Callable[[int, int, "int | str | None", AudioCallback], InputStream]
BlockListener = Callable[[np.ndarray], None]


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default: bool


@dataclass(frozen=True)
class Recording:
    path: Path
    seconds: float
    stopped_by: str  # "stop" or "max"


def _sounddevice():
    try:
        import sounddevice
    except OSError:
        raise RecorderError(f"PortAudio is missing: run `sudo apt-get install libportaudio2`, {BROWSER_HINT}") from None
    except ImportError:
        raise RecorderError(f"sounddevice is not installed: run `pip install sounddevice`, {BROWSER_HINT}") from None
    return sounddevice


def input_devices() -> list[InputDevice]:
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
        default_in = sd.default.device[0] if sd.default.device else -1
    except Exception as exc:
        raise RecorderError(f"could not list audio devices ({exc}), {BROWSER_HINT}") from None
    return [
        InputDevice(index, str(d["name"]), int(d["max_input_channels"]), index == default_in)
        for index, d in enumerate(devices)
        if int(d.get("max_input_channels", 0)) > 0
    ]


def require_input_device(device: int | str | None = None) -> None:
    found = input_devices()
    if not found:
        raise RecorderError(f"no microphone found on this machine: plug one in, {BROWSER_HINT}")
    if device is None:
        return
    if isinstance(device, int) or str(device).isdigit():
        if int(device) in {d.index for d in found}:
            return
    elif any(str(device).lower() in d.name.lower() for d in found):
        return
    names = ", ".join(f"{d.index}: {d.name}" for d in found)
    raise RecorderError(f"no input device {device!r}; choose one of {names}")


def sounddevice_stream(sample_rate: int, block_frames: int, device: int | str | None,
                       callback: AudioCallback) -> InputStream:
    sd = _sounddevice()
    require_input_device(device)
    chosen = int(device) if isinstance(device, str) and device.isdigit() else device
    try:
        return sd.InputStream(samplerate=sample_rate, blocksize=block_frames, device=chosen, channels=1,
                              dtype="float32", callback=callback)
    except Exception as exc:
        raise RecorderError(f"could not open the microphone ({exc}), {BROWSER_HINT}") from None


class Recorder:
    """start() -> speak -> stop(). Audio reaches the WAV within `sync_seconds`; `on_block` sees every block
    (for incremental transcription); `elapsed` and `level` feed a live meter."""

    def __init__(self, path: str | Path, max_seconds: float = 600.0, device: int | str | None = None,
                 on_block: BlockListener | None = None, stream_factory: StreamFactory | None = None,
                 block_seconds: float = 0.1, sync_seconds: float = 0.5) -> None:
        self.path = Path(path)
        self.max_seconds = max_seconds
        self.device = device
        self.on_block = on_block
        self._factory = stream_factory or sounddevice_stream
        self._block_frames = int(block_seconds * SAMPLE_RATE)
        self._sync_seconds = sync_seconds
        self._blocks: queue.Queue[np.ndarray | None] = queue.Queue()
        self._writer: StreamingWavWriter | None = None
        self._stream: InputStream | None = None
        self._thread: threading.Thread | None = None
        self._done = threading.Event()
        self._stop_lock = threading.Lock()
        self._stopped_by = "stop"
        self._level = 0.0
        self._error: BaseException | None = None
        self._started_at = 0.0

    @property
    def recording(self) -> bool:
        return self._thread is not None and not self._done.is_set()

    @property
    def elapsed(self) -> float:
        """Seconds of audio captured so far."""
        return self._writer.seconds if self._writer else 0.0

    @property
    def level(self) -> float:
        """Input level of the latest block, 0.0 (silence) to 1.0 (full scale), for a meter."""
        return self._level

    def start(self) -> Recorder:
        if self._thread is not None:
            raise RecorderError("this recorder was already started: make a new one for the next answer")
        self._stream = self._factory(SAMPLE_RATE, self._block_frames, self.device, self._callback)
        self._writer = StreamingWavWriter(self.path, SAMPLE_RATE, self._sync_seconds)
        self._thread = threading.Thread(target=self._drain, name="voicemock-recorder", daemon=True)
        self._thread.start()
        self._started_at = time.monotonic()
        try:
            self._stream.start()
        except Exception as exc:
            self.stop()
            raise RecorderError(f"could not start the microphone ({exc}), {BROWSER_HINT}") from None
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the recording stopped (by stop() or by reaching max_seconds)."""
        return self._done.wait(timeout)

    def stop(self) -> Recording:
        with self._stop_lock:
            if self._stream is not None:
                _quietly(self._stream.stop)
                _quietly(self._stream.close)
                self._stream = None
            if self._thread is not None and self._thread is not threading.current_thread():
                self._blocks.put(None)
                self._thread.join()
            if self._writer is not None:
                self._writer.close()
            self._done.set()
        if self._error is not None:
            raise RecorderError(f"recording stopped by an error ({self._error}); the audio so far is in {self.path}")
        return Recording(self.path, self.elapsed, self._stopped_by)

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        self._blocks.put(np.array(indata, dtype=np.float32).reshape(-1))

    def _drain(self) -> None:
        assert self._writer is not None
        limit = int(self.max_seconds * SAMPLE_RATE)
        while (block := self._blocks.get()) is not None:
            block = block[: max(0, limit - self._writer.frames)]
            try:
                self._writer.write(block)
                self._level = float(np.sqrt(np.mean(block * block))) if block.size else 0.0
                if self.on_block is not None and block.size:
                    self.on_block(block)
            except BaseException as exc:
                self._error = exc
                break
            if self._writer.frames >= limit:
                self._stopped_by = "max"
                break
        else:
            return  # stop() asked for it
        threading.Thread(target=lambda: _quietly(self.stop), name="voicemock-recorder-stop", daemon=True).start()


def _quietly(action: Callable[[], None]) -> None:
    try:
        action()
    except Exception:
        pass
