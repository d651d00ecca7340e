"""Compare two or more systems against the same references with sacrebleu.

The first system is the baseline (as in `sacrebleu --paired-bs/--paired-ar`).
Each other system is tested against it with paired bootstrap resampling
(Koehn 2004) and with approximate randomization (Riezler & Maxwell 2005);
a difference is significant when the p-value is below `alpha` (0.05).
"""

from __future__ import annotations

from typing import Any, Sequence

from ..errors import MtqaError


class CompareError(MtqaError, ValueError):
    """A comparison that cannot be made (unknown metric, too few systems, unequal lengths)."""

ALPHA = 0.05
METRIC_NAMES = ("bleu", "chrf", "ter")


def _metric_objects(names: Sequence[str]) -> dict[str, Any]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    make = {"bleu": BLEU, "chrf": lambda: CHRF(word_order=2), "ter": TER}
    out = {}
    for n in names:
        if n not in make:
            raise CompareError(f"unknown metric {n!r}; known: {', '.join(METRIC_NAMES)}")
        out[n] = make[n]()
    return out


def compare_systems(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[str],
    *,
    metrics: Sequence[str] = METRIC_NAMES,
    bootstrap: int = 1000,
    randomization: int = 10000,
    alpha: float = ALPHA,
    seed: int = 12345,
) -> dict[str, Any]:
    """Scores, p-values and significance per system and metric, both tests."""
    import os

    from sacrebleu.significance import PairedTest

    if len(systems) < 2:
        raise CompareError("compare needs at least two systems")
    for name, hyps in systems:
        if len(hyps) != len(references):
            raise CompareError(f"system {name!r} has {len(hyps)} segments but the references have {len(references)}")
    if not references:
        raise CompareError("the references are empty")
    old_seed = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        results: dict[str, Any] = {"baseline": systems[0][0], "alpha": alpha, "tests": {}, "signatures": {}}
        for test, n in (("bootstrap", bootstrap), ("randomization", randomization)):
            objs = _metric_objects(metrics)
            pt = PairedTest([(n_, list(h)) for n_, h in systems], objs, [list(references)],
                            test_type="bs" if test == "bootstrap" else "ar", n_samples=n)
            sigs, scores = pt()
            table = []
            for i, sys_name in enumerate(scores["System"]):
                row: dict[str, Any] = {"system": sys_name}
                for key in metrics:
                    label = _label(key, objs[key])
                    res = scores[label][i]
                    cell: dict[str, Any] = {"score": round(float(res.score), 4)}
                    if res.mean is not None:
                        cell["mean"] = round(float(res.mean), 4)
                    if res.ci is not None:
                        cell["ci95"] = round(float(res.ci), 4)
                    if res.p_value is not None:
                        cell["p_value"] = round(float(res.p_value), 6)
                        cell["significant"] = bool(res.p_value < alpha)
                    row[key] = cell
                table.append(row)
            # sacrebleu's tests give identical outputs p = 1/(n+1); a zero
            # difference is never called significant.
            for row in table[1:]:
                for key in metrics:
                    if row[key]["score"] == table[0][key]["score"]:
                        row[key]["significant"] = False
            results["tests"][test] = {"samples": n, "systems": table}
            results["signatures"][test] = {k: str(sigs[_label(k, objs[k])]) for k in metrics}
        return results
    finally:
        if old_seed is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = old_seed


def _label(key: str, obj: Any) -> str:
    # PairedTest keys its results by the metric's own name (BLEU, chrF2++, TER).
    return {"bleu": "BLEU", "chrf": "chrF2++", "ter": "TER"}[key]


def format_text(results: dict[str, Any], metrics: Sequence[str]) -> str:
    lines = []
    base = results["baseline"]
    for test, data in results["tests"].items():
        title = "paired bootstrap resampling" if test == "bootstrap" else "approximate randomization"
        lines.append(f"{title} ({data['samples']} samples), baseline {base}, alpha {results['alpha']}:")
        for row in data["systems"]:
            cells = []
            for m in metrics:
                c = row[m]
                text = f"{m} {c['score']:.2f}"
                if "ci95" in c and test == "bootstrap":
                    text += f" (±{c['ci95']:.2f})"
                if "p_value" in c:
                    text += f" p={c['p_value']:.4f}{' *' if c['significant'] else ''}"
                cells.append(text)
            lines.append(f"  {row['system']:<24} " + "  ".join(cells))
        verdicts = []
        for row in data["systems"][1:]:
            for m in metrics:
                c = row[m]
                diff = c["score"] - data["systems"][0][m]["score"]
                better = diff < 0 if m == "ter" else diff > 0
                if c.get("significant"):
                    verdicts.append(f"  {row['system']} vs {base} on {m}: {'better' if better else 'worse'} by "
                                    f"{abs(diff):.2f}, significant (p={c['p_value']:.4f})")
                else:
                    verdicts.append(f"  {row['system']} vs {base} on {m}: difference {diff:+.2f} not significant "
                                    f"(p={c['p_value']:.4f})")
        lines.extend(verdicts)
        for m, sig in results["signatures"][test].items():
            lines.append(f"  signature {m}: {sig}")
    return "\n".join(lines)
