"""Perturbation benchmark: does `scores.quality` rank each clean translation
above its perturbed copies?

For every clean pair in corpora/clean-pairs/pairs.tsv, mtqa.perturb makes
perturbed copies (drop a word or phrase, change a number, swap a name, insert
a period, leave French, repeat words, flip tense or negation, antonyms,
lowercase, truncate, ...). Clean and perturbed targets are scored in one run,
through the same path as `mtqa check` (rules, then the model scorer). A pair
counts as correct when the clean target scores strictly higher (ties fail).

Next to quality it prints sacrebleu chrF++ and BLEU computed *with*
references (corpora/clean-pairs/refs.txt: independent second translations,
not the clean targets) on the same pairs, and the speed.

    python benchmarks/perturbation.py [--pairs FILE] [--refs FILE] [--seed 0] [--no-models]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.engine import Engine, select_detectors  # noqa: E402
from mtqa.perturb import perturb_all, read_pairs  # noqa: E402
from mtqa.types import Segment  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", default=str(ROOT / "corpora" / "clean-pairs" / "pairs.tsv"))
    ap.add_argument("--refs", default=str(ROOT / "corpora" / "clean-pairs" / "refs.txt"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-models", action="store_true", help="rules-only quality")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N pairs")
    args = ap.parse_args(argv)

    from sacrebleu.metrics import BLEU, CHRF

    pairs = read_pairs(args.pairs)
    refs = None
    if args.refs and Path(args.refs).is_file():
        refs = [line.rstrip("\n") for line in open(args.refs, encoding="utf-8")]
        if len(refs) != len(pairs):
            print(f"{args.refs}: {len(refs)} lines for {len(pairs)} pairs; ignoring it", file=sys.stderr)
            refs = None
    if args.limit:
        pairs = pairs[: args.limit]
        refs = refs[: args.limit] if refs else None
    items = [(i, "clean", t) for i, (_, t) in enumerate(pairs)] + list(perturb_all(pairs, seed=args.seed))
    segments = [Segment(str(n), pairs[i][0], t) for n, (i, _, t) in enumerate(items)]

    t0 = time.perf_counter()
    engine = Engine(select_detectors())
    found = [engine.findings(s) for s in segments]
    t_rules = time.perf_counter() - t0
    if args.no_models:
        from mtqa.scorers.estimator import RulesQualityScorer

        scorer = RulesQualityScorer()
        t_load = 0.0
    else:
        from mtqa.scorers.estimator import ModelScorer

        t1 = time.perf_counter()
        scorer = ModelScorer()
        t_load = time.perf_counter() - t1
    t2 = time.perf_counter()
    scores = []
    for k in range(0, len(segments), 256):
        part, part_found = segments[k : k + 256], found[k : k + 256]
        if hasattr(scorer, "detect_batch"):  # quality reads the model findings too, as in a check
            part_found = [tuple(fs) + tuple(model) for fs, model in zip(part_found, scorer.detect_batch(part, part_found))]
        scores.extend(scorer.score(part, part_found))
    t_models = time.perf_counter() - t2
    quality = [s["quality"] for s in scores]

    clean_q = {i: quality[n] for n, (i, kind, _) in enumerate(items) if kind == "clean"}
    metric_vals: dict[str, list[float]] = {}
    if refs:
        chrf, bleu = CHRF(word_order=2), BLEU(effective_order=True)
        metric_vals["chrF++"] = [chrf.sentence_score(t, [refs[i]]).score for i, _, t in items]
        metric_vals["BLEU"] = [bleu.sentence_score(t, [refs[i]]).score for i, _, t in items]
    clean_m = {m: {i: v[n] for n, (i, kind, _) in enumerate(items) if kind == "clean"} for m, v in metric_vals.items()}

    wins: dict[str, dict[str, list[int]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for n, (i, kind, _) in enumerate(items):
        if kind == "clean":
            continue
        wins["quality"][kind].append(int(clean_q[i] > quality[n]))
        for m, vals in metric_vals.items():
            wins[m][kind].append(int(clean_m[m][i] > vals[n]))
    cols = ["quality", *metric_vals]
    kinds = sorted(wins["quality"])
    print(f"{'perturbation':<22} {'pairs':>6} " + " ".join(f"{c:>8}" for c in cols))
    for kind in kinds:
        n = len(wins["quality"][kind])
        print(f"{kind:<22} {n:>6} " + " ".join(f"{100 * sum(wins[c][kind]) / n:8.1f}" for c in cols))
    total = sum(len(v) for v in wins["quality"].values())
    print(f"{'overall':<22} {total:>6} " + " ".join(
        f"{100 * sum(sum(v) for v in wins[c].values()) / total:8.1f}" for c in cols))
    n_seg = len(segments)
    print(f"\n{len(pairs)} clean pairs, {total} perturbed copies, {n_seg} segments scored")
    print(f"rules: {n_seg / max(t_rules, 1e-9):.0f} segments/s")
    if not args.no_models:
        print(f"models: loaded in {t_load:.1f} s; scored {n_seg / max(t_models, 1e-9):.1f} segments/s "
              f"(encoder + LM + lingua + quality)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
