"""Adversarial inputs: does every detector stay linear on huge, hostile lines?

    python benchmarks/adversarial.py [--size 1000000] [--select P,R] [--budget 20]

For each registered detector and each hostile pattern (long runs of dots,
spaces, quotes, digits, repeated words, French number groups, markup, ...)
the pattern is repeated to n/4 and n characters and put in both the source
and the target; the detector's time on each is measured (best of 2) and the
ratio printed. Linear code gives about 4x; quadratic code 16x. A probe at
4 KB and 16 KB runs first: a detector that is already super-linear there is
reported as such and not run at full size (it might not finish).

Exit status 1 when some detector is super-linear (ratio > --max-ratio at
full size, or > 8 on the probe), so the script can gate a release.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.detectors import REGISTRY  # noqa: E402
from mtqa.engine import Engine, select_detectors  # noqa: E402
from mtqa.types import Segment  # noqa: E402

PATTERNS = {
    "dots": ".",
    "dot-space": ". ",
    "spaces": " ",
    "nbsp": "\u00a0",
    "quotes": "\"",
    "curly": "“”",
    "guillemets": "« ",
    "apostrophes": "'",
    "digits": "1",
    "fr-number": "1 234,5 ",
    "commas": ",",
    "word": "the ",
    "Word": "Word ",
    "caps": "ABC ",
    "hyphens": "a-",
    "parens": "(",
    "tags": "<b>",
    "ellipsis": "… ",
    "mixed": "M. Joly a dit: « 3,5 % » . . ",
    "letters": "a",
}


def timed(engine: Engine, seg: Segment, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        engine._doc = object()  # a new document each time: same work every run
        t0 = time.perf_counter()
        engine.findings(seg)
        best = min(best, time.perf_counter() - t0)
    return best


def make(pattern: str, size: int) -> Segment:
    text = (pattern * (size // len(pattern) + 1))[:size]
    return Segment("adv", text, text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="largest line, in characters")
    ap.add_argument("--select", default="", help="codes or prefixes, comma-separated")
    ap.add_argument("--patterns", default="", help="pattern names, comma-separated")
    ap.add_argument("--max-ratio", type=float, default=6.0, help="n -> 4n time ratio counted as super-linear")
    ap.add_argument("--floor", type=float, default=0.02, help="seconds below which a time is noise")
    args = ap.parse_args()
    select = [s for s in args.select.split(",") if s]
    names = [p for p in args.patterns.split(",") if p] or list(PATTERNS)
    detectors = select_detectors(select, [])
    bad: list[str] = []
    worst: dict[str, float] = {}
    t_start = time.perf_counter()
    print(f"{len(detectors)} detectors x {len(names)} patterns; sizes {args.size // 4} and {args.size} chars", flush=True)
    print(f"{'code':<6} {'pattern':<12} {'t(n/4) s':>9} {'t(n) s':>9} {'ratio':>6}", flush=True)
    for cls in detectors:
        engine = Engine([cls], time_budget=None)
        for name in names:
            pat = PATTERNS[name]
            small, big = timed(engine, make(pat, 4096)), timed(engine, make(pat, 16384))
            if big > args.floor and big / max(small, 1e-9) > 8:
                # Re-measure before accusing: a shared machine stalls at random.
                small, big = timed(engine, make(pat, 4096), 5), timed(engine, make(pat, 16384), 5)
            if big > args.floor and big / max(small, 1e-9) > 8:
                print(f"{cls.code:<6} {name:<12} {small:>9.4f} {big:>9.4f} {big / small:>6.1f}  SUPER-LINEAR (probe)", flush=True)
                bad.append(f"{cls.code}/{name}")
                continue
            t1 = timed(engine, make(pat, args.size // 4))
            t4 = timed(engine, make(pat, args.size))
            if t4 > args.floor and t4 / max(t1, 1e-9) > args.max_ratio:
                t1, t4 = timed(engine, make(pat, args.size // 4), 3), timed(engine, make(pat, args.size), 3)
            ratio = t4 / t1 if t1 > 0 else 0.0
            flag = ""
            if t4 > args.floor and ratio > args.max_ratio:
                flag = "  SUPER-LINEAR"
                bad.append(f"{cls.code}/{name}")
            worst[cls.code] = max(worst.get(cls.code, 0.0), t4)
            if flag or t4 > 0.05:
                print(f"{cls.code:<6} {name:<12} {t1:>9.4f} {t4:>9.4f} {ratio:>6.1f}{flag}", flush=True)
    print(f"slowest detector at {args.size} chars: " + ", ".join(
        f"{c} {t:.2f}s" for c, t in sorted(worst.items(), key=lambda kv: -kv[1])[:5]))
    print(f"{len(detectors) * len(names)} cases in {time.perf_counter() - t_start:.0f}s; "
          f"super-linear: {', '.join(bad) if bad else 'none'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
