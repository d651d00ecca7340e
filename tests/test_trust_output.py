"""Issue 14, output safety: reports and fixes never destroy what a path names."""

import json
import os
import shutil
import stat
import threading

import pytest
from typer.testing import CliRunner

from mtqa.cli import app


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def pair(tmp_path, seed_dir):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    shutil.copy(seed_dir / "fr.txt", src)
    shutil.copy(seed_dir / "en-mt.txt", tgt)
    return src, tgt


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path, pair):
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    res = run("check", *pair, "--no-models", "-f", "json", "-o", link, "--fail-on", "never")
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())["summary"]["findings"] == 6
    assert not [p for p in real.parent.iterdir() if p.name.startswith(".mtqa-")]


def test_output_to_a_dangling_symlink_creates_its_target(tmp_path, pair):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "new.txt")
    res = run("check", *pair, "--no-models", "-o", link, "--fail-on", "never")
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and "6 findings" in (tmp_path / "new.txt").read_text()


def test_output_to_a_fifo_is_written_in_place(tmp_path, pair):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
    reader.start()
    res = run("check", *pair, "--no-models", "-o", fifo, "--fail-on", "never")
    reader.join(20)
    assert res.exit_code == 0, res.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "6 findings" in got[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_output_to_a_character_device_is_written_in_place(tmp_path, pair):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    res = run("check", *pair, "--no-models", "-f", "json", "-o", null, "--fail-on", "never")
    assert res.exit_code == 0, res.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    # fix -o onto the device too
    res = run("fix", *pair, "-o", null)
    assert res.exit_code == 0, res.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mtqa-")]


def test_output_to_a_directory_is_exit_2_one_line(tmp_path, pair):
    d = tmp_path / "out"
    d.mkdir()
    res = run("check", *pair, "--no-models", "-o", d)
    assert res.exit_code == 2
    assert "is a directory" in res.output and str(d) in res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
    assert d.is_dir() and not list(d.iterdir())
    res = run("fix", *pair, "-o", d)
    assert res.exit_code == 2 and "is a directory" in res.output
    res = run("check", *pair, "--no-models", "--write-baseline", d)
    assert res.exit_code == 2 and "is a directory" in res.output


def test_diff_output_and_report_dir_follow_symlinks(tmp_path, pair):
    real = tmp_path / "real.diff"
    real.write_text("")
    link = tmp_path / "d.diff"
    link.symlink_to(real)
    res = run("fix", *pair, "--check", "--diff-output", link)
    assert link.is_symlink() and real.read_text().startswith("---")
    rd_real = tmp_path / "rd"
    rd_real.mkdir()
    (rd_real / "mtqa.json").write_text("")
    (tmp_path / "elsewhere.json").write_text("x")
    os.unlink(rd_real / "mtqa.json")
    (rd_real / "mtqa.json").symlink_to(tmp_path / "elsewhere.json")
    res = run("check", *pair, "--no-models", "-f", "json", "--report-dir", rd_real, "--fail-on", "never")
    assert res.exit_code == 0, res.output
    assert (rd_real / "mtqa.json").is_symlink()
    assert json.loads((tmp_path / "elsewhere.json").read_text())["summary"]["findings"] == 6


def test_fix_in_place_through_a_symlink_fixes_the_real_file(tmp_path, pair):
    src, tgt = pair
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "en.txt"
    shutil.move(tgt, real)
    link = tmp_path / "en-link.txt"
    link.symlink_to(real)
    before = real.read_text()
    res = run("fix", src, link, "--in-place")
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() != before
    assert (real_dir / "en.txt.bak").read_text() == before
    assert not (tmp_path / "en-link.txt.bak").exists()


def test_two_formats_one_output_is_an_error(tmp_path, pair):
    res = run("check", *pair, "--no-models", "-f", "json", "-f", "sarif", "-o", tmp_path / "r.json")
    assert res.exit_code == 2
    line = res.output.strip()
    assert len(line.splitlines()) == 1 and "json, sarif" in line and "r.json" in line
    assert not (tmp_path / "r.json").exists()
    assert '"$schema"' not in res.output
