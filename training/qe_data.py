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
