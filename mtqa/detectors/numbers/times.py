"""The clock passes of `extraction.extract`: race times, French and English
clock times in digits ("19 h 05", "7:05 p.m.") and in words ("six heures
trente", "half past six"). Split from `extraction` to keep each module short;
they run first, so the number passes skip what they claim."""

from __future__ import annotations

import re

from .lexicon import en_words_value, fr_words_value
from .patterns import (
    DURATION, EN_TIME, EN_TIME_GATE, EN_WORD_TIME, EN_WORD_TIME_GATE, EN_WORD_TIME_WORDS, FR_TIME, FR_TIME_GATE,
    FR_WORD_TIME, FR_WORD_TIME_GATE
)
from .quantity import Quantity, Scan, overlaps, rounded


def durations(s: Scan) -> None:
    """Race times, "2:03:59", "3:32.77": compared by their digits, whatever the separators."""
    if s.digits and ":" in s.text:
        for m in DURATION.finditer(s.text):
            s.add(Quantity(m.start(), m.end(), frozenset({("dur", re.sub(r"\D", "", m.group()))}), "strong",
                           "time", text=m.group()))


def times(s: Scan) -> None:
    """French clock times, in either language: "19 h 05" (and "2h45" carried into English)."""
    text, lang, digits, add = s.text, s.lang, s.digits, s.add
    for m in (FR_TIME.finditer(text) if digits and FR_TIME_GATE.search(text) else ()):
        if lang == "en" and not re.fullmatch(r"\d+\s?[hH]\s?\d\d|\d+[hH]", m.group()):
            continue  # French clock formats carried into English ("2h45") still carry the value
        h = int(m.group(1))
        mi = int(m.group(2) or 0)
        vals = _clock_values(h, mi)
        parts: tuple = (float(h), float(mi)) if mi else ()
        # "le 20h", "au 20 h": the evening news programme, often not rendered as a time.
        named = lang == "fr" and re.search(r"\b(?:le|du|au)\s+$", text[max(0, m.start() - 4):m.start()], re.I)
        add(Quantity(m.start(), m.end(), frozenset(vals), "soft" if named else "strong", "time", parts=parts,
                     text=m.group()))


def english_times(s: Scan) -> None:
    """English clock times: "7:05 p.m.", "19:05", "7 o'clock"."""
    text, lang, digits, taken, add = s.text, s.lang, s.digits, s.taken, s.add
    if lang == "en" and digits and EN_TIME_GATE.search(text):
        for m in EN_TIME.finditer(text):
            if overlaps(taken, m.start(), m.end()):
                continue
            if m.group(1) is not None:
                h, mi = int(m.group(1)), int(m.group(2) or 0)
                vals = {("t", h % 12, mi)}
                if not m.group(2):
                    vals.add(rounded(h))
            else:
                h, mi = int(m.group(4)), int(m.group(5))
                vals = {("t", h % 12, mi), rounded(h + mi / 60) if mi in (15, 30, 45) else ("t", h % 12, mi)}
            add(Quantity(m.start(), m.end(), frozenset(vals), "strong", "time",
                         parts=(float(h), float(mi)) if mi else (), text=m.group()))


def _clock_values(h: float, mi: float) -> set:
    """What a clock reading may be matched by: the time, and the hour alone or
    with its half or quarter ("six heures" = "6", "deux heures et demie" = 2.5)."""
    vals: set = {rounded(h + mi / 60)} if mi in (0, 15, 30, 45) else set()
    if 0 <= h <= 24:
        vals.add(("t", int(h) % 12, int(mi)))
    return vals


def word_times(s: Scan) -> None:
    """Clock times in words: "six heures trente", "neuf heures moins vingt", "half past six";
    a target's different time is N101."""
    text, lang = s.text, s.lang
    if not s.case_unsafe:  # (else the gates, searched in `low`, may miss)
        if lang == "fr":
            gate = any(w in s.low for w in FR_WORD_TIME_GATE)
        else:
            # A digit or an hour word first: a set test, cheaper than the search.
            gate = (s.digits or not EN_WORD_TIME_WORDS.isdisjoint(s.hits)) and EN_WORD_TIME_GATE.search(s.low)
        if not gate:
            return

    def value(words: str) -> float:
        if words.isdigit():
            return float(words)
        low = words.lower()
        if low in ("midi", "noon"):
            return 12.0
        if low in ("minuit", "midnight"):
            return 0.0
        parts = [w for w in re.split(r"-", low) if w not in ("et", "and")]
        return (fr_words_value if lang == "fr" else en_words_value)(parts) or 0.0

    for m in (FR_WORD_TIME if lang == "fr" else EN_WORD_TIME).finditer(text):
        if s.taken.overlaps(m.start(), m.end()):
            continue
        if lang == "fr":
            h, tail = value(m.group(1) or m.group(2)), (m.group(3) or "").lower()
            mi = 30 if "demi" in tail else 45 if "le quart" in tail else 15 if "quart" in tail else \
                60 - value(m.group(4)) if m.group(4) else value(m.group(5)) if m.group(5) else 0
            if tail.startswith("moins"):
                h -= 1
            if (m.group(1) or "").lower() in ("un", "une") and not mi:
                continue  # "une heure": an hour, as often as one o'clock
        elif m.group(5):
            h, mi = value(m.group(5)), 0
        else:
            minute, way = m.group(1).lower(), m.group(2).lower()
            if way in ("to", "before", "till") and m.group(4) is None and minute not in ("half", "quarter",
                                                                                        "a quarter"):
                continue  # "ten to twelve people": a range
            mi = 30 if minute == "half" else 15 if "quarter" in minute else value(m.group(1))
            h = value(m.group(3))
            if way in ("to", "before", "till"):
                h, mi = h - 1, 60 - mi
        if not 0 <= mi < 60:
            continue
        h += 24 if h < 0 else 0  # "minuit moins le quart"
        add_parts = (float(h), float(mi)) if mi else ()
        # With minutes it is a clock reading or a precise duration, reported when
        # missing; "deux heures" alone is as often "a two-hour" anything: weak.
        s.add(Quantity(m.start(), m.end(), frozenset(_clock_values(h, mi)), "strong" if mi else "weak", "time",
                       parts=add_parts, text=m.group()))
