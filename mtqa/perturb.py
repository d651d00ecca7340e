"""Perturbation generator: corrupt a clean English translation in known ways.

Each perturbation takes a (source, target) pair and a `random.Random` and
returns a corrupted target, or None when it does not apply (no number to
change, no name to swap...). The result always differs from the target. The
generator is deterministic for a given seed.

Used to fit and check `scores.quality` (see mtqa/quality.py and
benchmarks/perturbation.py) on clean pairs the project wrote itself
(corpora/clean-pairs/), never on evaluation sets.
"""

from __future__ import annotations

import random
import re
from typing import Callable, Iterator

from .text import WORD
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for from with and or but as that this these those is are was were be been
    has have had will would can could may might must shall should it its he she they them his her their our we
    you i not no than then so if into over under about after before up out""".split()
)

NAMES = (
    "Paris", "London", "Berlin", "Madrid", "Ottawa", "Tokyo", "Geneva", "Brussels", "Chicago", "Lisbon",
    "Smith", "Martin", "Dupont", "Tremblay", "Nakamura", "Schmidt", "Rossi", "Garcia", "Brown", "Wilson",
    "France", "Germany", "Italy", "Spain", "Canada", "Japan", "Brazil", "Mexico", "Sweden", "Poland",
)

# Tense flips on auxiliaries and common verbs (both directions).
TENSE = {
    "is": "was", "are": "were", "was": "is", "were": "are", "has": "had", "have": "had", "had": "has",
    "will": "did", "would": "will", "can": "could", "could": "can", "does": "did", "did": "does",
    "rose": "rises", "fell": "falls", "won": "wins", "met": "meets", "said": "says", "took": "takes",
    "made": "makes", "became": "becomes", "began": "begins", "led": "leads", "found": "finds",
}
ANTONYMS = {
    "rose": "fell", "fell": "rose", "increase": "decrease", "decrease": "increase", "increased": "decreased",
    "decreased": "increased", "more": "less", "less": "more", "largest": "smallest", "smallest": "largest",
    "longest": "shortest", "highest": "lowest", "lowest": "highest", "new": "old", "old": "new",
    "before": "after", "after": "before", "first": "last", "last": "first", "approved": "rejected",
    "rejected": "approved", "better": "worse", "worse": "better", "early": "late", "late": "early",
    "deepest": "shallowest", "hardest": "softest", "excellent": "terrible", "safe": "dangerous",
    "open": "closed", "opened": "closed", "closed": "opened", "won": "lost", "lost": "won",
    "exceeded": "missed", "north": "south", "south": "north", "east": "west", "west": "east",
    "doubled": "halved", "immediate": "delayed", "record": "minimum", "unanimously": "narrowly",
    "despite": "because of", "without": "with", "large": "small", "small": "large", "most": "few",
    "full": "empty", "lowest": "highest", "strengthen": "weaken", "heavy": "light", "up": "down",
}
NEGATABLE = ("is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "must", "should")
ADDITIONS = (
    "reportedly", "allegedly", "secretly", "very", "also", "only", "quietly", "suddenly", "officially",
    "again", "still", "unexpectedly",
)
ADDED_PHRASES = (
    "according to local media", "for the first time", "in secret", "last year", "without any warning",
    "on Friday", "at great cost", "in the capital",
)


def _words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def _replace(text: str, start: int, end: int, new: str) -> str:
    out = text[:start] + new + text[end:]
    return re.sub(r"  +", " ", out).replace(" ,", ",").replace(" .", ".").strip()


def _content(ws: list[re.Match[str]]) -> list[re.Match[str]]:
    return [m for m in ws if m.group().lower() not in FUNCTION_WORDS and not m.group().isdigit()]


def drop_word(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _content(_words(tgt))[1:] or _content(_words(tgt))
    if len(_words(tgt)) < 4 or not ws:
        return None
    m = rng.choice(ws)
    return _replace(tgt, m.start(), m.end(), "")


def drop_phrase(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    if len(ws) < 7:
        return None
    n = rng.randint(2, min(4, len(ws) - 4))
    i = rng.randint(1, len(ws) - n - 1)
    return _replace(tgt, ws[i].start(), ws[i + n - 1].end(), "")


def change_number(src: str, tgt: str, rng: random.Random) -> str | None:
    nums = list(NUMBER.finditer(tgt))
    if not nums:
        return None
    m = rng.choice(nums)
    digits = m.group()
    pos = [i for i, ch in enumerate(digits) if ch.isdigit()]
    i = rng.choice(pos)
    new_digit = str((int(digits[i]) + rng.randint(1, 8)) % 10)
    if i == 0 and new_digit == "0":
        new_digit = "9"
    new = digits[:i] + new_digit + digits[i + 1 :]
    return tgt[: m.start()] + new + tgt[m.end() :]


def swap_name(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    caps = [m for k, m in enumerate(ws) if m.group()[:1].isupper() and (k > 0 or m.group().lower() not in FUNCTION_WORDS)
            and m.group().lower() not in FUNCTION_WORDS and len(m.group()) > 2]
    if not caps:
        return None
    m = rng.choice(caps)
    options = [n for n in NAMES if n != m.group() and n not in tgt]
    return tgt[: m.start()] + rng.choice(options) + tgt[m.end() :]


def insert_period(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    if len(ws) < 6:
        return None
    m = ws[rng.randint(2, len(ws) - 3)]
    return tgt[: m.end()] + "." + tgt[m.end() :]


def untranslated_word(src: str, tgt: str, rng: random.Random) -> str | None:
    """Replace an English content word by a French content word of the source."""
    tw = _content(_words(tgt))
    tset = {m.group().lower() for m in _words(tgt)}
    fr = [m.group() for m in _content(_words(src)) if m.group().lower() not in tset and len(m.group()) > 3
          and not m.group()[:1].isupper()]
    if not tw or not fr:
        return None
    m = rng.choice(tw)
    return tgt[: m.start()] + rng.choice(fr) + tgt[m.end() :]


def untranslated_segment(src: str, tgt: str, rng: random.Random) -> str | None:
    return src if src.strip() != tgt.strip() else None


def repeat_word(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    if len(ws) < 3:
        return None
    m = rng.choice(ws[1:])
    return tgt[: m.end()] + " " + m.group() + tgt[m.end() :]


def repeat_phrase(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    if len(ws) < 6:
        return None
    n = rng.randint(2, 3)
    i = rng.randint(1, len(ws) - n)
    seg = tgt[ws[i].start() : ws[i + n - 1].end()]
    return tgt[: ws[i + n - 1].end()] + " " + seg + tgt[ws[i + n - 1].end() :]


def flip_tense(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = [m for m in _words(tgt) if m.group().lower() in TENSE]
    if not ws:
        return None
    m = rng.choice(ws)
    new = TENSE[m.group().lower()]
    if m.group()[0].isupper():
        new = new[0].upper() + new[1:]
    return tgt[: m.start()] + new + tgt[m.end() :]


def flip_negation(src: str, tgt: str, rng: random.Random) -> str | None:
    neg = re.search(r"\b(not|never|no longer) ", tgt)
    if neg:
        return tgt[: neg.start()] + tgt[neg.end() :]
    ws = [m for m in _words(tgt) if m.group().lower() in NEGATABLE]
    if ws:
        m = rng.choice(ws)
        return tgt[: m.end()] + " not" + tgt[m.end() :]
    verbs = [m for m in _words(tgt)[1:] if re.fullmatch(r"[a-z]+ed", m.group())]
    if not verbs:
        return None
    m = rng.choice(verbs)
    word = m.group()
    base = word[:-1] if word[-3] in "vcszgu" or word.endswith("ated") else word[:-2]
    return tgt[: m.start()] + "did not " + base + tgt[m.end() :]


def antonym(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = [m for m in _words(tgt) if m.group().lower() in ANTONYMS]
    if not ws:
        return None
    m = rng.choice(ws)
    new = ANTONYMS[m.group().lower()]
    if m.group()[0].isupper():
        new = new[0].upper() + new[1:]
    return tgt[: m.start()] + new + tgt[m.end() :]


def lowercase(src: str, tgt: str, rng: random.Random) -> str | None:
    out = tgt.lower()
    return out if out != tgt else None


def lowercase_name(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = [m for m in _words(tgt)[1:] if m.group()[:1].isupper()]
    if not ws:
        return None
    m = rng.choice(ws)
    return tgt[: m.start()] + m.group().lower() + tgt[m.end() :]


def truncate(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    if len(ws) < 5:
        return None
    keep = rng.randint(max(2, len(ws) // 3), len(ws) - 2)
    return tgt[: ws[keep - 1].end()]


def swap_words(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    if len(ws) < 4:
        return None
    i = rng.randint(1, len(ws) - 2)
    a, b = ws[i], ws[i + 1]
    if a.group().lower() == b.group().lower():
        return None
    return tgt[: a.start()] + b.group() + tgt[a.end() : b.start()] + a.group() + tgt[b.end() :]


def add_word(src: str, tgt: str, rng: random.Random) -> str | None:
    ws = _words(tgt)
    if len(ws) < 4:
        return None
    m = ws[rng.randint(1, len(ws) - 2)]
    return tgt[: m.start()] + rng.choice(ADDITIONS) + " " + tgt[m.start() :]


def add_phrase(src: str, tgt: str, rng: random.Random) -> str | None:
    body = tgt.rstrip(".!?")
    end = tgt[len(body) :]
    return f"{body} {rng.choice(ADDED_PHRASES)}{end}"


def drop_punctuation(src: str, tgt: str, rng: random.Random) -> str | None:
    out = re.sub(r"[,.;:!?]", "", tgt)
    return out if out != tgt else None


def unrelated(src: str, tgt: str, rng: random.Random, pool: list[str] | None = None) -> str | None:
    if not pool:
        return None
    choices = [p for p in pool if p != tgt]
    return rng.choice(choices) if choices else None


PERTURBATIONS: dict[str, Callable[..., str | None]] = {
    "drop-word": drop_word,
    "drop-phrase": drop_phrase,
    "change-number": change_number,
    "swap-name": swap_name,
    "insert-period": insert_period,
    "untranslated-word": untranslated_word,
    "untranslated-segment": untranslated_segment,
    "repeat-word": repeat_word,
    "repeat-phrase": repeat_phrase,
    "flip-tense": flip_tense,
    "flip-negation": flip_negation,
    "antonym": antonym,
    "lowercase": lowercase,
    "lowercase-name": lowercase_name,
    "truncate": truncate,
    "swap-words": swap_words,
    "add-word": add_word,
    "add-phrase": add_phrase,
    "drop-punctuation": drop_punctuation,
    "unrelated": unrelated,
}


def perturb_all(
    pairs: list[tuple[str, str]], *, seed: int = 0, kinds: list[str] | None = None
) -> Iterator[tuple[int, str, str]]:
    """(pair index, kind, perturbed target) for each pair and applicable kind."""
    pool = [t for _, t in pairs]
    for idx, (src, tgt) in enumerate(pairs):
        for kind in kinds or PERTURBATIONS:
            rng = random.Random(f"{seed}:{idx}:{kind}")
            fn = PERTURBATIONS[kind]
            out = fn(src, tgt, rng, pool) if kind == "unrelated" else fn(src, tgt, rng)
            if out is not None and out.strip() and out != tgt:
                yield idx, kind, out


def read_pairs(path: str) -> list[tuple[str, str]]:
    """Tab-separated French<TAB>English pairs, one a line."""
    pairs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fr, en = line.split("\t")
            pairs.append((fr.strip(), en.strip()))
    return pairs
