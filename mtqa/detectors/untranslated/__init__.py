"""French left untranslated: whole segments, words and phrases, French titles.

Evidence is combined from three sources: the English and French wordfreq
lexicons (a word French uses and English does not), the source segment (MT
leftovers are copied from it) and span-level language identification (lingua,
English vs French, see `mtqa.langid`). Names copied from the source ("Le
Devoir", "Québec solidaire", "Cirque du Soleil") and French loanwords English
uses ("de facto", "coup d'état") are never reported.

The package: `lexicon` (word lists and the cheap pre-checks of the loanword
and title patterns), `analysis` (`analyse`: what in a target is still French),
`detectors` (U201, U202, U203).
"""

from .analysis import Analysis, Span, analyse
from .detectors import DETECTORS, FrenchTitle, UntranslatedSegment, UntranslatedWords

__all__ = ["DETECTORS", "Analysis", "FrenchTitle", "Span", "UntranslatedSegment", "UntranslatedWords", "analyse"]
