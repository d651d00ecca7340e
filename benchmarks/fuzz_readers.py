"""Bounded fuzzing of every reader: bad input must end in InputError, never a crash.

    python benchmarks/fuzz_readers.py [--seconds 60] [--readers jsonl,po] [--seed 0]

For each registered reader (and the line-aligned pair reader) hypothesis
generates files for a fixed time: random bytes, mutations of valid files of
the reader's own format (truncation, byte flips, spliced-in hostile
fragments: NUL, lone surrogates' bytes, BOMs, CR, XML entities and DOCTYPEs,
deep nesting, huge numbers, duplicate ids) and hostile text in valid
structure. A run passes when every input either yields segments (str
source/target, unique ids, same result when read again) or raises InputError
naming the file; anything else is a finding. Findings are printed with the
input that caused them (shrunk by hypothesis) so that they can be kept as
regression tests in tests/test_fuzz_regressions.py.

Prints, per reader: cases tried, time spent, findings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from mtqa.io import READERS, TWO_FILE, InputError, read_pair  # noqa: E402

SEEDS: dict[str, list[bytes]] = {
    "jsonl": [b'{"id": "1", "source": "Bonjour.", "target": "Hello."}\n{"src": "Oui", "mt": "Yes", "doc": "d"}\n'],
    "tsv": [b"id\tsource\ttarget\n1\tBonjour.\tHello.\n2\tOui\tYes\n", b"Bonjour.\tHello.\n"],
    "csv": [b'id,source,target\n1,"Bonjour, toi.","Hello, you."\n2,Oui,Yes\n'],
    "po": [b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n#: a.c:1\nmsgid "Bonjour"\n'
           b'msgstr "Hello"\n\nmsgctxt "x"\nmsgid "Un"\nmsgid_plural "Des"\nmsgstr[0] "One"\nmsgstr[1] "Some"\n'],
    "xliff": [b'<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
              b'source-language="fr" target-language="en" datatype="plaintext" original="f"><body><trans-unit id="1">'
              b'<source>Bonjour <g id="b">toi</g></source><target>Hello <g id="b">you</g></target></trans-unit>'
              b'</body></file></xliff>',
              b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en"><file '
              b'id="f"><unit id="u"><segment><source>Oui</source><target>Yes</target></segment></unit></file></xliff>'],
    "tmx": [b'<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" '
            b'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/><body><tu tuid="1"><tuv '
            b'xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>'],
    "srt": [b"1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:02,500 --> 00:00:04,000\nOui.\n"],
    "documents": [b"# Titre\n\nPremier paragraphe. Deuxieme phrase.\n\nFin.\n"],
    "feed": [b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Un</title>'
             b'<description>Bonjour.</description><guid>1</guid></item></channel></rss>'],
    "pair": [b"Bonjour.\nOui.\n"],
}
SECOND: dict[str, list[bytes]] = {
    "srt": [b"1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,500 --> 00:00:04,000\nYes.\n"],
    "documents": [b"# Title\n\nFirst paragraph. Second sentence.\n\nEnd.\n"],
    "feed": [b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title>'
             b'<description>Hello.</description><guid>1</guid></item></channel></rss>'],
    "pair": [b"Hello.\nYes.\n"],
}
EXT = {"jsonl": ".jsonl", "tsv": ".tsv", "csv": ".csv", "xliff": ".xlf", "tmx": ".tmx", "po": ".po",
       "srt": ".srt", "documents": ".txt", "feed": ".rss", "pair": ".txt"}
FRAGMENTS = [
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\n\n\n", b"\t", b'"', b"'",
    b"\\", b"\\u0000", b"\\ud800", b"{", b"}", b"[", b"]", b",", b":", b"<", b">", b"&", b"&amp;", b"&#0;",
    b"&#x110000;", b"&bomb;", b"<![CDATA[x]]>", b"<!-- c -->", b"<?pi x?>",
    b'<!DOCTYPE x [<!ENTITY bomb "aaaaaaaaaa">]>', b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    b'<!ENTITY % p SYSTEM "http://example.invalid/x">', b"<a>" * 50, b"</a>" * 50, b"msgid", b'msgstr[9] "x"',
    b'msgctxt "x"', b"#~ ", b"#, fuzzy", b"-->", b"00:00:00,000 --> 99:99:99,999", b"1e999999", b"-0",
    b"9" * 400, b'"id": 1', b'"id": true', b'"source": null', b"\xe2\x80\xa8", b"\xc2\x85", b"\xf0\x9f\x98\x80",
    b"\xd7\xa9\xd7\x9c", b"e\xcc\x81", b"=cmd|' /C calc'!A0", b"@SUM(1)",
]


def call(name: str, paths: list[str]):
    if name == "pair":
        return list(read_pair(paths[0], paths[1]))
    reader = READERS[name]
    kwargs = {"models": False} if name in ("documents", "feed") else {}
    if name in TWO_FILE:
        return list(reader(paths[0], paths[1], **kwargs))
    return list(reader(paths[0], **kwargs))


def mutated(seeds: list[bytes]):
    seed = st.sampled_from(seeds or [b""])

    @st.composite
    def mutate(draw):
        data = bytearray(draw(seed))
        for _ in range(draw(st.integers(0, 6))):
            op = draw(st.sampled_from(["insert", "delete", "flip", "truncate", "duplicate"]))
            pos = draw(st.integers(0, len(data)))
            if op == "insert":
                data[pos:pos] = draw(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=8)))
            elif op == "delete":
                del data[pos:pos + draw(st.integers(1, 8))]
            elif op == "flip" and pos < len(data):
                data[pos] = draw(st.integers(0, 255))
            elif op == "truncate":
                del data[pos:]
            elif op == "duplicate":
                data[pos:pos] = data[max(0, pos - 40):pos]
        return bytes(data)

    return mutate()


def fuzz(name: str, seconds: float, folder: str, seed: int) -> tuple[int, float, list[str]]:
    findings: list[str] = []
    cases = 0
    first = os.path.join(folder, f"in{EXT.get(name, '.txt')}")
    second = os.path.join(folder, f"in2{EXT.get(name, '.txt')}")
    strategy = st.one_of(st.binary(max_size=400), mutated(SEEDS.get(name, [])))
    other = st.one_of(st.sampled_from(SECOND.get(name, [b""])), mutated(SECOND.get(name, [])))
    deadline = time.monotonic() + seconds

    # Small batches, repeated until the deadline: hypothesis itself runs a
    # batch to the end, and each batch draws fresh random cases.
    @settings(max_examples=100, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(data=strategy, data2=other)
    def target(data: bytes, data2: bytes) -> None:
        nonlocal cases
        cases += 1
        with open(first, "wb") as fh:
            fh.write(data)
        with open(second, "wb") as fh:
            fh.write(data2)
        try:
            segs = call(name, [first, second])
        except InputError as exc:
            if not str(exc).startswith(exc.path):
                raise AssertionError(f"InputError does not name the file: {exc}") from None
            return
        ids = [s.id for s in segs]
        if len(ids) != len(set(ids)):
            raise AssertionError(f"duplicate ids {ids}")
        for s in segs:
            if not isinstance(s.source, str) or not isinstance(s.target, str):
                raise AssertionError(f"non-str text in {s!r}")
        if call(name, [first, second]) != segs:
            raise AssertionError("reading twice gave different segments")

    t0 = time.monotonic()
    while time.monotonic() < deadline:
        try:
            target()
        except Exception as exc:  # noqa: BLE001 - a finding, report it and go on
            findings.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
            if len(findings) >= 5:
                break
    return cases, time.monotonic() - t0, findings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="per reader")
    ap.add_argument("--readers", default="", help="comma-separated; default all, plus 'pair'")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    names = [r for r in args.readers.split(",") if r] or sorted(READERS) + ["pair"]
    total_cases, total_time, total_findings = 0, 0.0, 0
    print(f"{'reader':<10} {'cases':>8} {'seconds':>8} findings", flush=True)
    with tempfile.TemporaryDirectory(prefix="mtqa-fuzz-") as tmp:
        for name in names:
            cases, spent, findings = fuzz(name, args.seconds, tmp, args.seed)
            total_cases += cases
            total_time += spent
            total_findings += len(findings)
            print(f"{name:<10} {cases:>8} {spent:>8.0f} {len(findings)}", flush=True)
            for f in findings:
                print("    " + f.replace("\n", "\n    "), flush=True)
    print(f"total: {total_cases} cases in {total_time:.0f}s, {total_findings} findings", flush=True)
    return 1 if total_findings else 0


if __name__ == "__main__":
    sys.exit(main())
