"""Source and either-side gates (`source_prefilter`, `either_prefilter`) lose nothing.

tests/test_properties.py checks the target gates against running ungated;
this does the same with every gate off, for the detectors that have a source
or either-side gate, on arbitrary text and on words that matter to them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mtqa.detectors import REGISTRY
from mtqa.engine import Engine
from mtqa.types import Segment

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


def segment(source: str, target: str, i: int = 0, doc: str | None = None) -> Segment:
    return Segment(str(i), source, target, doc=doc)

SIDE_GATED = sorted(code for code, cls in REGISTRY.items()
                    if cls.source_prefilter is not None or cls.either_prefilter is not None)

# Words the gated detectors look for, so that hypothesis reaches their findings.
WORDS = ["rien", "Personne", "aucun", "jamais", "nul", "everything", "everyone", "all", "always", "n'a", "été",
         "décidé", "was", "decided", ",", " qui ", " selon ", "malgré", "dans", "le", "ministre", "Paris",
         "mardi", "the", "minister", "met", "{0}", "%s", "$var", "<b>", "</b>", "@handle", "#tag",
         "info@exemple.ca", "www.site.ca", "https://a.b/c"]
meaningful = st.lists(st.sampled_from(WORDS), max_size=16).map(" ".join)


def test_side_gated_detectors_exist():
    assert {"A103", "A501", "A502", "M101", "M102", "M103", "M104"} <= set(SIDE_GATED)


def ungated(engine: Engine) -> Engine:
    engine._gates = {k: () for k in engine._gates}
    engine._side_gates = {k: () for k in engine._side_gates}
    return engine


@pytest.mark.parametrize("code", SIDE_GATED)
@SETTINGS
@given(pairs=st.lists(st.tuples(st.one_of(texts, meaningful), st.one_of(texts, meaningful)), min_size=1, max_size=6))
def test_side_gates_lose_nothing(code, pairs):
    cls = REGISTRY[code]
    segs = [segment(s, t, i, doc="d") for i, (s, t) in enumerate(pairs)]
    plain = ungated(Engine([cls]))
    expected = [plain.findings(seg) for seg in segs]
    assert Engine([cls]).findings_many(segs) == expected
    one = Engine([cls])
    assert [one.findings(seg) for seg in segs] == expected


@pytest.mark.parametrize("code", SIDE_GATED)
def test_examples_pass_their_gates(code):
    """Each example a detector documents (and finds) passes its gates."""
    cls = REGISTRY[code]
    for source, target in cls.examples:
        seg = segment(source, target)
        found = ungated(Engine([cls])).findings(seg)
        if found:
            assert Engine([cls]).findings(seg) == found, (source, target)
