"""Input formats: one module per format (its reader, its writer and the unit-id
function both use), the table of formats (`formats.FORMATS`), and the one
place that resolves which format a command's arguments name (`open`)."""

from __future__ import annotations

from .errors import InputError
from .formats import EXTENSIONS, FORMATS, READERS, TWO_FILE, Format
from .pair import read_pair

__all__ = ["FORMATS", "Format", "READERS", "EXTENSIONS", "TWO_FILE", "InputError", "read_pair"]
