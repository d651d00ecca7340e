"""Issue 14: the README's config example works as written in mtqa.toml and pyproject.toml."""

import re
from pathlib import Path

import pytest

from mtqa.config import ConfigError, load_settings

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_toml():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[tool\.mtqa\]\n.*?)```", text, re.S).group(1)
    return block


@pytest.mark.parametrize("name", ["mtqa.toml", "pyproject.toml"])
def test_readme_example_works_in_both_files(tmp_path, name):
    (tmp_path / name).write_text(readme_toml(), encoding="utf-8")
    s = load_settings(start=str(tmp_path))
    assert s.path == str(tmp_path / name)
    assert s.select == ["P", "U", "T"] and s.fail_on == "major"
    assert s.severities == {"P101": "major"}
    assert s.thresholds["min-mqm"] == 95
    assert s.rules["U101"] == {"style": "uk"}


def test_mtqa_toml_top_level_layout_still_works(tmp_path):
    (tmp_path / "mtqa.toml").write_text('select = ["P"]\n[severity]\nP101 = "major"\n', encoding="utf-8")
    s = load_settings(start=str(tmp_path))
    assert s.select == ["P"] and s.severities == {"P101": "major"}


def test_mtqa_toml_mixing_layouts_is_an_error(tmp_path):
    (tmp_path / "mtqa.toml").write_text('select = ["P"]\n[tool.mtqa]\nignore = ["T"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="mtqa.toml: select"):
        load_settings(start=str(tmp_path))
    (tmp_path / "mtqa.toml").write_text('[tool.mtqa]\nbogus = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tool\.mtqa\.bogus: unknown key"):
        load_settings(start=str(tmp_path))
