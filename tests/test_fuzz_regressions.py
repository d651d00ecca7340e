"""Hostile inputs from benchmarks/fuzz_readers.py, kept as regressions.

The bounded fuzz runs so far (8,300 cases over every reader) found no crash;
these are the hostile families it mutates with, pinned so that a reader
change cannot regress them: each must end in an InputError naming the file
(the CLI turns that into one line and exit 2), or read cleanly.
"""

import pytest

from mtqa.io import READERS, TWO_FILE, InputError, read_pair

BOMB = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'

CASES = {
    "xliff": [
        BOMB + b'<xliff version="1.2"><file><body><trans-unit id="1"><source>&d;</source><target>x</target>'
               b"</trans-unit></body></file></xliff>",
        EXTERNAL + b'<xliff version="1.2"><file><body><trans-unit id="1"><source>&e;</source><target>x</target>'
                   b"</trans-unit></body></file></xliff>",
        b'<xliff version="1.2"><file><body><trans-unit id="1"><source>a\x00b</source>',
        b"<xliff" + b"<a>" * 5000,
    ],
    "tmx": [
        BOMB + b'<tmx version="1.4"><body><tu><tuv xml:lang="fr"><seg>&d;</seg></tuv></tu></body></tmx>',
        EXTERNAL + b'<tmx version="1.4"><body><tu><tuv xml:lang="fr"><seg>&e;</seg></tuv></tu></body></tmx>',
        b'<tmx version="1.4"><body><tu><tuv xml:lang="fr"><seg>\xff</seg>',
    ],
    "feed": [BOMB + b"<rss><channel><item><title>&d;</title></item></channel></rss>",
             EXTERNAL + b"<rss><channel><item><title>&e;</title></item></channel></rss>"],
    "jsonl": [b'{"source": "a", "target": "b"}\n{"source": "\\ud800", "target": 1}\n', b"\x00\n", b"[1,2]\n",
              b'{"source": "a", "target": "b", "id": true}\n', b'{"source": "a", "target": "b"}\n\xc3\n',
              b'{"source": "a", "target": "b", "id": "1"}\n{"source": "a", "target": "b", "id": "1"}\n',
              b"1e999999\n"],
    "po": [b'msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', b'msgid "\xff"\nmsgstr "b"\n', b'msgstr[9] "x"\n',
           b'msgid "a\nmsgstr "b"\n'],
    "csv": [b'source,target\n"a,b\n', b"source,target\na\n", b"\xef\xbb\xbfsource,source\na,b\n"],
    "tsv": [b"source\ttarget\na\tb\tc\td\n", b"a\tb\n\xfe\n"],
    "srt": [b"1\n00:00:00,000 --> 99:99:99,999\nx\n", b"\x00\x00\x00"],
}


def _paths(tmp_path, name, data):
    first = tmp_path / f"in.{name}"
    first.write_bytes(data)
    second = tmp_path / f"in2.{name}"
    second.write_bytes(data)
    return str(first), str(second)


@pytest.mark.parametrize("name, data", [(n, d) for n, ds in CASES.items() for d in ds])
def test_hostile_input_is_refused_or_read(tmp_path, name, data):
    if name not in READERS:
        pytest.skip(f"no {name} reader")
    first, second = _paths(tmp_path, name, data)
    reader = READERS[name]
    kwargs = {"models": False} if name in ("feed", "documents") else {}
    try:
        segs = list(reader(first, second, **kwargs) if name in TWO_FILE else reader(first, **kwargs))
    except InputError as exc:
        assert str(exc).startswith(first) or str(exc).startswith(second)
        return
    # Read cleanly: entities were not expanded, nothing outside the file was read.
    for s in segs:
        assert "root:" not in s.source + s.target
        assert "aaaaaaaaaa" * 10 not in s.source + s.target


@pytest.mark.parametrize("name", ["xliff", "tmx", "feed"])
def test_xml_bombs_and_external_entities_are_refused(tmp_path, name):
    if name not in READERS:
        pytest.skip(f"no {name} reader")
    for data in CASES[name][:2]:
        first, second = _paths(tmp_path, name, data)
        reader = READERS[name]
        with pytest.raises(InputError):
            list(reader(first, second, models=False) if name in TWO_FILE else reader(first))


def test_pair_reader_lone_cr_and_nul(tmp_path):
    src, tgt = tmp_path / "fr", tmp_path / "en"
    src.write_bytes(b"a\rb\nc\x00d\r\n")
    tgt.write_bytes(b"x\ny\n")
    segs = list(read_pair(str(src), str(tgt)))
    assert [(s.source, s.target) for s in segs] == [("a\rb", "x"), ("c\x00d", "y")]
