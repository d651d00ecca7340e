"""`mtqa fix`: conflict resolution, verification, idempotence, the seed, every format."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.io.open import open_segments
from mtqa.detectors import REGISTRY
from mtqa.detectors.base import Detector
from mtqa.engine import Engine
from mtqa.fix import PLACEHOLDER_RE, Edit, Fixer, FixPolicy, apply_edits, choose, conflicts, map_offset, unmap_offset
from mtqa.types import Finding, Segment

ROOT = Path(__file__).resolve().parent.parent
SEED_REL = "corpora/lapresse-canada-japan"
GOLDEN = Path(__file__).parent / "golden" / "seed-fix.diff"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def codes_of(segments) -> Counter:
    engine = Engine()
    return Counter(f.code for seg in segments for f in engine.findings(seg))


def edit(start, end, repl, code="P101"):
    f = Finding(code, REGISTRY[code].name, "fluency/punctuation", "minor", "target", start, end, "m", repl)
    return Edit(start, end, repl, f)


# ---------------------------------------------------------------- edits


def test_conflicts_overlap_touch_and_insertions():
    assert conflicts((0, 3), (2, 5))
    assert not conflicts((0, 3), (3, 5))  # adjacent replacements do not fight
    assert conflicts((3, 3), (3, 5))  # an insertion touching a replacement does
    assert conflicts((3, 3), (3, 3))
    assert not conflicts((1, 1), (3, 5))


def test_choose_earliest_then_longest_then_code_order():
    a = edit(0, 5, "x", "U101")
    b = edit(0, 3, "y", "P101")  # same start, shorter: loses to a
    c = edit(4, 8, "z", "P101")  # overlaps a: skipped
    d = edit(8, 9, "w", "P101")  # adjacent to c's end, after a: kept
    assert choose([d, c, b, a]) == [a, d]
    e = edit(10, 12, "p", "P101")
    f = edit(10, 12, "q", "U101")  # same span: code order (P before U)
    assert choose([f, e]) == [e]


spans = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 6), st.sampled_from(["", ".", "Ms.", "ab"]),
              st.sampled_from(["P101", "P102", "U101"])),
    max_size=12,
)


@given(spans, st.randoms())
@settings(max_examples=150, deadline=None)
def test_choose_is_deterministic_and_conflict_free(raw, rnd):
    edits = [edit(s, s + n, r, c) for s, n, r, c in raw]
    chosen = choose(edits)
    shuffled = list(edits)
    rnd.shuffle(shuffled)
    assert choose(shuffled) == chosen
    for i, a in enumerate(chosen):
        for b in chosen[i + 1:]:
            assert not conflicts((a.start, a.end), (b.start, b.end))
    # every skipped edit conflicts with a chosen one
    for e in set(edits) - set(chosen):
        assert any(conflicts((e.start, e.end), (c.start, c.end)) for c in chosen)


@given(st.text(alphabet="ab. ", min_size=0, max_size=30), spans)
@settings(max_examples=150, deadline=None)
def test_offsets_map_through_edits(text, raw):
    edits = choose(edit(s, s + n, r, c) for s, n, r, c in raw if s + n <= len(text))
    new = apply_edits(text, edits)
    # text outside every edit keeps its characters at mapped offsets, and maps back
    for pos in range(len(text)):
        if any(e.start <= pos < e.end or e.start == e.end == pos for e in edits):
            continue
        mapped = map_offset(edits, pos)
        assert new[mapped] == text[pos]
        assert unmap_offset(edits, mapped) == pos


# ---------------------------------------------------------------- fake detectors for the verifier


class _Colour(Detector):
    """Test detector: 'colour' becomes 'color, ,' (a bad suggestion that makes P101 fire)."""

    code = "Z901"
    name = "test-colour"
    category = "fluency/spelling"
    severity = "minor"
    fix = "safe"

    def detect(self, segment, ctx):
        i = segment.target.find("colour")
        if i >= 0:
            yield self.finding(i, i + 6, "British spelling", "color, ,")


class _Phrase(Detector):
    """Test detector: 'big cat' → 'lion' (overlaps _Word's span)."""

    code = "Z902"
    name = "test-phrase"
    category = "style/awkward"
    severity = "minor"
    fix = "safe"

    def detect(self, segment, ctx):
        i = segment.target.find("big cat")
        if i >= 0:
            yield self.finding(i, i + 7, "phrase", "lion")


class _Word(Detector):
    """Test detector: 'cat' → 'feline'."""

    code = "Z903"
    name = "test-word"
    category = "style/awkward"
    severity = "minor"
    fix = "safe"

    def detect(self, segment, ctx):
        i = segment.target.find("cat")
        if i >= 0:
            yield self.finding(i, i + 3, "word", "feline")


class _DocStyle(Detector):
    """Test detector (document state): 'Zed' anywhere after a 'Zee' is flagged, no suggestion."""

    code = "Z904"
    name = "test-doc-style"
    category = "fluency/inconsistency"
    severity = "minor"
    fix = "none"

    def __init__(self, **options):
        super().__init__(**options)
        self.reset()

    def reset(self):
        self.seen = False

    def detect(self, segment, ctx):
        if self.seen and "Zed" in segment.target:
            i = segment.target.find("Zed")
            yield self.finding(i, i + 3, "Zed after Zee")
        if "Zee" in segment.target:
            self.seen = True


class _ToZee(Detector):
    """Test detector: 'Zoo' → 'Zee' (safe, but makes _DocStyle fire on a later segment)."""

    code = "Z905"
    name = "test-to-zee"
    category = "fluency/spelling"
    severity = "minor"
    fix = "safe"

    def detect(self, segment, ctx):
        i = segment.target.find("Zoo")
        if i >= 0:
            yield self.finding(i, i + 3, "Zoo", "Zee")


@pytest.fixture
def fakes():
    """The registered rules and the fake ones, ranked by code: the fixer's rule set."""
    rules = {**REGISTRY, **{cls.code: cls for cls in (_Colour, _Phrase, _Word, _DocStyle, _ToZee)}}
    return dict(sorted(rules.items()))


def test_a_fix_that_raises_a_new_finding_is_reverted_and_reported(fakes):
    seg = Segment("1", "La couleur est belle.", "The colour is nice.")
    out = Fixer(rules=fakes).run([seg]).segments[0]
    assert out.fixed == seg.target
    assert [r.code for r in out.rejected] == ["Z901"]
    assert "P101" in out.rejected[0].reason
    assert any(f.code == "Z901" for f in out.remaining)


def test_overlapping_fixes_resolve_deterministically_then_recheck(fakes):
    seg = Segment("1", "Un gros chat.", "A big cat sleeps.")
    out = Fixer(rules=fakes).run([seg]).segments[0]
    # earliest start wins: 'big cat' → 'lion'; 'cat' is gone after the re-check
    assert out.fixed == "A lion sleeps."
    assert [a.code for a in out.applied] == ["Z902"]
    seg2 = Segment("2", "Le chat dort.", "The cat and big cat sleep.")
    out2 = Fixer(rules=fakes).run([seg2]).segments[0]
    # 'cat' (earliest) wins the first pass; 'big cat' is re-examined in pass 2
    assert out2.fixed == "The feline and lion sleep."
    assert Fixer(rules=fakes).run([Segment("2", seg2.source, out2.fixed)]).segments[0].fixed == out2.fixed


def test_a_fix_that_breaks_another_segment_is_found_by_trial(fakes):
    segs = [
        Segment("1", "a", "Zoo one. Plain text here."),
        Segment("2", "b", "Mme Joly saw Zed."),
    ]
    out = Fixer(FixPolicy(), rules=fakes).run(segs)
    first, second = out.segments
    # Zoo → Zee would make Z904 fire on segment 2: reverted; segment 2's own fix stays
    assert first.fixed == segs[0].target
    assert [r.code for r in first.rejected] == ["Z905"]
    assert "Z904" in first.rejected[0].reason
    assert second.fixed.startswith("Ms")


# ---------------------------------------------------------------- the seed


def _seed_segments():
    return list(open_segments(f"{ROOT}/{SEED_REL}/fr.txt", f"{ROOT}/{SEED_REL}/en-mt.txt", None,
                              input_format=None, encoding="utf-8"))


def test_seed_safe_fixes():
    segs = _seed_segments()
    out = Fixer(FixPolicy()).run(segs)
    fixed = {s.segment.id: s.fixed for s in out.segments}
    assert fixed["3"].endswith("on Tuesday.")
    assert fixed["12"].startswith("Ms. Joly") and fixed["14"].startswith("Ms. Joly")
    assert "democracies. who" in fixed["11"]  # reviewable: left alone
    assert "development. future." in fixed["16"]
    before, after = codes_of(segs), codes_of([Segment(s.id, s.source, fixed[s.id]) for s in segs])
    assert not after - before  # nothing new
    assert after["P101"] == 0 and after["U101"] == 0
    assert after["T101"] == 1 and after["P102"] == 1 and after["P103"] == 1


def test_seed_unsafe_fixes_and_idempotence():
    segs = _seed_segments()
    out = Fixer(FixPolicy(unsafe=True)).run(segs)
    fixed = [Segment(s.segment.id, s.segment.source, s.fixed) for s in out.segments]
    assert "democracies who share" in fixed[10].target
    assert fixed[15].target.endswith("option for future development.")
    after = codes_of(fixed)
    assert not after - codes_of(segs)
    assert set(after) == {"T101"}  # the tense clash needs a person
    again = Fixer(FixPolicy(unsafe=True)).run(fixed)
    assert all(not s.changed for s in again.segments)


def test_seed_golden_diff(monkeypatch):
    monkeypatch.chdir(ROOT)
    res = run("fix", f"{SEED_REL}/fr.txt", f"{SEED_REL}/en-mt.txt", "--unsafe", "--diff", "-q")
    assert res.exit_code == 0, res.output
    if os.environ.get("MTQA_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(res.stdout, encoding="utf-8")
    assert res.stdout == GOLDEN.read_text(encoding="utf-8")
    removed = [line for line in res.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert sum("Mme Joly" in line for line in removed) == 2
    assert any("Tuesday. ." in line for line in removed)


def test_check_mode_exit_codes(tmp_path, seed_dir):
    res = run("fix", seed_dir / "fr.txt", seed_dir / "en-mt.txt", "--check")
    assert res.exit_code == 1
    assert "would fix '. .' -> '.'" in res.stderr
    assert "T101 needs a person" in res.stderr
    out = tmp_path / "en.txt"
    assert run("fix", seed_dir / "fr.txt", seed_dir / "en-mt.txt", "-o", out).exit_code == 0
    # only reviewable fixes are left: safe check passes, an unsafe check does not
    assert run("fix", seed_dir / "fr.txt", out, "--check", "-q").exit_code == 0
    assert run("fix", seed_dir / "fr.txt", out, "--check", "-q", "--unsafe").exit_code == 1
    assert run("fix", seed_dir / "fr.txt", out, "--check", "-q", "--fix-codes", "P103").exit_code == 1
    assert run("fix", seed_dir / "fr.txt", out, "--check", "-q", "--fix-codes", "P103", "--ignore", "P103").exit_code == 0


def test_in_place_backup_and_output_modes(tmp_path, seed_dir):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_bytes((seed_dir / "fr.txt").read_bytes())
    original = (seed_dir / "en-mt.txt").read_bytes()
    tgt.write_bytes(original)
    res = run("fix", src, tgt, "--in-place", "--report", tmp_path / "report.json")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "en.txt.bak").read_bytes() == original
    fixed = tgt.read_text(encoding="utf-8")
    assert "Mme" not in fixed and "Tuesday. ." not in fixed
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["fixes"] == sum(len(s["applied"]) for s in report["segments"])
    assert {a["code"] for s in report["segments"] for a in s["applied"]} >= {"P101", "U101"}
    # nothing left to do: no rewrite, no new backup
    os.remove(tmp_path / "en.txt.bak")
    assert run("fix", src, tgt, "--in-place", "-q").exit_code == 0
    assert not (tmp_path / "en.txt.bak").exists()
    # no -o: the corrected file on stdout; --no-backup
    tgt.write_bytes(original)
    res = run("fix", src, tgt, "-q")
    assert res.stdout == fixed
    assert run("fix", src, tgt, "-i", "--no-backup", "-q").exit_code == 0
    assert not (tmp_path / "en.txt.bak").exists()
    assert tgt.read_text(encoding="utf-8") == fixed


def test_honorific_form_option(tmp_path, seed_dir):
    res = run("fix", seed_dir / "fr.txt", seed_dir / "en-mt.txt", "--option", "U101.form=Mrs.", "-q")
    assert res.exit_code == 0
    assert res.stdout.count("Mrs. Joly") == 2
    res = run("fix", seed_dir / "fr.txt", seed_dir / "en-mt.txt", "--option", "french-honorific.style=uk", "-q")
    assert res.stdout.count("Ms Joly") == 2 and "Mr Kishida" in res.stdout


def test_honorific_suggestion_follows_the_document_style():
    segs = [Segment("1", "M. Kishida a parlé.", "Mr Kishida spoke."),
            Segment("2", "Mme Joly a répondu.", "Mme Joly replied.")]
    out = Fixer().run(segs)
    assert out.segments[1].fixed == "Ms Joly replied."
    assert out.segments[0].fixed == segs[0].target
    # an explicit style that clashes with the document: not applied, and said why
    out = Fixer(detector_options={"U101": {"style": "us"}}).run(segs)
    assert [s.fixed for s in out.segments] == [s.target for s in segs]
    rejected = out.segments[1].rejected
    assert [r.code for r in rejected] == ["U101"] and "would raise" in rejected[0].reason


@pytest.mark.parametrize("args,needle", [
    (["--option", "U101.form=Mx"], "U101 option form"),
    (["--option", "nonsense"], "--option 'nonsense'"),
    (["--option", "Q999.x=1"], "no rule"),
    (["-o", "x.txt", "--in-place"], "not both"),
    (["--fix-codes", "Q9"], "matches no rule"),
])
def test_bad_usage_is_one_line_exit_2(seed_dir, args, needle):
    res = run("fix", seed_dir / "fr.txt", seed_dir / "en-mt.txt", *args)
    assert res.exit_code == 2
    assert needle in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.output


def test_missing_file_is_exit_2(tmp_path, seed_dir):
    res = run("fix", seed_dir / "fr.txt", tmp_path / "nope.txt")
    assert res.exit_code == 2 and "nope.txt" in res.stderr and "Traceback" not in res.output


# ---------------------------------------------------------------- every format round-trips

FR = ["Elle l'a écrit mardi.", "Mme Joly a promis la stratégie.",
      "Il a parlé avec d'autres démocraties qui partagent des inquiétudes.", "Merci beaucoup."]
EN = ["She wrote it on Tuesday. .", "Mme Joly promised the strategy.",
      "He spoke with other democracies. who share concerns.", "Thank you very much."]
FIXED_SAFE = ["She wrote it on Tuesday.", "Ms. Joly promised the strategy.", EN[2], EN[3]]
FIXED_UNSAFE = FIXED_SAFE[:2] + ["He spoke with other democracies who share concerns.", EN[3]]


def _xliff12():
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a CAT tool; keep this comment -->
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="news" source-language="fr-CA" target-language="en-US" datatype="plaintext">
    <body>
      <trans-unit id="a1">
        <source>Elle l'a écrit <g id="1">mardi</g>.</source>
        <target state="new">She wrote it on <g id="1">Tuesday</g>. .</target>
        <note>from the wire</note>
      </trans-unit>
      <trans-unit id="a2">
        <source>{FR[1]}</source>
        <target state='final'>{EN[1]}</target>
      </trans-unit>
      <trans-unit id="a3"><source>{FR[2]}</source><target>{EN[2]}</target></trans-unit>
      <trans-unit id="a4"><source>{FR[3]}</source><target state="translated">{EN[3]}</target></trans-unit>
    </body>
  </file>
</xliff>
"""


def _xliff20():
    units = "\n".join(
        f'    <unit id="u{i}">\n      <segment state="{st}">\n        <source>{s}</source>\n'
        f"        <target>{t}</target>\n      </segment>\n    </unit>"
        for i, (s, t, st) in enumerate(zip(FR, EN, ["initial", "final", "reviewed", "translated"]), 1)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" '
            f'xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr-CA" trgLang="en-US">\n'
            f'  <file id="f1">\n{units}\n  </file>\n</xliff>\n')


def _tmx():
    tus = "\n".join(
        f'    <tu tuid="t{i}">\n      <prop type="x-origin">wire</prop>\n'
        f'      <tuv xml:lang="fr-CA"><seg>{s}</seg></tuv>\n      <tuv xml:lang="en-US"><seg>{t}</seg></tuv>\n    </tu>'
        for i, (s, t) in enumerate(zip(FR, EN), 1)
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
            '  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" '
            f'srclang="fr-CA" datatype="plaintext"/>\n  <body>\n{tus}\n  </body>\n</tmx>\n')


def _po():
    return f'''# Translation of the news feed.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

# Translator: check the weekday.
#: news.c:1
#, c-format
msgctxt "a1"
msgid "{FR[0]}"
msgstr "{EN[0]}"

#: news.c:2
#, fuzzy
msgctxt "a2"
msgid "{FR[1]}"
msgstr ""
"Mme Joly promised "
"the strategy."

#. extracted comment
#: news.c:3
msgctxt "a3"
msgid "{FR[2]}"
msgstr "{EN[2]}"

msgctxt "a4"
msgid "{FR[3]}"
msgstr "{EN[3]}"
'''


def _csv():
    rows = "".join(f'{i},"{s}","{t}","note {i}"\r\n' for i, (s, t) in enumerate(zip(FR, EN), 1))
    return "id,source,target,note\r\n" + rows


def _tsv():
    return "".join(f"{s}\t{t}\n" for s, t in zip(FR, EN))


def _jsonl():
    return "".join(json.dumps({"id": f"j{i}", "source": s, "mt": t, "extra": {"k": i}}, ensure_ascii=False) + "\n"
                   for i, (s, t) in enumerate(zip(FR, EN), 1))


FORMATS = {
    "seed.xlf": _xliff12,
    "seed2.xliff": _xliff20,
    "seed.tmx": _tmx,
    "seed.po": _po,
    "seed.csv": _csv,
    "seed.tsv": _tsv,
    "seed.jsonl": _jsonl,
}


def _read(path, fmt=None, source=None):
    if source is not None:
        return list(open_segments(str(source), str(path), None, input_format=fmt, encoding="utf-8"))
    return list(open_segments(str(path), None, None, input_format=fmt, encoding="utf-8"))


def _roundtrip(tmp_path, make_args, read, unsafe):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    args, written = make_args()
    before = read(written)
    dest = out / Path(written).name
    flags = ["--unsafe"] if unsafe else []
    res = run("fix", *args, "-o", dest, *flags)
    assert res.exit_code == 0, res.output
    after = read(dest)
    assert [s.id for s in after] == [s.id for s in before]
    want = FIXED_UNSAFE if unsafe else FIXED_SAFE
    assert [PLACEHOLDER_RE.sub("", s.target) for s in after] == want
    # no new finding, the fixed codes gone
    b, a = codes_of(before), codes_of(after)
    assert not a - b
    assert a["P101"] == 0 and a["U101"] == 0
    # idempotent: a second fix changes nothing
    again = run("fix", *[dest if str(x) == written else x for x in args], "--check", "-q", *flags)
    assert again.exit_code == 0, again.output
    return _text(written), _text(dest)


def _text(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("unsafe", [False, True])
def test_bilingual_formats_round_trip(tmp_path, name, unsafe):
    path = tmp_path / name
    path.write_text(FORMATS[name](), encoding="utf-8", newline="")
    fmt = "xliff" if name.endswith(".xliff") else None
    args = [path] + (["--input-format", fmt] if fmt else [])
    original, fixed = _roundtrip(tmp_path, lambda: (args, str(path)), lambda p: _read(p, fmt), unsafe)
    changed = [line for line in fixed.splitlines() if line not in original.splitlines()]
    if name == "seed.xlf":
        assert "<!-- exported by a CAT tool; keep this comment -->" in fixed
        assert '<target state="translated">She wrote it on <g id="1">Tuesday</g>.</target>' in fixed
        assert "<target state='final'>Ms. Joly" in fixed  # a safe fix keeps a final state
        assert ('<target state="needs-review-translation">He spoke' in fixed) == unsafe
        assert "<note>from the wire</note>" in fixed
    if name == "seed2.xliff":
        assert '<segment state="translated">' in fixed  # was initial
        assert '<segment state="final">' in fixed  # safe fix on a final segment
        assert ('state="translated" subState="mtqa:needs-review"' in fixed) == unsafe
    if name == "seed.tmx":
        assert '<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in fixed and fixed.count('<prop type="x-origin">') == 4
    if name == "seed.po":
        assert "# Translator: check the weekday." in fixed and "#, c-format" in fixed
        assert '"Ms. Joly promised "' in fixed  # multi-line msgstr kept multi-line
        assert fixed.count("#, fuzzy") == (2 if unsafe else 1)
    if name == "seed.csv":
        assert all(line.endswith("\r") or not line for line in fixed.split("\n")[:-1])
        assert '"note 2"' in fixed
    if name == "seed.jsonl":
        assert all(json.loads(line)["extra"] for line in fixed.splitlines())
    # only target lines change
    assert all(("Ms." in line or "Tuesday" in line or "democracies" in line or "fuzzy" in line
                or "state" in line) for line in changed)


def test_plain_pair_keeps_crlf_and_bom(tmp_path):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("\n".join(FR) + "\n", encoding="utf-8")
    tgt.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(EN).encode("utf-8"))  # no final newline
    original, fixed = _roundtrip(tmp_path, lambda: ([src, tgt], str(tgt)), lambda p: _read(p, None, src), True)
    data = (tmp_path / "out" / "en.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3 and not data.endswith(b"\n")


def test_srt_pair_keeps_cue_line_breaks(tmp_path):
    fr = tmp_path / "fr.srt"
    en = tmp_path / "en.srt"
    times = ["00:00:01,000 --> 00:00:03,000", "00:00:04,000 --> 00:00:06,000", "00:00:07,000 --> 00:00:09,000",
             "00:00:10,000 --> 00:00:12,000"]
    fr.write_text("".join(f"{i}\n{t}\n{s}\n\n" for i, (t, s) in enumerate(zip(times, FR), 1)), encoding="utf-8")
    en_cues = list(EN)
    en_cues[1] = "Mme Joly promised\nthe strategy."
    en.write_text("".join(f"{i}\n{t}\n{s}\n\n" for i, (t, s) in enumerate(zip(times, en_cues), 1)), encoding="utf-8")
    _original, fixed = _roundtrip(tmp_path, lambda: ([fr, en], str(en)), lambda p: _read(p, None, fr), False)
    assert "Ms. Joly promised\nthe strategy." in fixed


@pytest.mark.parametrize("name", ["seed-1.2.xlf", "seed-2.0.xlf", "seed.tmx", "seed.po", "seed.csv", "seed.tsv",
                                  "seed.jsonl"])
def test_corpus_formats_round_trip(tmp_path, seed_dir, name):
    """The seed article as shipped in every format: fixed like the plain pair, idempotent, nothing new."""
    path = seed_dir / "formats" / name
    if not path.exists():
        pytest.skip("format fixture not available")
    dest = tmp_path / name
    assert run("fix", path, "-o", dest, "--unsafe", "-q").exit_code == 0
    plain = run("fix", seed_dir / "fr.txt", seed_dir / "en-mt.txt", "--unsafe", "-q").stdout.split("\n")
    after = _read(dest)
    assert [s.target for s in after] == plain[: len(after)]
    assert not codes_of(after) - codes_of(_read(path))
    assert run("fix", dest, "--check", "--unsafe", "-q").exit_code == 0


def test_writer_refuses_a_file_it_cannot_find_units_in(tmp_path):
    from mtqa.io import InputError
    from mtqa.io.writers import UnitChange, render

    path = tmp_path / "t.jsonl"
    path.write_text(_jsonl(), encoding="utf-8")
    segs = _read(path)
    path.write_text(_jsonl().replace("Tuesday. .", "Monday. ."), encoding="utf-8")  # changed under us
    with pytest.raises(InputError, match="cannot find this unit"):
        render("jsonl", str(path), segs, [UnitChange(0, segs[0], "x", False)])


# ---------------------------------------------------------------- properties on real detectors

CLEAN = [
    ("Le ministre a parlé aux journalistes.", "The minister spoke to reporters."),
    ("Il pleut à Montréal depuis lundi.", "It has been raining in Montreal since Monday."),
    ("Le rapport sera publié en mars.", "The report will be published in March."),
    ("Les deux pays ont signé un accord.", "The two countries signed an agreement."),
]
ARTIFACTS = [
    ("Elle l'a écrit mardi.", "She wrote it on Tuesday. ."),
    ("Mme Joly a promis la stratégie.", "Mme Joly promised the strategy."),
    ("M. Legault a refusé.", "M. Legault refused."),
    ("Il a parlé avec d'autres démocraties qui partagent des inquiétudes.",
     "He spoke with other democracies. who share concerns."),
    ("C'est une option pour le développement futur.", "It is an option for development. future."),
    ("Il pleut, dit-il.", "It is raining,. he said."),
]
fragment = st.sampled_from(CLEAN + ARTIFACTS)
segment_parts = st.lists(fragment, min_size=1, max_size=3)


@given(st.lists(segment_parts, min_size=1, max_size=4), st.booleans(), st.sampled_from(["us", "uk"]))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fix_is_idempotent_and_raises_nothing_new(parts, unsafe, style):
    segs = [Segment(str(i), " ".join(p[0] for p in seg), " ".join(p[1] for p in seg))
            for i, seg in enumerate(parts, 1)]
    options = {"U101": {"style": style}}
    policy = FixPolicy(unsafe=unsafe)
    out = Fixer(policy, detector_options=options).run(segs)
    fixed = [Segment(s.segment.id, s.segment.source, s.fixed) for s in out.segments]
    engine = Engine(options=options)
    before = Counter(f.code for s in segs for f in engine.findings(s))
    engine = Engine(options=options)
    after = Counter(f.code for s in fixed for f in engine.findings(s))
    assert not after - before, (after, before)
    applied = Counter(a.code for s in out.segments for a in s.applied)
    for code, n in applied.items():
        assert after[code] <= max(0, before[code] - 1) or code not in before
    again = Fixer(policy, detector_options=options).run(fixed)
    assert [s.fixed for s in again.segments] == [s.target for s in fixed]
    assert "Mme " not in " ".join(s.target for s in fixed)


def test_config_opts_in_a_reviewable_code(tmp_path, seed_dir, monkeypatch):
    fixed = tmp_path / "en.txt"
    assert run("fix", seed_dir / "fr.txt", seed_dir / "en-mt.txt", "-o", fixed, "-q").exit_code == 0
    (tmp_path / "mtqa.toml").write_text('[rules.P103]\nfix = true\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = run("fix", seed_dir / "fr.txt", fixed, "--check")
    assert res.exit_code == 1
    assert "P103 [review] would fix 'development. future.' -> 'future development.'" in res.stderr
    assert "P102 needs a person" in res.stderr  # not opted in


def test_seed_rules_declare_their_fix_class():
    want = {"P101": "safe", "U101": "safe", "P102": "reviewable", "P103": "reviewable", "T101": "reviewable"}
    assert {code: REGISTRY[code].fix for code in want} == want
    rows = {r["code"]: r["fix"] for r in json.loads(run("rules", "--format", "json").stdout)}
    assert {code: rows[code] for code in want} == want


def test_readme_shows_the_golden_before_and_after():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Fixing: `mtqa fix`", 1)[1].split("\n## ", 1)[0]
    shown = [line for line in section.split("```diff", 1)[1].split("```", 1)[0].splitlines() if line[:1] in ("+", "-")]
    golden = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(shown) == 12
    for line in shown:
        pieces = [p.strip() for p in line[1:].split("…") if p.strip()]
        assert any(g.startswith(line[0]) and all(p in g for p in pieces) for g in golden), line


WRITER_TEXT = st.text(alphabet=st.sampled_from(list("ab Z.,;:!?\"'&<>«»’é\\—%\u00a0")),
                      min_size=1, max_size=40)


@pytest.mark.parametrize("name", sorted(FORMATS))
@given(new=WRITER_TEXT)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_writers_write_any_text_back_exactly(tmp_path, name, new):
    """Whatever the corrected text (quotes, ampersands, angle brackets, backslashes),
    the format's reader reads back exactly that, and the other units are untouched."""
    from mtqa.io.writers import UnitChange, render

    if name == "seed.xlf":
        return  # inline tags: covered by the round trip above
    path = tmp_path / name
    path.write_text(FORMATS[name](), encoding="utf-8", newline="")
    fmt = "xliff" if name.endswith(".xliff") else None
    segs = _read(path, fmt)
    k = 3  # the clean last unit
    fmt_name = fmt or {".tmx": "tmx", ".po": "po", ".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl"}[path.suffix]
    rendered = render(fmt_name, str(path), segs, [UnitChange(k, segs[k], new, True)])
    out = tmp_path / ("w-" + name)
    out.write_bytes(rendered.encode())
    back = _read(out, fmt)
    assert back[k].target == new
    assert [s.target for i, s in enumerate(back) if i != k] == [s.target for i, s in enumerate(segs) if i != k]
    assert [s.id for s in back] == [s.id for s in segs]
