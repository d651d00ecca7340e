"""Numbers, dates, times and money carried from the French source into the English target.

Both sides are reduced to *quantities*: digits in French or English format
("1 500", "1.500", "4,5", "1,500", "4.5"), scaled amounts ("1,2 milliard",
"$1.2 billion", "3 M$"), times ("19 h 05", "7:05 p.m.", "19:05"), ordinals
("1er", "XXIe", "21st", "first"), number words ("huit", "eight",
"vingt-cinq", "twenty-five", "deux fois" / "twice"), decades ("les années
1990" / "the 1990s") and approximate words ("une dizaine", "a dozen"). Each
quantity carries the set of values it may stand for; source and target
quantities are matched as multisets and what is left over is reported.

Digits are *strong* (always reported when unmatched); number words are
*weak* (a word alone is reported only when it contradicts a word or digit on
the other side, or when it is a cardinal of three or more with no counterpart);
approximate words and numbers tied to convertible units (km ↔ miles) are
*soft* and never reported on their own.

The package, each module importing only those above it: `lexicon` (the
words and their values), `patterns` (the regexes and their cheap gates),
`quantity` (`Quantity`, the claimed spans, the scan state), `times` (the
clock passes), `extraction` (`extract`: one function per pass), `alignment`
(`align`), and `detectors` (N101, N102, N103).
"""

from .alignment import align
from .detectors import DETECTORS, MAX_QUANTITIES, NumberAdded, NumberMismatch, NumberMissing
from .extraction import Quantity, Taken, extract, overlaps

__all__ = ["DETECTORS", "MAX_QUANTITIES", "NumberAdded", "NumberMismatch", "NumberMissing", "Quantity", "Taken",
           "align", "extract", "overlaps"]
