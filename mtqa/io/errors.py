"""The one error type readers raise: it names the file and the place."""

from __future__ import annotations

from ..errors import MtqaError


class InputError(MtqaError):
    """Bad input. Printed as one line: `FILE:PLACE: message`, then exit 2."""

    def __init__(self, path: str, place: str | int | None, message: str) -> None:
        self.path = str(path)
        self.place = place
        self.message = message
        where = f"{self.path}:{place}" if place not in (None, "") else self.path
        super().__init__(f"{where}: {message}")


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """"1 line", "2 lines": messages never say "1 lines"."""
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"
