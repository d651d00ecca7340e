"""Issue 14: swapped SOURCE and TARGET are caught (exit 2) unless --force."""

from typer.testing import CliRunner

from mtqa.cli import app


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_swapped_arguments_exit_2_with_a_hint(seed_dir):
    fr, en = seed_dir / "fr.txt", seed_dir / "en-mt.txt"
    res = run("check", en, fr, "--no-models")
    assert res.exit_code == 2
    line = res.output.strip()
    assert len(line.splitlines()) == 1
    assert "SOURCE" in line and "looks English and TARGET" in line and "French: are the arguments swapped?" in line
    assert "--force" in line and str(en) in line


def test_force_checks_anyway(seed_dir):
    fr, en = seed_dir / "fr.txt", seed_dir / "en-mt.txt"
    res = run("check", en, fr, "--no-models", "--force", "--fail-on", "never")
    assert res.exit_code == 0
    assert "U201" in res.output


def test_right_order_and_fix_guard(seed_dir, tmp_path):
    fr, en = seed_dir / "fr.txt", seed_dir / "en-mt.txt"
    assert run("check", fr, en, "--no-models").exit_code == 1
    res = run("fix", en, fr, "-o", tmp_path / "out.txt")
    assert res.exit_code == 2 and "swapped" in res.output
    assert not (tmp_path / "out.txt").exists()
