"""One exception hierarchy: every user error derives from MtqaError and keeps its old base."""

from __future__ import annotations

import pytest

from mtqa.baseline import BaselineError
from mtqa.config import ConfigError
from mtqa.detectors.options import RuleOptionError
from mtqa.glossary import GlossaryError
from mtqa.distributed import DaskSetupError
from mtqa.engine import SelectionError, SuppressionError
from mtqa.errors import MtqaError, UsageError
from mtqa.io.errors import InputError
from mtqa.models import ModelSettingError, ModelsUnavailable

# Each error and the built-in base it had before MtqaError: code that catches
# that base must still catch it.
OLD_BASES = [
    (InputError, Exception),
    (UsageError, Exception),
    (ConfigError, ValueError),
    (BaselineError, ValueError),
    (GlossaryError, ValueError),
    (SelectionError, ValueError),
    (SuppressionError, ValueError),
    (RuleOptionError, ValueError),
    (DaskSetupError, ValueError),
    (ModelsUnavailable, RuntimeError),
    (ModelSettingError, ModelsUnavailable),
]


@pytest.mark.parametrize("cls,old", OLD_BASES, ids=[c.__name__ for c, _ in OLD_BASES])
def test_every_user_error_is_an_mtqa_error_and_keeps_its_base(cls, old):
    assert issubclass(cls, MtqaError) and issubclass(cls, old)


def test_usage_error_still_importable_from_commands():
    from mtqa.commands import UsageError as Old

    assert Old is UsageError


def test_messages_are_unchanged():
    assert str(InputError("a.xlf", 3, "bad")) == "a.xlf:3: bad"
    assert str(GlossaryError("g.tsv", 2, "empty target term")) == "g.tsv:2: empty target term"


def test_bad_config_is_one_line_and_exit_2(tmp_path, capsys):
    from mtqa.commands.check import check

    (tmp_path / "fr.txt").write_text("Bonjour.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Hello.\n", encoding="utf-8")
    cfg = tmp_path / "mtqa.toml"
    cfg.write_text('fail-on = "often"\n', encoding="utf-8")
    rc = check(str(tmp_path / "fr.txt"), str(tmp_path / "en.txt"), config_file=str(cfg), models=False)
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("mtqa: error: ") and str(cfg) in err and err.count("\n") == 1


def test_an_over_long_jsonl_number_is_an_input_error_at_its_line(tmp_path):
    from mtqa.io.jsonl import read_jsonl

    path = tmp_path / "in.jsonl"
    path.write_text('{"source": "a", "target": "b"}\n{"source": "a", "target": "b", "n": ' + "9" * 5000 + "}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_jsonl(str(path)))
    assert str(info.value).startswith(f"{path}:2: Exceeds the limit")


def test_dask_set_up_errors_are_one_line_exit_2(tmp_path, capsys):
    from mtqa.commands.check import check

    (tmp_path / "fr.txt").write_text("Bonjour.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Hello.\n", encoding="utf-8")
    rc = check(str(tmp_path / "fr.txt"), str(tmp_path / "en.txt"), executor="dask", models=False)
    err = capsys.readouterr().err
    assert rc == 2
    assert err == "mtqa: error: --executor dask reads sharded bilingual files (JSONL or Parquet), not a SOURCE TARGET pair\n"
