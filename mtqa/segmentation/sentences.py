"""Sentence splitting for French and English text.

Each non-blank line is a paragraph and a line break always ends a sentence;
inside a line a sentence ends at . ! ? … before a capital unless the period
belongs to an abbreviation. Sentences keep where they lie in the text (offset,
line, columns) so that places of findings can point at the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text.english import abbreviation_stems

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
    return abbreviation_stems() | EN_TITLES


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


