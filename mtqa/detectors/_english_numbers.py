"""English renderings of French quantities, for N101's suggestion.

A suggestion replaces the target's number, so it must be English ("Thursday",
"3.5 billion", "7:30 p.m.", "1,500"), rendered from the source quantity in the
target's own style (12- or 24-hour clock, "p.m." or "pm", a scale word or
digits, digits or a number word); where that cannot be done, there is none.
"""

from __future__ import annotations

import re
from typing import Any

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SCALES = {"mille": ("thousand", 1e3), "million": ("million", 1e6), "millions": ("million", 1e6),
           "milliard": ("billion", 1e9), "milliards": ("billion", 1e9),
           "billion": ("trillion", 1e12), "billions": ("trillion", 1e12),
           "m": ("million", 1e6), "g": ("billion", 1e9), "k": ("thousand", 1e3)}
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen", "twenty")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_FR_NUMBER = re.compile(r"^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?")
_FR_TIME = re.compile(r"^(\d{1,2})\s*h\s*(\d{2})?", re.I)
_MERIDIEM = re.compile(r"\b([aApP])(\.?)\s?([mM])\.?")


def _digits(text: str) -> tuple[str, str, bool] | None:
    """(integer digits, decimal digits, grouped) of a French number's text."""
    m = _FR_NUMBER.match(text.strip())
    if not m:
        return None
    whole = m.group(1)
    return re.sub(r"\D", "", whole), m.group(2) or "", whole != re.sub(r"\D", "", whole)


def _group(whole: str) -> str:
    return f"{int(whole):,}"


def _english_number(text: str, target_text: str, target_grouped: bool | None) -> str | None:
    d = _digits(text)
    if d is None:
        return None
    whole, frac, grouped = d
    if (grouped or len(whole) >= 5) and target_grouped is not False:
        whole = _group(whole)
    return whole + ("." + frac if frac else "")


def _word(n: int) -> str | None:
    if 0 <= n <= 20:
        return _WORDS[n]
    if 20 < n < 100:
        return _TENS[n // 10] + ("-" + _WORDS[n % 10] if n % 10 else "")
    return None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _time(source_text: str, target_text: str) -> str | None:
    m = _FR_TIME.match(source_text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    marker = _MERIDIEM.search(target_text)
    if marker is None and re.fullmatch(r"\d{1,2}[:h.]\d{2}", target_text.strip()):
        return f"{hour:02d}:{minute:02d}" if target_text.strip()[:1] == "0" or hour >= 10 else f"{hour}:{minute:02d}"
    pm = 12 <= hour < 24
    h12 = hour % 12 or 12
    if marker is None:
        dot, upper = True, False
    else:
        dot = bool(marker.group(2))
        upper = marker.group(1).isupper()
    word = ("p" if pm else "a") + (".m." if dot else "m")
    if upper:
        word = word.upper()
    clock = f"{h12}:{minute:02d}" if minute or ":" in target_text else str(h12)
    tail = "." if target_text.endswith(".") and not word.endswith(".") else ""
    return f"{clock} {word}{tail}"


def english_suggestion(source: Any, target: Any) -> str | None:
    """The English text for the source quantity `source` where the target has
    `target` (both `numbers.Quantity`), or None when it cannot be rendered."""
    kind = source.kind
    out: str | None = None
    tag = next((v for v in source.values if isinstance(v, tuple)), None)
    if kind == "day" and tag and tag[0] == "d" and 1 <= tag[1] <= 7:
        out = _DAYS[tag[1] - 1]
    elif kind == "month" and tag and tag[0] == "m" and 1 <= tag[1] <= 12:
        out = _MONTHS[tag[1] - 1]
    elif kind == "time":
        out = _time(source.text, target.text)
    elif kind == "ordinal":
        value = next((v for v in source.values if isinstance(v, float)), None)
        out = _ordinal(int(value)) if value is not None and value.is_integer() and value > 0 else None
    elif kind == "word":
        value = next((v for v in source.values if isinstance(v, float)), None)
        if value is not None and value.is_integer():
            n = int(value)
            if target.kind == "word" and _word(n):
                out = _word(n)
                if out and target.text[:1].isupper():
                    out = out.capitalize()
            elif target.kind != "word":
                out = _group(str(n)) if n >= 10000 else str(n)
    elif kind == "number":
        tt = target.text
        t_grouped = None if not re.search(r"\d{4}", tt.replace(",", "")) else bool(re.search(r"\d,\d{3}", tt))
        if source.scaled:
            m = re.match(r"(.*?)\s*(mille|millions?|milliards?|billions?|M|G|k)(?![^\W\d_])", source.text)
            if not m:
                return None
            number = _english_number(m.group(1), tt, t_grouped)
            scale, factor = _SCALES[m.group(2).lower()]
            if number is None:
                return None
            if target.scaled or not re.search(r"\d", tt):
                out = f"{number} {scale}"
            else:  # the target writes the full figure
                full = float(number.replace(",", "")) * factor
                out = _group(str(int(full))) if full.is_integer() else None
        else:
            out = _english_number(source.text, tt, t_grouped)
    if out is None or out == target.text:
        return None
    return out
