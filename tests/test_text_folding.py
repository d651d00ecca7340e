"""The four folding functions of mtqa.text.folding: what each keeps, and where they differ."""

from __future__ import annotations

from hypothesis import given, strategies as st

from mtqa.text.folding import fold_aligned, fold_aligned_keep_case, fold_lower, fold_name


def test_fold_lower_drops_case_accents_and_splits_ligatures():
    assert fold_lower("L’Été à Montréal") == "l'ete a montreal"
    assert fold_lower("ﬁnale") == "finale"  # compatibility decomposition: the length changes
    assert fold_lower("Jean-François") == "jean-francois"  # hyphens kept


def test_fold_name_joins_hyphens_and_space_runs():
    assert fold_name("Jean-François  Lisée") == "jean francois lisee"
    assert fold_name("Jean Francois Lisee") == fold_name("Jean-François Lisée")
    # The trap: fold_lower keeps the hyphen, so the two keys differ.
    assert fold_lower("Jean-François") != fold_name("Jean-François")


def test_fold_aligned_keeps_offsets():
    text = "Pékin, l’ﬁnale\u202fÉté-Noël"
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    assert folded == "pekin, l'ﬁnale ete-noel"
    # The trap: fold_lower splits the ligature and so shifts every later offset.
    assert len(fold_lower(text)) != len(text)


def test_fold_aligned_keep_case_keeps_capitals_and_spaces_hyphens():
    assert fold_aligned_keep_case("Ça-va Éric") == "Ca va Eric"
    assert fold_aligned_keep_case("Saint-Jean") == "Saint Jean"
    # The trap: fold_aligned lowercases and keeps the hyphen.
    assert fold_aligned("Saint-Jean") == "saint-jean"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_aligned_folds_are_one_character_for_one(text):
    keep = fold_aligned_keep_case(text)
    assert len(keep) == len(text)
    # fold_aligned is the same translation lowercased, apart from the hyphen
    assert fold_aligned(text).replace("-", " ") == keep.lower()


@given(st.text(alphabet="aAeéÉèçÇ’'- \u00a0xY", max_size=30))
def test_ascii_shortcuts_agree_with_the_general_path(text):
    # Each function has an ASCII fast path; on ASCII text with the same letters
    # it must give what the general path gives.
    plain = text.replace("é", "e").replace("É", "E").replace("è", "e").replace("ç", "c").replace("Ç", "C")
    plain = plain.replace("’", "'").replace("\u00a0", " ")
    assert fold_lower(text) == fold_lower(plain)
    assert fold_name(text) == fold_name(plain)
    assert fold_aligned(text) == fold_aligned(plain)
    assert fold_aligned_keep_case(text) == fold_aligned_keep_case(plain)
