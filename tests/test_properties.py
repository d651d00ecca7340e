"""Property tests: every registered detector and reader on arbitrary, hostile text.

Detectors (iterating REGISTRY, so detectors added later are covered): no
exception, spans inside the text of the side they name, deterministic output,
and chunk-level gating (triggers, prefilter) equal to running ungated.
Readers (iterating READERS): arbitrary bytes give segments or an InputError,
never another exception; valid files give one segment per unit, in order.
"""

from __future__ import annotations

import csv
import io
import json
import string
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from mtqa.detectors import REGISTRY
from mtqa.engine import Engine
from mtqa.io import READERS, TWO_FILE, InputError, read_pair
from mtqa.types import CATEGORIES, SEVERITIES, SIDES, Segment

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

# Pieces that matter to French/English detectors, plus hostile ones.
WORDS = [
    "Mme", "M.", "Mr.", "Joly", "Québec", "Quebec", "a", "dit", "said", "the", "held", "next", "week",
    "demain", "tomorrow", "hier", "will", "not", "ne", "pas", "1 500", "1,500", "3,5 %", "3.5%", "19 h 30",
    "7:30 p.m.", "$", "€", "«", "»", "“", "”", "\"", "'", "’", "(", ")", "[", "]", ".", ". .", ",.", "...", "…",
    "?", "!", ":", ";", " ", "  ", "\u00a0", "\u202f", "\t", "-", "—", "<b>", "</b>", "{0}", "%s", "&amp;",
    "http://x.fr/a.b", "U.S.", "etc.", "the the", "very very very", "ÉTATS-UNIS",
]
HOSTILE = [
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202e", "\u200f", "\u200b", "\ufeff",
    "e\u0301", "\u0301", "\u0308\u0308", "😀", "👍🏽", "🇫🇷", "\x00", "\x07", "\x1b[31m", "\r\n", "\r", "\n",
    "\u2028", "\u0085", "\ufffd", "\U0010ffff", "ﬁ", "Ⅻ", "٣", "𝟙",
]

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=6),
)
texts = st.lists(piece, max_size=14).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))


def segment(source: str, target: str, i: int = 0, doc: str | None = None) -> Segment:
    return Segment(str(i), source, target, reference=None, doc=doc, place=f"t:{i}")


def assert_valid(findings, seg: Segment, code: str) -> None:
    for f in findings:
        assert f.code == code, f
        assert f.side in SIDES
        assert f.severity in SEVERITIES
        assert f.category in CATEGORIES
        assert isinstance(f.message, str) and f.message
        assert (f.start is None) == (f.end is None), f
        if f.start is not None:
            text = seg.source if f.side == "source" else seg.target
            assert 0 <= f.start <= f.end <= len(text), (f, len(text))
            assert isinstance(f.start, int) and isinstance(f.end, int)


def ungated(engine: Engine) -> Engine:
    engine._gates = {k: () for k in engine._gates}
    return engine


@pytest.mark.parametrize("code", sorted(REGISTRY))
@SETTINGS
@given(pairs=st.lists(st.tuples(texts, texts), min_size=1, max_size=6))
def test_detector_on_arbitrary_text(code, pairs):
    cls = REGISTRY[code]
    segs = [segment(s, t, i, doc="d") for i, (s, t) in enumerate(pairs)]
    first = Engine([cls])
    results = [first.findings(seg) for seg in segs]
    assert first.internal_errors == 0, [f.message for fs in results for f in fs if f.code == "X000"]
    for seg, fs in zip(segs, results):
        assert_valid(fs, seg, code)
    # Deterministic: a fresh engine gives the same findings.
    assert [Engine([cls]).findings(seg) for seg in segs[:1]] == results[:1]
    second = Engine([cls])
    assert [second.findings(seg) for seg in segs] == results
    # Chunk gating (triggers and prefilter over joined targets) loses nothing.
    assert Engine([cls]).findings_many(segs) == results
    plain = ungated(Engine([cls]))
    assert [plain.findings(seg) for seg in segs] == results


@SETTINGS
@given(pairs=st.lists(st.tuples(texts, texts), min_size=1, max_size=8))
def test_all_detectors_together(pairs):
    segs = [segment(s, t, i) for i, (s, t) in enumerate(pairs)]
    engine = Engine()
    out = engine.findings_many(segs)
    assert engine.internal_errors == 0
    assert len(out) == len(segs)
    for seg, fs in zip(segs, out):
        for f in fs:
            assert f.code in REGISTRY
            assert_valid([f], seg, f.code)


# ----------------------------------------------------------------- readers

READER_EXT = {"jsonl": ".jsonl", "tsv": ".tsv", "csv": ".csv", "xliff": ".xlf", "tmx": ".tmx", "po": ".po",
              "srt": ".srt", "documents": ".txt", "feed": ".rss"}


def call_reader(name: str, paths: list[str]):
    reader = READERS[name]
    kwargs = {"models": False} if name in ("documents", "feed") else {}
    if name in TWO_FILE:
        return list(reader(paths[0], paths[1], **kwargs))
    return list(reader(paths[0], **kwargs))


raw_bytes = st.one_of(
    st.binary(max_size=300),
    texts.map(lambda t: t.encode("utf-8")),
    st.lists(texts, max_size=5).map(lambda ts: "\n".join(ts).encode("utf-8", "surrogatepass")),
)


@pytest.mark.parametrize("name", sorted(READERS))
@SETTINGS
@given(data=raw_bytes, other=raw_bytes)
def test_reader_on_arbitrary_bytes(tmp_path_factory, name, data, other):
    folder = tmp_path_factory.mktemp("r")
    ext = READER_EXT.get(name, ".txt")
    paths = [str(folder / f"a{ext}"), str(folder / f"b{ext}")]
    with open(paths[0], "wb") as fh:
        fh.write(data)
    with open(paths[1], "wb") as fh:
        fh.write(other)
    try:
        segs = call_reader(name, paths)
    except InputError as exc:
        assert str(exc).startswith(exc.path) and exc.message
        return
    ids = [s.id for s in segs]
    assert len(ids) == len(set(ids))
    for s in segs:
        assert isinstance(s.source, str) and isinstance(s.target, str)
    again = call_reader(name, paths)
    assert again == segs


@SETTINGS
@given(lines=st.lists(st.tuples(texts, texts), min_size=1, max_size=10))
def test_pair_reader_one_segment_per_line(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("p")
    clean = [(s.replace("\n", " ").replace("\r", " ").replace("\u2028", " ").replace("\u0085", " "),
              t.replace("\n", " ").replace("\r", " ").replace("\u2028", " ").replace("\u0085", " "))
             for s, t in lines]
    (folder / "fr").write_bytes("".join(s + "\n" for s, _ in clean).encode("utf-8"))
    (folder / "en").write_bytes("".join(t + "\r\n" for _, t in clean).encode("utf-8"))
    segs = list(read_pair(str(folder / "fr"), str(folder / "en")))
    want = [(s.lstrip("\ufeff") if i == 0 else s, t) for i, (s, t) in enumerate(clean)]
    assert [(s.source, s.target) for s in segs] == want
    assert [s.id for s in segs] == [str(i + 1) for i in range(len(clean))]


# Valid files of each structured format: one segment per unit, in order.
xml_text = texts.map(lambda t: "".join(ch for ch in t if ch in "\t\n" or (0x20 <= ord(ch) < 0xD800)
                                       or 0xE000 <= ord(ch) < 0xFFFE or ord(ch) > 0xFFFF))
nonblank = st.text(alphabet=string.ascii_letters, min_size=1, max_size=5)


def write_jsonl(rows):
    return "".join(json.dumps({"id": i, "source": s, "target": t}, ensure_ascii=bool(k % 2)) + "\n"
                   for k, (i, s, t) in enumerate(rows))


def write_csv(rows, delimiter):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL,
                   lineterminator="\n", escapechar=None)
    w.writerow(["id", "source", "target"])
    for i, s, t in rows:
        w.writerow([i, s, t])
    return buf.getvalue()


def write_po(rows):
    import polib

    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for i, s, t in rows:
        po.append(polib.POEntry(msgctxt=i, msgid=s, msgstr=t))
    return str(po)


def write_xliff(rows):
    units = "".join(f"<trans-unit id={quoteattr(i)}><source>{escape(s)}</source><target>{escape(t)}</target>"
                    f"</trans-unit>" for i, s, t in rows)
    return ('<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            f'<file source-language="fr" target-language="en" datatype="plaintext" original="x"><body>{units}'
            "</body></file></xliff>")


def write_tmx(rows):
    tus = "".join(f'<tu tuid={quoteattr(i)}><tuv xml:lang="fr"><seg>{escape(s)}</seg></tuv>'
                  f'<tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>' for i, s, t in rows)
    return ('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="fr" datatype="plaintext" '
            f'segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/><body>{tus}'
            "</body></tmx>")


FORMATS = {
    "jsonl": (write_jsonl, texts, True),
    "csv": (lambda rows: write_csv(rows, ","), texts.map(lambda t: t.replace("\r", "")), False),
    "tsv": (lambda rows: write_csv(rows, "\t"),
            texts.map(lambda t: "".join(ch for ch in t if ch not in "\t\r\n\"\u2028\u0085")), False),
    "po": (write_po, xml_text.map(lambda t: t.replace("\r", "")).filter(bool), False),
    "xliff": (write_xliff, xml_text, False),
    "tmx": (write_tmx, xml_text, False),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
@SETTINGS
@given(data=st.data())
def test_valid_files_give_one_segment_per_unit(tmp_path_factory, name, data):
    if name not in READERS:
        pytest.skip(f"no {name} reader registered")
    write, text_strategy, exact = FORMATS[name]
    n = data.draw(st.integers(min_value=1, max_value=6))
    rows = [(f"u{k}", data.draw(text_strategy), data.draw(text_strategy) + data.draw(nonblank)) for k in range(n)]
    assume(all(s.strip() for _, s, _ in rows) or name not in ("po",))
    folder = tmp_path_factory.mktemp("v")
    path = folder / f"in{READER_EXT[name]}"
    path.write_bytes(write(rows).encode("utf-8"))
    segs = call_reader(name, [str(path)])
    assert [s.id for s in segs] == [k for k, _, _ in rows]
    if exact:
        assert [(s.source, s.target) for s in segs] == [(s, t) for _, s, t in rows]
