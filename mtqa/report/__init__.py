"""Report formatters, by name, and atomic output files."""

from __future__ import annotations

import contextlib
import os
import stat
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


def resolve_output(path: str) -> tuple[str, str]:
    """Where a write to `path` must land, and how: ("file", REAL) for a regular
    or new file (written to a temporary file beside REAL, then renamed: a
    symlink is followed, the link stays), ("stream", REAL) for a character
    device, FIFO or socket (opened and written in place, never renamed over).
    A directory, or a path through something that is not one, is an
    InputError (exit 2)."""
    from ..io.errors import InputError

    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        parent = os.path.dirname(real) or "."
        if os.path.exists(parent) and not os.path.isdir(parent):
            raise InputError(path, None, f"cannot write here: {parent} is not a directory") from None
        return "file", real
    except OSError as exc:
        raise InputError(path, None, f"cannot write: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, None, "is a directory; give a file path")
    if stat.S_ISREG(st.st_mode):
        return "file", real
    return "stream", real


def open_stream(path: str, real: str, mode: str = "w"):  # type: ignore[no-untyped-def]
    """Open a device, FIFO or socket for writing in place (one line on failure)."""
    from ..io.errors import InputError

    if stat.S_ISSOCK(os.stat(real).st_mode):
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(real)
        except OSError as exc:
            sock.close()
            raise InputError(path, None, f"cannot write to this socket: {exc.strerror or exc}") from None
        return sock.makefile(mode + ("" if "b" in mode else ""), encoding=None if "b" in mode else "utf-8",
                             newline=None if "b" in mode else "\n")
    try:
        if "b" in mode:
            return open(real, mode)
        return open(real, mode, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(path, None, f"cannot write: {exc.strerror or exc}") from None


def _publish(tmp: str, real: str) -> None:
    # mkstemp creates 0600; a report gets the usual permissions (umask).
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, real)


@contextlib.contextmanager
def open_output(path: str | None, binary: bool = False) -> Iterator[TextIO]:
    """stdout for None or "-"; otherwise a temporary file renamed into place on
    success, so an interrupted run never leaves a truncated report behind. A
    symlink is followed (the real file is replaced, the link kept); a device,
    FIFO or socket is written in place; a directory is an error."""
    if path in (None, "-"):
        if binary:
            yield sys.stdout.buffer  # type: ignore[misc]
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    kind, real = resolve_output(path)
    if kind == "stream":
        with open_stream(path, real, "wb" if binary else "w") as fh:
            yield fh
        return
    directory = os.path.dirname(real) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".mtqa-", suffix=".tmp", dir=directory)
    try:
        if binary:
            with os.fdopen(fd, "wb") as fh:
                yield fh  # type: ignore[misc]
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
        _publish(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


__all__ = ["FORMATTERS", "Formatter", "open_output", "resolve_output"]
