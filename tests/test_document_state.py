"""Document state stays bounded: one huge document (a file without document
ids) must not make memory grow with its length."""

from __future__ import annotations

from mtqa.detectors import _memo
from mtqa.detectors._memo import Recent
from mtqa.engine import Engine, select_detectors
from mtqa.types import Segment


def test_recent_forgets_least_recently_used():
    r = Recent(3)
    for k in "abc":
        r[k] = k.upper()
    assert r.get("a") == "A"  # "a" is now the most recent
    r["d"] = "D"
    assert list(r) == ["c", "a", "d"] and "b" not in r
    assert r.get("b") is None and len(r) == 3


def _engine(code):
    return Engine(select_detectors([code]))


def _repeat_pair(n):
    src = f"Le ministre a répondu aux questions des députés numéro {n}."
    return src, f"The minister answered the questions of MPs number {n}."


def test_inconsistent_repeat_window(monkeypatch):
    monkeypatch.setattr(_memo, "DOCUMENT_KEYS", 10)
    engine = _engine("K101")
    src, tgt = _repeat_pair(0)
    segs = [Segment("0", src, tgt)]
    # Near repeat (within the window): reported.
    segs += [Segment(str(i), *_repeat_pair(i)) for i in range(1, 5)]
    segs.append(Segment("near", src, "The minister replied to the MPs' questions number 0."))
    found = engine.findings_many(segs)
    assert [f.code for f in found[-1]] == ["K101"]
    # Past the window of distinct sentences, the first rendering is forgotten
    # (the repeat is compared with the latest one instead) and memory is capped.
    detector = engine.detectors[0]
    more = [Segment(str(i), *_repeat_pair(i)) for i in range(5, 40)]
    engine.findings_many(more)
    assert len(detector.seen) == 10
    far = engine.findings_many([Segment("far", src, "A third rendering of sentence number 0, answered by the minister.")])
    assert far == [()]


def test_name_variants_window(monkeypatch):
    monkeypatch.setattr(_memo, "DOCUMENT_KEYS", 10)  # 3 keys a name: whole, first, last
    engine = _engine("S102")
    segs = [Segment("0", "Mélanie Joly a parlé.", "Mélanie Joly spoke.")]
    segs += [Segment(str(i), f"Jean Tremblay{i}x a parlé.", f"Jean Tremblay{i}x spoke.") for i in range(1, 3)]
    segs.append(Segment("near", "Mélanie Joly a ajouté.", "Melanie Joly added."))
    assert [f.code for f in engine.findings_many(segs)[-1]] == ["S102"]
    detector = engine.detectors[0]
    engine.findings_many([Segment(str(i), f"Paul Gagnon{i}x a parlé.", f"Paul Gagnon{i}x spoke.") for i in range(50)])
    assert len(detector._seen) == 10
    assert engine.findings_many([Segment("far", "Mélanie Joly a conclu.", "Mélanie Joly concluded.")]) == [()]
