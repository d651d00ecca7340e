"""Evaluate the learned quality estimator on held-out human judgments.

    python training/extract.py && python training/fit.py    # features + heads
    python benchmarks/qe_eval.py [--wmt14 ../shared/corpora/wmt14-fr-en-systems.jsonl.gz] [--refs N]

Prints, side by side:
- MLQE-PE test (WMT20 QE task 1, a seeded sample per pair): Pearson r of the
  learned prediction with `da_z_mean`, next to sentence length;
- LIG French→English held-out documents: Spearman with −HTER of the learned
  score, of sentence chrF++ computed WITH the human reference (on the same
  rows), of the old perturbation-fitted quality (fast tier, no learned head)
  and of target length;
- word level: MCC of the token head on MLQE-PE test word tags and of the
  source token head on MLQE-PE test source tags (thresholds picked on dev);
- ML201 findings: share of WMT14 human references and of system outputs with
  a major ML201 finding; ML202 (source words lost, minor): share flagged.
The perturbation benchmark is `benchmarks/perturbation.py`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from fit import auc, load, mcc, pearson, spearman  # noqa: E402

from mtqa import qe  # noqa: E402



def word_level(rows, toks, p, prefix="tok"):
    """Token-level MCC on test tags (backbone tokens labelled from the word
    tags: MLQE-PE target or source tags, MQM error spans) at the dev threshold."""
    x = (toks.states - p[f"{prefix}_mean"]) / p[f"{prefix}_sd"]
    prob = 1 / (1 + np.exp(-(x @ p[f"{prefix}_w"] + float(p[f"{prefix}_b"]))))
    out = {}
    splits = np.array([rows[i]["split"] for i in toks.row]); sets = np.array([rows[i]["set"] for i in toks.row])
    for s in sorted(set(sets)):
        m = (splits == "test") & (sets == s)
        out[s] = mcc(prob[m] >= float(p[f"{prefix}_threshold"]), toks.labels[m] == 1)
    return out


def segments_and_findings(rows):
    """The rows as segments (with their documents, so document-state rules
    see them) and the rule findings of each, computed once for every score
    below that reads them."""
    from mtqa.engine import Engine, select_detectors
    from mtqa.types import Segment

    segs = [Segment(str(i), r["source"], r["target"], doc=r.get("doc")) for i, r in enumerate(rows)]
    engine = Engine(select_detectors())
    return segs, [engine.findings(s) for s in segs]


def old_quality(segs, found):
    """The fast tier's quality (encoder, lingua, rules; no learned head) and the
    previous default (with the SmolLM2 fluency signals) on the same rows."""
    from mtqa.scorers.estimator import ModelScorer

    fast = ModelScorer(tier="fast")
    # Quality reads the model findings too, as in a check (raw: no overrides here).
    merged = [tuple(fs) + tuple(model) for fs, model in zip(found, fast.detect_batch(segs, found))]
    fq = [s["quality"] for s in fast.score(segs, merged)]
    from mtqa import quality as q
    from mtqa.models import load_lm
    from mtqa.scorers.mqm import penalty

    lm = load_lm()
    toks = lm.score([s.target for s in segs])
    sims = fast.encoder.similarity([s.source for s in segs], [s.target for s in segs])
    oq = [q.quality(s.source, s.target, penalty=penalty(list(f)), similarity=float(sim), logprobs=t.logprobs)
          for s, f, sim, t in zip(segs, found, sims, toks)]
    return fq, oq


def with_rules(z, found):
    """`scores.quality` as a check computes it from the head's z: expected DA
    less the rule findings' points (model findings left out)."""
    from mtqa.scorers.estimator import learned_quality

    return [learned_quality(float(v), fs) for v, fs in zip(z, found)]


def wmt14(path: Path, n_refs: int, n_sys: int):
    from mtqa.engine import Engine, select_detectors
    from mtqa.scorers.estimator import ModelScorer
    from mtqa.types import Segment

    refs, syss, seen = [], [], set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            row = json.loads(line)
            if row["reference"] not in seen and len(refs) < n_refs:
                seen.add(row["reference"])
                refs.append(Segment(f"r{len(refs)}", row["source"], row["reference"]))
            if k % 23 == 0 and len(syss) < n_sys:
                syss.append(Segment(f"s{len(syss)}", row["source"], row["target"]))
    scorer = ModelScorer()
    out = {}
    for name, segs in (("references", refs), ("system outputs", syss)):
        # A fresh engine per set: the document-state rules (K101 and others)
        # would otherwise read each system output as a second translation of
        # a reference's source, and their spans would hide ML201's.
        engine = Engine(select_detectors())
        t0 = time.time()
        found = [engine.findings(s) for s in segs]
        major = minor = lost = 0
        examples, lost_examples = [], []
        for k in range(0, len(segs), 256):
            part = segs[k:k + 256]
            for seg, model in zip(part, scorer.detect_batch(part, found[k:k + 256])):
                fs = [f for f in model if f.code == "ML201"]
                if any(f.severity == "major" for f in fs):
                    major += 1
                    if len(examples) < 5:
                        examples.append((seg.target, [seg.target[f.start:f.end] for f in fs]))
                elif fs:
                    minor += 1
                src = [f for f in model if f.code == "ML202"]
                if src:
                    lost += 1
                    if len(lost_examples) < 8:
                        lost_examples.append((seg.source, seg.target, [seg.source[f.start:f.end] for f in src]))
        out[name] = (len(segs), major, minor, examples, len(segs) / (time.time() - t0), lost, lost_examples)
    return out


def lig_model_findings(lig_rows, qe_dir: Path):
    """Share of held-out LIG segments with a model finding (ML201 major, any
    ML201, ML202): Moses output post-editors rewrote most (HTER >= 0.4) and
    barely touched (<= 0.1), and the human post-edits themselves."""
    from mtqa.engine import Engine, select_detectors
    from mtqa.scorers.estimator import ModelScorer
    from mtqa.types import Segment

    post_edit = {}
    with gzip.open(qe_dir / "lig-fr-en-postedit.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            post_edit[r["id"]] = r["post_edit"]
    sets = {
        "MT, HTER >= 0.4": [(r["source"], r["target"]) for r in lig_rows if -r["label"] >= 0.4],
        "MT, HTER <= 0.1": [(r["source"], r["target"]) for r in lig_rows if -r["label"] <= 0.1],
        "post-edits (human)": [(r["source"], post_edit[r["id"]]) for r in lig_rows if post_edit.get(r["id"])],
    }
    scorer = ModelScorer()
    out = {}
    for name, pairs in sets.items():
        segs = [Segment(str(i), s, t) for i, (s, t) in enumerate(pairs)]
        engine = Engine(select_detectors())
        found = [engine.findings(s) for s in segs]
        major = any201 = any202 = 0
        for k in range(0, len(segs), 256):
            for model in scorer.detect_batch(segs[k:k + 256], found[k:k + 256]):
                codes = {(f.code, f.severity) for f in model}
                major += ("ML201", "major") in codes
                any201 += any(c == "ML201" for c, _ in codes)
                any202 += any(c == "ML202" for c, _ in codes)
        out[name] = (len(segs), major, any201, any202)
    return out


def mqm_spans(qe_dir: Path, n: int):
    """Span precision/recall of the token head on held-out MQM documents (Chinese→English).

    The rows are the test split of training/qe_data.py (split by document, so
    no test document was trained on), one row per (system, segment) with the
    spans of all its raters. A predicted span is correct when it overlaps a
    target-side error span of any severity; recall counts Major target-side
    error spans overlapped by a prediction."""
    from qe_data import mqm

    from mtqa.models import load_qe

    rows = mqm(qe_dir, {"test": n})
    raw = {}
    with gzip.open(qe_dir / "mqm-zh-en.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            raw.setdefault(":".join(map(str, (r["set"], r["system"], r["doc"], r["seg_id"]))), []).append(r)
    bb = load_qe()
    states = bb.states([(r["source"], r["target"]) for r in rows])
    probs = qe.token_bad(states)
    p = qe.head()

    out = {}
    for name, th in (("token-head threshold (dev MCC)", float(p["tok_threshold"])), ("ML201 minor threshold", 0.9)):
        tp_pred = n_pred = hit_gold = n_gold = 0
        for r, st, pr in zip(rows, states, probs):
            errs = [e for x in raw[r["id"]] for e in x["errors"]
                    if e.get("side") == "target" and e.get("start") is not None and e["category"] != "Fluency/Punctuation"]
            major = [e for e in errs if e.get("severity") == "Major"]
            pred = qe.bad_spans(r["target"], st.target_offsets, pr, th)
            n_pred += len(pred)
            tp_pred += sum(any(a < e["end"] and b > e["start"] for e in errs) for a, b, _ in pred)
            n_gold += len(major)
            hit_gold += sum(any(a < e["end"] and b > e["start"] for a, b, _ in pred) for e in major)
        out[name] = (len(rows), n_pred, tp_pred / max(1, n_pred), n_gold, hit_gold / max(1, n_gold))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wmt14", default=str(ROOT.parent / "shared" / "corpora" / "wmt14-fr-en-systems.jsonl.gz"))
    ap.add_argument("--refs", type=int, default=3003)
    ap.add_argument("--systems", type=int, default=1000)
    ap.add_argument("--mqm", type=int, default=400, help="MQM rows for span precision/recall (0: skip)")
    ap.add_argument("--qe-dir", default=str(ROOT.parent / "shared" / "qe"))
    ap.add_argument("--only-mqm", action="store_true")
    ap.add_argument("--no-lig-findings", dest="lig_findings", action="store_false",
                    help="skip the model findings on LIG held-out MT and post-edits")
    args = ap.parse_args(argv)
    if args.mqm:
        print("## Spans on held-out MQM Chinese→English documents (any-severity precision, Major recall)")
        for name, (n, n_pred, prec, n_gold, rec) in mqm_spans(Path(args.qe_dir), args.mqm).items():
            print(f"- {name}: {n} rows, {n_pred} predicted spans, precision {prec:.3f}; "
                  f"{n_gold} major target spans, recall {rec:.3f}")
        if args.only_mqm:
            return 0
    rows, x, target_toks, source_toks = load()
    p = qe.head()
    xs = (x - p["seg_mean"]) / p["seg_sd"]
    pred = xs @ p["seg_w"] + float(p["seg_b"])
    split = np.array([r["split"] for r in rows]); sets = np.array([r["set"] for r in rows])
    label = np.array([r["label"] for r in rows])
    length = np.array([len(r["target"].split()) for r in rows], float)
    print("## MLQE-PE test (Pearson r with da_z_mean; seeded sample per pair)")
    print("| pair | rows | learned | −target length | WMT20 OpenKiwi baseline |")
    print("|---|---|---|---|---|")
    kiwi = {"ro-en": 0.685, "et-en": 0.477, "ne-en": 0.386, "si-en": 0.374, "ru-en": 0.548}
    for s in sorted(x for x in set(sets) if x.startswith("mlqe")):
        m = (split == "test") & (sets == s)
        pair = s.replace("mlqe-", "")
        print(f"| {pair} | {m.sum()} | {pearson(pred[m], label[m]):.3f} | {pearson(-length[m], label[m]):.3f} | {kiwi.get(pair, float('nan')):.3f} |")
    m = (split == "test") & (sets == "lig")
    lig_rows = [r for r, k in zip(rows, m) if k]
    from sacrebleu.metrics import CHRF

    chrf = CHRF(word_order=2)
    have_ref = np.array([bool(r.get("reference")) for r in lig_rows])
    chrf_scores = np.array([chrf.sentence_score(r["target"], [r["reference"]]).score if r.get("reference") else np.nan
                            for r in lig_rows])
    lig_segs, lig_found = segments_and_findings(lig_rows)
    fq, oq = old_quality(lig_segs, lig_found)
    print("\n## LIG French→English, held-out documents (Spearman with −HTER)")
    print("| score | rows | Spearman |")
    print("|---|---|---|")
    lab = label[m]
    print(f"| learned quality (reference-free) | {m.sum()} | {spearman(pred[m], lab):.3f} |")
    print(f"| learned quality with the rule findings' points (`scores.quality`) | {m.sum()} | "
          f"{spearman(with_rules(pred[m], lig_found), lab):.3f} |")
    print(f"| learned quality, rows with a reference | {have_ref.sum()} | {spearman(pred[m][have_ref], lab[have_ref]):.3f} |")
    print(f"| chrF++ with the human reference | {have_ref.sum()} | {spearman(chrf_scores[have_ref], lab[have_ref]):.3f} |")
    print(f"| previous quality (perturbation-fitted, SmolLM2) | {m.sum()} | {spearman(oq, lab):.3f} |")
    print(f"| fast tier quality (no LM) | {m.sum()} | {spearman(fq, lab):.3f} |")
    print(f"| −target length | {m.sum()} | {spearman(-length[m], lab):.3f} |")
    if args.lig_findings:
        print("\n## Model findings on LIG held-out documents (segments with one)")
        for name, (n, major, any201, any202) in lig_model_findings(lig_rows, Path(args.qe_dir)).items():
            print(f"- {name}: {n} segments, ML201 major {major} ({100 * major / max(n, 1):.2f}%), "
                  f"ML201 any {any201} ({100 * any201 / max(n, 1):.2f}%), ML202 {any202} ({100 * any202 / max(n, 1):.2f}%)")
    m = (split == "test") & (sets == "mqm")
    print(f"\n## MQM Chinese→English, held-out documents: Spearman with −MQM score, {m.sum()} rows: "
          f"learned {spearman(pred[m], label[m]):.3f}, −target length {spearman(-length[m], label[m]):.3f}")
    # Poor against good, as people called them: the question a gate answers.
    print("\n## Poor vs good on held-out rows (ROC AUC: a good row scores above a poor one)")
    print("| set | poor / good | learned | comparison |")
    print("|---|---|---|---|")
    da = np.array([r.get("da_mean", np.nan) for r in rows], float)
    m = (split == "test") & np.char.startswith(sets, "mlqe") & ((da >= 80) | (da < 50))
    print(f"| MLQE-PE test, DA < 50 / DA ≥ 80 | {(da[m] < 50).sum()} / {(da[m] >= 80).sum()} | "
          f"{auc(pred[m], da[m] >= 80):.3f} | −length {auc(-length[m], da[m] >= 80):.3f} |")
    lig_m = (split == "test") & (sets == "lig")
    keep = (label[lig_m] >= -0.1) | (label[lig_m] <= -0.4)
    good = label[lig_m][keep] >= -0.1
    both = keep & have_ref
    print(f"| LIG held-out, HTER ≥ 0.4 / ≤ 0.1 | {(~good).sum()} / {good.sum()} | {auc(pred[lig_m][keep], good):.3f} | "
          f"chrF++ with reference {auc(chrf_scores[both], label[lig_m][both] >= -0.1):.3f}; previous quality "
          f"{auc(np.asarray(oq)[keep], good):.3f}; −length {auc(-length[lig_m][keep], good):.3f} |")
    m = (split == "test") & (sets == "mqm") & ((label == 0) | (label <= -5))
    print(f"| MQM held-out, ≥ 5 penalty points / none | {(label[m] <= -5).sum()} / {(label[m] == 0).sum()} | "
          f"{auc(pred[m], label[m] == 0):.3f} | −length {auc(-length[m], label[m] == 0):.3f} |")
    print("\n## Word level: token MCC on test tags (MLQE-PE word tags; MQM error spans), threshold from dev")
    for s, v in word_level(rows, target_toks, p).items():
        print(f"- {s}: {v:.3f}")
    if qe.has_source_head(p):
        print("\n## Source side: token MCC on test source tags (MLQE-PE source tags; MQM source-side spans), threshold from dev")
        for s, v in word_level(rows, source_toks, p, prefix="src").items():
            print(f"- {s}: {v:.3f}")
    path = Path(args.wmt14)
    if path.exists() and (args.refs or args.systems):
        print("\n## ML201 on WMT14 (segments with a major / only minor ML201 finding)")
        for name, (n, major, minor, ex, rate, lost, lost_ex) in wmt14(path, args.refs, args.systems).items():
            print(f"- {name}: {n} segments, major {major} ({100 * major / n:.2f}%), minor only {minor} "
                  f"({100 * minor / n:.2f}%), {rate:.1f} pairs/s; ML202 (minor, source) {lost} ({100 * lost / n:.2f}%)")
            for t, spans in ex:
                print(f"    {spans} in: {t[:140]}")
            for src, t, spans in lost_ex:
                print(f"    ML202 {spans} in: {src[:140]}\n        EN: {t[:140]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
