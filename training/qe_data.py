"""Read `../shared/qe/` into rows for the quality-estimation head.

Each row: id, set, split ("train" / "dev" / "test"), source, target, label
(higher = better: MLQE-PE `da_z_mean`, LIG −HTER), and for MLQE-PE the word
tags mapped onto character spans of the target. LIG is split by document
(a stable hash of `doc`), never by row, so no held-out document is seen in
training. Sampling is seeded and fixed per split so cached features stay valid.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import random
import re
from pathlib import Path
from typing import Iterator

SEED = 16


def _rows(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _list(value):
    return ast.literal_eval(value) if isinstance(value, str) else value


def word_spans(text: str, tokens: list[str]) -> list[tuple[int, int] | None]:
    """Character span of each tokenised word in the raw text (None: not found)."""
    out: list[tuple[int, int] | None] = []
    cur = 0
    for tok in tokens:
        k = text.find(tok, cur)
        if k < 0 or k - cur > 40:
            out.append(None)
            continue
        out.append((k, k + len(tok)))
        cur = k + len(tok)
    return out


def lig_split(doc: str) -> str:
    """train 70% / dev 10% / test 20% of LIG documents, by a stable hash."""
    h = int(hashlib.sha256(f"lig:{doc}".encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 70 else ("dev" if h < 80 else "test")


def mlqe(qe_dir: Path, per_pair: dict[str, int]) -> list[dict]:
    """MLQE-PE rows with DA labels and word tags, `per_pair[split]` per language pair."""
    tags = {}
    for r in _rows(qe_dir / "mlqe-pe-postedit.jsonl.gz"):
        tags[r["id"].replace("-pe-", "-")] = r
    by_key: dict[tuple[str, str], list[dict]] = {}
    for r in _rows(qe_dir / "mlqe-pe-da.jsonl.gz"):
        by_key.setdefault((r["pair"], r["split"]), []).append(r)
    out = []
    for (pair, split), rows in sorted(by_key.items()):
        n = per_pair.get(split, 0)
        rng = random.Random(f"{SEED}:{pair}:{split}")
        for r in rng.sample(rows, min(n, len(rows))):
            row = {
                "id": r["id"], "set": f"mlqe-{pair}", "split": split, "source": r["source"], "target": r["target"],
                "label": float(r["da_z_mean"]), "da_mean": float(r["da_mean"]),
            }
            pe = tags.get(r["id"])
            if pe is not None:
                toks = _list(pe["target_tokens"])
                t = _list(pe["target_tags"])
                word_tags = t[1::2] if len(t) == 2 * len(toks) + 1 else (t if len(t) == len(toks) else None)
                if word_tags is not None:
                    spans = word_spans(r["target"], toks)
                    row["words"] = [(s[0], s[1], tag == "BAD") for s, tag in zip(spans, word_tags) if s is not None]
                # Source tags: BAD where the source word was mistranslated or
                # left out (the MLQE-PE guidelines), what ML202 learns from.
                stoks = _list(pe.get("source_tokens") or [])
                stags = _list(pe.get("source_tags") or [])
                if stoks and len(stags) == len(stoks):
                    spans = word_spans(r["source"], stoks)
                    row["src_words"] = [(s[0], s[1], tag == "BAD") for s, tag in zip(spans, stags) if s is not None]
                row["hter"] = float(pe["hter"])
            out.append(row)
    return out


def lig(qe_dir: Path, limits: dict[str, int]) -> list[dict]:
    """LIG French→English rows (label −HTER), split by document."""
    by_split: dict[str, list[dict]] = {}
    for r in _rows(qe_dir / "lig-fr-en-postedit.jsonl.gz"):
        by_split.setdefault(lig_split(str(r["doc"])), []).append(r)
    out = []
    for split, rows in sorted(by_split.items()):
        rng = random.Random(f"{SEED}:lig:{split}")
        for r in rng.sample(rows, min(limits.get(split, 0), len(rows))):
            out.append({
                "id": r["id"], "set": "lig", "split": split, "doc": str(r["doc"]), "source": r["source"],
                "target": r["target"], "label": -float(r["hter"]), "reference": r.get("reference"),
            })
    return out


# MQM weights (Freitag et al. 2021): minor 1, major 5, non-translation 25;
# minor punctuation 0.1. "HOTW-test" rows are rater-attention checks.
MQM_WEIGHTS = {"Minor": 1.0, "Major": 5.0}
# MQM categories folded into the ML201 categories mtqa reports.
MQM_CLASSES = ("mistranslation", "omission", "addition", "grammar", "awkward", "untranslated")


def mqm_class(category: str) -> str | None:
    c = category.lower()
    if c.startswith("non-translation") or "source language fragment" in c:
        return "untranslated"
    if "omission" in c:
        return "omission"
    if "addition" in c:
        return "addition"
    if c.startswith("accuracy") or c.startswith("terminology"):
        return "mistranslation"
    if c.startswith("fluency/grammar") or c.startswith("fluency/spelling") or "inconsistency" in c:
        return "grammar"
    if c.startswith("style"):
        return "awkward"
    return None


def mqm_split(doc: str) -> str:
    h = int(hashlib.sha256(f"mqm:{doc}".encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 70 else ("dev" if h < 80 else "test")


def mqm(qe_dir: Path, limits: dict[str, int]) -> list[dict]:
    """MQM zh→en rows, one per (system, segment): label −mean MQM score over raters,
    target spans of every rater (union) as word tags with their class. Split by document."""
    groups: dict[tuple, list[dict]] = {}
    for r in _rows(qe_dir / "mqm-zh-en.jsonl.gz"):
        groups.setdefault((r["set"], r["system"], r["doc"], r["seg_id"]), []).append(r)
    by_split: dict[str, list[tuple]] = {}
    for key, rs in groups.items():
        if any(e["severity"] not in MQM_WEIGHTS for r in rs for e in r["errors"]):
            continue
        by_split.setdefault(mqm_split(f"{key[0]}:{key[2]}"), []).append(key)
    out = []
    for split, keys in sorted(by_split.items()):
        rng = random.Random(f"{SEED}:mqm:{split}")
        for key in rng.sample(sorted(keys), min(limits.get(split, 0), len(keys))):
            rs = groups[key]
            target = rs[0]["target"]
            scores, spans = [], []
            for r in rs:
                s = 0.0
                for e in r["errors"]:
                    cat = e["category"]
                    w = 25.0 if cat.startswith("Non-translation") else MQM_WEIGHTS[e["severity"]]
                    if cat == "Fluency/Punctuation" and e["severity"] == "Minor":
                        w = 0.1
                    s += w
                    cls = mqm_class(cat)
                    if e["side"] == "target" and e["start"] is not None and cls and cat != "Fluency/Punctuation":
                        spans.append((int(e["start"]), int(e["end"]), cls, e["severity"]))
                scores.append(s)
            words = []
            for m in re.finditer(r"\S+", target):
                hit = [sp for sp in spans if sp[0] < m.end() and sp[1] > m.start()]
                words.append((m.start(), m.end(), bool(hit), hit[0][2] if hit else None))
            out.append({
                "id": ":".join(map(str, key)), "set": "mqm", "split": split, "doc": f"{key[0]}:{key[2]}",
                "source": rs[0]["source"], "target": target, "label": -sum(scores) / len(scores),
                "words": words, "raters": len(rs),
            })
    return out
