"""Matching source and target quantities as multisets; what is left over."""

from __future__ import annotations

from typing import Sequence

from .extraction import Quantity, rounded


# --------------------------------------------------------------------------- matching


def _num_values(q: Quantity) -> list[float]:
    return [v for v in q.values if isinstance(v, float)]


def _decimals(x: float) -> int:
    s = repr(x)
    return len(s.split(".")[1].rstrip("0")) if "." in s else 0


def _match(a: Quantity, b: Quantity, loose: bool = False) -> bool:
    if a.scaled and b.scaled:
        va = {v for v in a.values if not isinstance(v, float) or v >= 1000}
        vb = {v for v in b.values if not isinstance(v, float) or v >= 1000}
        if va & vb:
            return True
    elif not a.values.isdisjoint(b.values):
        return True
    if not loose:
        return False
    # Rounding ("1,23 milliard" → "1.2 billion") and approximations ("une dizaine" ≈ 12).
    for x in _num_values(a):
        for y in _num_values(b):
            if x == 0 or y == 0:
                continue
            if a.kind == "approx" or b.kind == "approx":
                if abs(x - y) <= 0.25 * max(x, y):
                    return True
                continue
            if a.scaled != b.scaled:
                continue
            dx, dy = _decimals(x), _decimals(y)
            # Rounded to fewer decimals ("1,23 milliard" → "1.2 billion"), never to a whole number.
            if dx != dy and min(dx, dy) >= 1 and round(x if dx > dy else y, min(dx, dy)) == (y if dx > dy else x):
                return True
    return False


_RANK = {"strong": 0, "weak": 1, "soft": 2}


def align(src: Sequence[Quantity], tgt: Sequence[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Match source and target quantities; return the unmatched of each side.
    The quantities are left as they are (the source's are shared between
    segments): those matched are kept in a set, by id."""
    if not src or not tgt:  # nothing to match, and no time to split
        return list(src), list(tgt)
    used: set[int] = set()
    # Each side split by rank once, in order: the same pairs are tried in the
    # same order as looping over every quantity and skipping the other ranks.
    src_by_rank: tuple[list[Quantity], ...] = ([], [], [])
    tgt_by_rank: tuple[list[Quantity], ...] = ([], [], [])
    for q in src:
        src_by_rank[_RANK[q.strength]].append(q)
    for q in tgt:
        tgt_by_rank[_RANK[q.strength]].append(q)
    for loose in (False, True):
        for src_here in src_by_rank:
            if not src_here:
                continue
            for tgt_here in tgt_by_rank:
                if not tgt_here:
                    continue
                for s in src_here:
                    if id(s) in used:
                        continue
                    for t in tgt_here:
                        if id(t) not in used and _match(s, t, loose):
                            used.add(id(s))
                            used.add(id(t))
                            break
    # A time written as a duration: "2 h 30" → "2 hours 30 minutes".
    for s in src:
        if id(s) in used or not s.parts:
            continue
        cands = []
        for p in s.parts:
            for t in tgt:
                if id(t) not in used and t not in cands and rounded(p) in t.values:
                    cands.append(t)
                    break
        if len(cands) == len(s.parts):
            used.add(id(s))
            for t in cands:
                used.add(id(t))
    return [q for q in src if id(q) not in used], [q for q in tgt if id(q) not in used]


def reportable_alone(q: Quantity) -> bool:
    if q.strength == "strong":
        return True
    if q.strength == "soft":
        return False
    if q.kind == "word":
        vals = _num_values(q)
        return bool(vals) and min(vals) >= 3
    return False


def comparable(s: Quantity, t: Quantity) -> bool:
    """Whether an unmatched source and target quantity read as one figure changed."""
    if s.strength == "soft" or t.strength == "soft":
        return False
    if s.kind in ("month", "day", "time") or t.kind in ("month", "day", "time"):
        return s.kind == t.kind
    if s.kind == "id" or t.kind == "id":
        return False
    for q in (s, t):
        if q.strength == "weak" and (q.kind != "word" and q.kind != "ordinal" or min(_num_values(q) or [0]) < 2):
            return False
    if s.strength == "weak" and t.strength == "weak":
        return s.kind == t.kind
    return True
