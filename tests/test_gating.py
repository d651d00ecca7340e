"""Chunk gate scans (mtqa/gating.py): the case-insensitive gates' lowercase twins let through every text the gates do."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mtqa.engine import Engine
from mtqa.gating import CASE_UNSAFE, Joined, literals, lowercase_gate, scan_literals

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

# Words the registered case-insensitive gates look for, in several cases, with
# the characters where lowercasing and IGNORECASE part ways.
PIECES = [
    "not", "NOT", "Not", "no", "No-one", "n't", "N’T", "cannot", "rien", "RIEN", "Personne", "aucun", "JAMAIS",
    "nul", "malgré", "MALGRÉ", "Selon", "d'ici", "D’ICI", "lors de", "LORS  D'", "après", "Avant", "dans",
    "@", "://", "www.", "WWW.", "Www.", "ſ", "ı", "İ", "K", "Σ", "µ", "ß", "é", "É", " ", "-", "'", "’", "\n",
    "a", "b", "x", ".", "1",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=2)), max_size=12).map("".join)


def _registered_gates():
    engine = Engine()
    out = []
    for det in engine.detectors:
        pats = list(engine._gates[id(det)]) + [g for _, g in engine._side_gates[id(det)]]
        out += [(det.code, p) for p in pats if p.flags & re.IGNORECASE]
    return out


GATES = _registered_gates()


def test_there_are_case_insensitive_gates_with_twins():
    assert GATES, "no IGNORECASE gate left: this file tests nothing"
    assert any(lowercase_gate(p) is not None for _, p in GATES)


@SETTINGS
@given(texts)
def test_twins_agree_with_their_gates(text):
    unsafe = any(ch in CASE_UNSAFE for ch in text)
    for code, gate in GATES:
        twin = lowercase_gate(gate)
        if twin is None:
            continue
        found = gate.search(text) is not None
        if unsafe:
            continue  # counted as a hit without a scan (see Joined.scan)
        assert found == (twin.search(text.lower()) is not None), (code, text)


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=8))
def test_joined_scan_lets_through_every_text_a_search_finds(chunk):
    joined = Joined(chunk)
    for code, gate in GATES + [("plain", re.compile(r"\bno\b")), ("class", re.compile("[@#]"))]:
        hits = joined.scan(gate)
        for i, text in enumerate(chunk):
            if gate.search(text):
                assert i in hits, (code, text)


@pytest.mark.parametrize("pattern, flags, has_twin", [
    (r"rien|personne", re.I, True),
    (r"(?<![\w'’-])(?:not|never)(?![\w'’-])", re.I, True),
    (r"[a-z]+ing", re.I, True),
    (r"rien|personne", 0, False),            # case-sensitive already
    (r"Rien", re.I, False),                  # an uppercase literal
    (r"[!-a]x", re.I, False),                # re.I tests B's capital against the range
    (r"[à-ÿ]", re.I, False),                 # a range outside ASCII
    (r"s(?-i:x)", re.I, False),              # scoped flags
    (r"(a)\1", re.I, False),                 # a back reference
    (r"stra\u00dfe", re.I, False),           # ß uppercases to SS
])
def test_which_patterns_get_a_twin(pattern, flags, has_twin):
    assert (lowercase_gate(re.compile(pattern, flags)) is not None) == has_twin


@pytest.mark.skipif(sys.version_info < (3, 11), reason="re._casefix is Python 3.11's")
def test_case_unsafe_is_what_this_python_says():
    import re._casefix as casefix

    members = {chr(k) for k in casefix._EXTRA_CASES} | {chr(v) for vs in casefix._EXTRA_CASES.values() for v in vs}
    members = {m for m in members if ord(m) > 127}
    derived = {chr(i) for i in range(128, sys.maxunicode + 1)
               if chr(i).lower() in members or len(chr(i).lower()) != 1}
    assert derived == set(CASE_UNSAFE)


def _all_gates():
    engine = Engine()
    return [(det.code, p) for det in engine.detectors
            for p in list(engine._gates[id(det)]) + [g for _, g in engine._side_gates[id(det)]]]


ALL_GATES = _all_gates()


def test_some_gates_are_scanned_as_fixed_strings():
    spelt = [code for code, p in ALL_GATES if literals(p) is not None]
    assert len(spelt) >= 5, spelt  # the fast path is in use, not dead code


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=8))
def test_fixed_string_scans_equal_regex_scans(chunk):
    joined = Joined(chunk)
    for code, gate in ALL_GATES:
        strings = literals(gate)
        if strings is None:
            continue
        expected = {i for i, t in enumerate(chunk) if gate.search(t)}
        assert scan_literals(strings, joined.joined, joined.starts) == expected, (code, strings, chunk)


@pytest.mark.parametrize("pattern, expected", [
    ("[@#]", ("@", "#")),
    ("rien|personne|nul", ("nul", "rien", "personne")),
    ("no|not|nothing", ("no",)),                      # a text holding "not" holds "no"
    (r"@|://|www\.", ("@", "://", "www.")),
    (r"[.]", (".",)),
    ("[a-h][x-z]", None),                             # longer strings cost more than the scan saves
    ("[a-c]x", ("ax", "bx", "cx")),
    ("a+", None),                                     # unbounded
    (r"\d,\d", None),                                 # a category
    (r"(?<!\w)no", None),                             # an assertion
    ("a|\n", None),                                   # could match across joined texts
    ("a|", None),                                     # matches everywhere
    ("(?i)abc", None),                                # case-insensitive: its twin is spelt instead
])
def test_literals(pattern, expected):
    assert literals(re.compile(pattern)) == expected


def test_a_chunk_scans_each_pattern_once():
    joined = Joined(["a@b", "c", "#"])
    gate = re.compile("[@#]")
    assert joined.scan(gate) == {0, 2}
    assert joined.scan(gate) is joined.scan(gate)


def test_spelling_out_stops_at_the_bound():
    assert literals(re.compile("[a-zA-Z]{4}")) is None  # 7 million strings never built
