"""The English abbreviation list, loaded once in mtqa.text.english, as each reader sees it."""

from __future__ import annotations

from mtqa.segmentation.sentences import split_sentences
from mtqa.text.english import abbreviation_stems, abbreviations, is_abbreviation


def test_one_list_three_views():
    assert "Calif." in abbreviations()
    assert "Calif" in abbreviation_stems() and "Calif." not in abbreviation_stems()
    assert "calif" in abbreviation_stems(lower=True) and "Calif" not in abbreviation_stems(lower=True)
    assert abbreviation_stems() == {a[:-1] if a.endswith(".") else a for a in abbreviations()}


def test_listed_and_dotted_abbreviations():
    assert is_abbreviation("Calif.") and is_abbreviation("(Mr.") and is_abbreviation("R-Calif.")
    assert is_abbreviation("U.S.")  # by pattern, not listed
    assert not is_abbreviation("Calif") and not is_abbreviation("house.")


def test_the_splitter_reads_the_same_list():
    # "Calif." is only in the data file (not among the splitter's own titles)
    text = "He lives in Sacramento, Calif. Smith said so. Then he left."
    assert [s.text for s in split_sentences(text, "en")] == [
        "He lives in Sacramento, Calif. Smith said so.", "Then he left."]
