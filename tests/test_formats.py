"""The table of formats and the one resolution of a command's arguments
(`mtqa.io.formats`, `mtqa.io.open`), and writers finding units by the id
their reader gave them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.io import EXTENSIONS, FORMATS, READERS, TWO_FILE
from mtqa.io.formats import PAIR, WRITERS, by_extension, lookup
from mtqa.io.open import FormatError, format_name, open_segments, written_file


def test_one_entry_per_format_and_the_views_follow_it():
    assert set(FORMATS) == {"pair", "jsonl", "tsv", "csv", "xliff", "tmx", "po", "srt", "documents", "feed"}
    assert set(READERS) == set(FORMATS) - {"pair"}
    assert TWO_FILE == {"srt", "documents", "feed"}
    assert {EXTENSIONS[e] for e in (".xlf", ".xliff", ".xlf2")} == {"xliff"}
    assert set(WRITERS) == {"pair", "text", "jsonl", "tsv", "csv", "xliff", "tmx", "po", "srt"}
    for fmt in FORMATS.values():
        assert all(by_extension(f"x{ext.upper()}") is fmt for ext in fmt.extensions)
    assert lookup("text") is PAIR and lookup("nope") is None


@pytest.mark.parametrize("args, name, written", [
    (("fr.txt", "en.txt", None), "pair", "en.txt"),
    (("fr.srt", "en.srt", None), "srt", "en.srt"),
    (("fr.SRT", "en.srt", None), "srt", "en.srt"),
    (("fr.srt", "en.txt", None), "pair", "en.txt"),
    (("fr.txt", "en.txt", "text"), "pair", "en.txt"),
    (("fr.txt", "en.txt", "documents"), "documents", "en.txt"),
    (("a.rss", "b.rss", "feed"), "feed", "b.rss"),
    (("a.xlf", None, None), "xliff", "a.xlf"),
    (("a.data", None, "tmx"), "tmx", "a.data"),
    (("a.weird", None, None), None, "a.weird"),
    (("-", None, None), None, "-"),
])
def test_check_and_fix_resolve_the_same_format(args, name, written):
    assert format_name(*args) == name
    assert written_file(name, args[0], args[1]) == written


@pytest.mark.parametrize("args, kwargs, message", [
    (("a.weird", None, None), {}, "cannot tell the format from the extension '.weird'"),
    (("a.jsonl", None, None), {"input_format": "yaml"}, "unknown input format 'yaml'"),
    (("a.jsonl", None, None), {"input_format": "pair"}, "unknown input format 'pair'"),
    (("a.jsonl", None, "ref.txt"), {}, "--ref is for line-aligned pairs"),
    (("a.jsonl", "b.jsonl", None), {"input_format": "jsonl"}, "jsonl is a bilingual format"),
    (("a.txt", None, None), {"input_format": "documents"}, "needs two files"),
    (("a.jsonl", None, None), {"doc_ids": "ids.txt"}, "--doc-ids is for line-aligned"),
])
def test_arguments_that_name_no_readable_format(args, kwargs, message):
    kwargs = {"input_format": None, "encoding": "utf-8", **kwargs}
    with pytest.raises(FormatError, match=message.replace("(", r"\(").replace(".", r"\.")):
        open_segments(*args, **kwargs)


def _srt(cues):
    return "".join(f"{n}\n{t}\n{s}\n\n" for n, t, s in cues)


def test_srt_fix_writes_the_english_cue_the_target_came_from(tmp_path):
    """Cue numbers differ between the files (an extra English cue first): the
    cues pair by time, and the fix lands in the English cue of the pair, found
    by its number (the segment's target_cue), not by the French cue's."""
    times = ["00:00:01,000 --> 00:00:03,000", "00:00:04,000 --> 00:00:06,000", "00:00:07,000 --> 00:00:09,000"]
    fr = ["Il pleut.", "Mme Joly a promis la stratégie.", "Merci beaucoup."]
    en = ["It is raining.", "Mme Joly promised the strategy.", "Thank you very much."]
    (tmp_path / "fr.srt").write_text(_srt([(k, t, s) for k, (t, s) in enumerate(zip(times, fr), 1)]),
                                     encoding="utf-8")
    extra = (1, "00:00:00,000 --> 00:00:00,500", "Music.")
    (tmp_path / "en.srt").write_text(_srt([extra] + [(k, t, s) for k, (t, s) in enumerate(zip(times, en), 2)]),
                                     encoding="utf-8")
    out = tmp_path / "fixed.srt"
    res = CliRunner().invoke(app, ["fix", str(tmp_path / "fr.srt"), str(tmp_path / "en.srt"), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == _srt(
        [extra] + [(k, t, s) for k, (t, s) in enumerate(zip(times, [en[0], "Ms. Joly promised the strategy.",
                                                                    en[2]]), 2)])
