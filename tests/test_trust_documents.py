"""Issue 14: document boundaries for plain files (--doc-ids, a blank line on both sides)."""

import json

from typer.testing import CliRunner

from mtqa.cli import app

S = "Le ministre n'a pas répondu à nos questions."
A = "The minister did not answer our questions."
B = "The minister has not responded to our questions."


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def k101(res):
    return [(json.loads(line)["id"]) for line in res.stdout.splitlines()
            if any(f["code"] == "K101" for f in json.loads(line)["findings"])]


def files(tmp_path, fr, en):
    (tmp_path / "fr.txt").write_text("\n".join(fr) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    return tmp_path / "fr.txt", tmp_path / "en.txt"


def test_plain_files_are_one_document(tmp_path):
    src, tgt = files(tmp_path, [S, S], [A, B])
    assert k101(run("check", src, tgt, "--no-models", "-f", "jsonl")) == ["2"]


def test_doc_ids_separate_documents(tmp_path):
    src, tgt = files(tmp_path, [S, S, S], [A, B, A])
    ids = tmp_path / "docids"
    ids.write_text("doc-a\ndoc-b\ndoc-b\n", encoding="utf-8")
    res = run("check", src, tgt, "--no-models", "-f", "jsonl", "--doc-ids", ids)
    assert res.exit_code in (0, 1), res.output
    assert k101(res) == ["3"]  # 2 opens doc-b; 3 differs from 2 within doc-b


def test_doc_ids_count_mismatch_is_exit_2(tmp_path):
    src, tgt = files(tmp_path, [S, S], [A, B])
    ids = tmp_path / "docids"
    ids.write_text("doc-a\n", encoding="utf-8")
    res = run("check", src, tgt, "--no-models", "--doc-ids", ids)
    assert res.exit_code == 2 and "misaligned" in res.output and "docids" in res.output
    assert "Traceback" not in res.output


def test_blank_line_on_both_sides_ends_a_document(tmp_path):
    src, tgt = files(tmp_path, [S, "", S], [A, "", B])
    res = run("check", src, tgt, "--no-models", "-f", "jsonl")
    assert len(res.stdout.splitlines()) == 3
    assert k101(res) == []
    # a line blank on one side only is not a boundary
    src, tgt = files(tmp_path, [S, "Bonjour.", S], [A, "", B])
    assert k101(run("check", src, tgt, "--no-models", "-f", "jsonl")) == ["3"]
