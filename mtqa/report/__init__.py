"""Report formatters, by name, and atomic output files."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from typing import Iterator, TextIO

from .base import Formatter
from .jsonfmt import JSONFormatter, JSONLFormatter
from .text import TextFormatter
from .csv import CSVFormatter
from .github import GitHubFormatter
from .gitlab import GitLabFormatter
from .html import HTMLFormatter
from .junit import JUnitFormatter
from .markdown import MarkdownFormatter
from .sarif import SARIFFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JSONFormatter,
    "jsonl": JSONLFormatter,
    "html": HTMLFormatter,
    "junit": JUnitFormatter,
    "sarif": SARIFFormatter,
    "github": GitHubFormatter,
    "markdown": MarkdownFormatter,
    "gitlab": GitLabFormatter,
    "csv": CSVFormatter,
}


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """stdout for None or "-"; otherwise a temporary file renamed into place on
    success, so an interrupted run never leaves a truncated report behind."""
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".mtqa-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        # mkstemp creates 0600; a report gets the usual permissions (umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


__all__ = ["FORMATTERS", "Formatter", "open_output"]
