"""Names and entities: people, places, institutions and acronyms carried from source to target.

Known French → English renderings (États-Unis → United States / U.S., Pékin →
Beijing, OTAN → NATO, …) are data in `mtqa/data/fr_en_entities.tsv`. Other
capitalised names in the source (people, companies, small places) are expected
in the target as they are, up to accents, case and the usual transliteration
differences ("Moubarak" / "Mubarak"). A name the target spells differently is
*altered*; a name it lacks is *missing*; a known place or institution in the
target that the source never names (nor any word derived from it) is *added*.

The package, each module importing only those above it: `transliteration`
(keys under which spellings of a foreign name agree; accent and case
folding is `mtqa.text.folding`), `lexicon` (the entity table and word lists),
`extraction` (the source's names), `alignment` (finding them in the target),
and `detectors` (N201, N202, N203).
"""

from .alignment import analyse
from .detectors import DETECTORS, NameAdded, NameAltered, NameMissing
from .extraction import SENT_START, source_side, starts_sentence
from .transliteration import translit
from .lexicon import Entity, entities

__all__ = ["DETECTORS", "SENT_START", "Entity", "NameAdded", "NameAltered", "NameMissing", "analyse", "entities",
           "source_side", "starts_sentence", "translit"]
