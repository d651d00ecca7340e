"""Sentence alignment: Gale–Church on lengths, or vecalign-style on embeddings.

`align` links two sentence lists monotonically with 1-1, 1-2, 2-1, 1-0 and
0-1 links. Without an encoder the cost is Gale–Church dynamic programming on
character lengths; with one (anything with `encode(texts)`, see
`segmentation.encoder`) it is vecalign's: cosine distance between the
embeddings of the linked sentences, normalised by the distance between
random sentences, with the length cost as a tie-breaker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence


PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2}
VARIANCE = 6.8


def _p_length(l1: int, l2: int, ratio: float) -> float:
    """Two-tailed probability of the length difference under Gale–Church's model."""
    if l1 == 0 and l2 == 0:
        return 1.0
    mean = (l1 + l2 / ratio) / 2
    delta = (l2 - l1 * ratio) / math.sqrt(max(mean, 1e-9) * VARIANCE)
    return math.erfc(abs(delta) / math.sqrt(2))


def _length_cost(l1: int, l2: int, ratio: float, move: tuple[int, int]) -> float:
    """-log P(link type) - log P(length difference). A sentence left unaligned pays
    its prior only: the length model says nothing useful about a sentence with no
    counterpart, and charging it the length term (as textbook Gale–Church does)
    makes the aligner swallow an added or dropped sentence into a 2-1 link."""
    if not move[0] or not move[1]:
        return -math.log(PRIORS[move])
    return -math.log(PRIORS[move]) - math.log(max(_p_length(l1, l2, ratio), 1e-300))


@dataclass(frozen=True)
class Link:
    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


def align(
    fr: Sequence[str], en: Sequence[str], *, encoder: Any = None, band: int | None = None
) -> list[Link]:
    """Monotone alignment of two sentence lists with 1-1, 1-2, 2-1, 1-0, 0-1 links."""
    n, m = len(fr), len(en)
    lf = [len(s) for s in fr]
    le = [len(s) for s in en]
    ratio = (sum(le) / sum(lf)) if sum(lf) and sum(le) else 1.0
    sim: Callable[[int, int, int, int], float] | None = None
    if encoder is not None and n and m:
        sim = _similarity_table(fr, en, encoder)
    width = band if band is not None else max(30, int(abs(n - m) * 1.5) + 20)
    INF = float("inf")
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    moves = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo, hi = max(0, int(centre - width)), min(m, int(centre + width) + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, arg = INF, None
            for di, dj in moves:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi][pj] == INF:
                    continue
                l1 = sum(lf[pi:i])
                l2 = sum(le[pj:j])
                if sim is None:
                    c = _length_cost(l1, l2, ratio, (di, dj))
                elif di and dj:
                    c = 0.1 * _length_cost(l1, l2, ratio, (di, dj)) + _encoder_cost(sim, pi, i, pj, j)
                else:
                    c = SKIP_COST
                c += cost[pi][pj]
                if c < best:
                    best, arg = c, (di, dj)
            cost[i][j] = best
            back[i][j] = arg
    if cost[n][m] == INF:  # the band was too narrow; widen once
        return align(fr, en, encoder=encoder, band=max(n, m) + 1)
    links: list[Link] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]  # type: ignore[misc]
        src, tgt = tuple(range(i - di, i)), tuple(range(j - dj, j))
        if sim is not None and di and dj:
            conf = max(0.0, min(1.0, sim(i - di, i, j - dj, j)))
        elif di and dj:
            conf = _p_length(sum(lf[i - di:i]), sum(le[j - dj:j]), ratio)
        else:
            conf = _gap_confidence(src, tgt, i, j, lf, le, ratio, sim)
        links.append(Link(src, tgt, round(conf, 3)))
        i, j = i - di, j - dj
    links.reverse()
    return links


def _gap_confidence(src, tgt, i, j, lf, le, ratio, sim) -> float:
    """How sure we are a sentence has no counterpart: one minus how well it would
    pair with the nearest sentence on the other side."""
    best = 0.0
    if src:
        k = src[0]
        for jj in (j - 1, j):
            if 0 <= jj < len(le):
                p = sim(k, k + 1, jj, jj + 1) if sim else _p_length(lf[k], le[jj], ratio)
                best = max(best, p)
    else:
        k = tgt[0]
        for ii in (i - 1, i):
            if 0 <= ii < len(lf):
                p = sim(ii, ii + 1, k, k + 1) if sim else _p_length(lf[ii], le[k], ratio)
                best = max(best, p)
    return max(0.0, 1.0 - best)


def _similarity_table(fr: Sequence[str], en: Sequence[str], encoder: Any):
    """Cosine similarity of (fr[a:b], en[c:d]) for spans of one or two sentences."""
    import numpy as np

    def spans(sents: Sequence[str]) -> list[str]:
        return list(sents) + [f"{sents[k]} {sents[k + 1]}" for k in range(len(sents) - 1)]

    ef = np.asarray(encoder.encode(spans(fr)), dtype="float32")
    ee = np.asarray(encoder.encode(spans(en)), dtype="float32")
    ef /= np.linalg.norm(ef, axis=1, keepdims=True) + 1e-9
    ee /= np.linalg.norm(ee, axis=1, keepdims=True) + 1e-9
    n, m = len(fr), len(en)

    def row(a: int, b: int) -> int:
        return a if b - a == 1 else n + a

    def col(c: int, d: int) -> int:
        return c if d - c == 1 else m + c

    cache: dict[tuple[int, int], float] = {}

    def sim(a: int, b: int, c: int, d: int) -> float:
        key = (row(a, b), col(c, d))
        if key not in cache:
            cache[key] = float(ef[key[0]] @ ee[key[1]])
        return cache[key]

    # Normaliser: mean distance between unrelated sentences (shifted pairs).
    rng = np.random.default_rng(0)
    k = min(200, n * m)
    ia, ib = rng.integers(0, n, k), rng.integers(0, m, k)
    base = float(np.mean(1.0 - np.sum(ef[ia] * ee[ib], axis=1))) or 1.0
    sim.base = base  # type: ignore[attr-defined]
    return sim


SKIP_COST = 0.6  # leaving a sentence unaligned, in units of "unrelated distance" (vecalign's deletion penalty)


def _encoder_cost(sim, a: int, b: int, c: int, d: int) -> float:
    """Vecalign's cost: cosine distance over the distance of unrelated sentences,
    times the number of sentences linked."""
    dist = (1.0 - sim(a, b, c, d)) / sim.base
    return dist * max(b - a, d - c)


