"""Issue 14: messages never say "1 lines" (or "1 findings", "1 segments")."""

from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.io.errors import plural


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_plural():
    assert plural(1, "line") == "1 line" and plural(2, "line") == "2 lines" and plural(0, "line") == "0 lines"


def test_misaligned_one_line(tmp_path):
    (tmp_path / "fr.txt").write_text("Bonjour tout le monde.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Hello everyone.\nAgain.\n", encoding="utf-8")
    res = run("check", tmp_path / "fr.txt", tmp_path / "en.txt", "--no-models")
    assert res.exit_code == 2
    assert "has 1 line," in res.output and "has 2 lines" in res.output and "1 lines" not in res.output


def test_summary_line_singular(tmp_path):
    (tmp_path / "fr.txt").write_text("Il est arrivé mardi.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("He arrived on Tuesday. .\n", encoding="utf-8")
    res = run("check", tmp_path / "fr.txt", tmp_path / "en.txt", "--no-models", "--fail-on", "never", "-v")
    assert "1 segment, 1 finding " in res.stdout and "in 1 segment\n" in res.stdout
    assert "1 segments" not in res.output and "1 findings" not in res.output
