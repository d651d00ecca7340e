"""A persistent score cache, so that a re-run on a feed pays only for new text.

Model scores are pure functions of (model, texts): the cache keys each score
by the model id (name, revision, quantisation: anything that changes the
numbers) and a SHA-256 of the texts the score depends on. Values are JSON.
It lives in SQLite under the user cache folder:

    $MTQA_CACHE_DIR, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa
    → scores.sqlite3

Use from a scorer, one batch at a time::

    cache = ScoreCache.open_default()            # or ScoreCache(path); None if disabled
    keys = [text_key(seg.source, seg.target) for seg in batch]
    cached = cache.get_many(MODEL_ID, keys)      # a value or None per key
    todo = [i for i, v in enumerate(cached) if v is None]
    fresh = model.score([batch[i] for i in todo])
    cache.put_many(MODEL_ID, zip((keys[i] for i in todo), fresh))

`--no-cache` (CheckConfig.cache = False) means: neither read nor write.
The cache never breaks a run: a folder that cannot be created, a locked or
corrupt database all degrade to "no cache" with one warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any, Iterable, Sequence

FILENAME = "scores.sqlite3"
SCHEMA_VERSION = 1
# SQLite's default limit on host parameters per statement is 999 on old builds.
_BATCH = 500


def cache_dir() -> Path:
    """$MTQA_CACHE_DIR, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa."""
    explicit = os.environ.get("MTQA_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg).expanduser() / "mtqa"
    return Path.home() / ".cache" / "mtqa"


def text_key(*texts: str | None) -> str:
    """A stable key for the texts a score depends on (order matters; None differs from "")."""
    h = hashlib.sha256()
    for t in texts:
        if t is None:
            h.update(b"\x00N")
        else:
            data = t.encode("utf-8", "surrogatepass")
            h.update(b"\x00S" + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class ScoreCache:
    """SQLite-backed map (model id, text key) -> JSON value. Safe across processes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS scores ("
            " model TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
            " PRIMARY KEY (model, key)) WITHOUT ROWID"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        self.hits = 0
        self.misses = 0

    @classmethod
    def open_default(cls, enabled: bool = True) -> "ScoreCache | None":
        """The cache in the user cache folder, or None when disabled or unusable (with a warning)."""
        if not enabled:
            return None
        path = cache_dir() / FILENAME
        try:
            return cls(path)
        except (OSError, sqlite3.Error) as exc:
            print(f"mtqa: warning: score cache {path} unusable ({exc}); running without it", file=sys.stderr)
            return None

    def get_many(self, model: str, keys: Sequence[str]) -> list[Any | None]:
        """The cached value for each key, or None; in the order of `keys`."""
        found: dict[str, Any] = {}
        unique = list(dict.fromkeys(keys))
        try:
            with self._lock:
                for i in range(0, len(unique), _BATCH):
                    part = unique[i:i + _BATCH]
                    marks = ",".join("?" * len(part))
                    rows = self._db.execute(
                        f"SELECT key, value FROM scores WHERE model = ? AND key IN ({marks})", (model, *part)
                    ).fetchall()
                    for key, value in rows:
                        found[key] = json.loads(value)
        except (sqlite3.Error, ValueError) as exc:
            self._warn(exc)
            found = {}
        out = [found.get(k) for k in keys]
        hits = sum(1 for v in out if v is not None)
        self.hits += hits
        self.misses += len(out) - hits
        return out

    def put_many(self, model: str, items: Iterable[tuple[str, Any]]) -> int:
        """Store (key, value) pairs for a model; returns how many were written."""
        rows = [(model, key, json.dumps(value, separators=(",", ":"), allow_nan=True)) for key, value in items]
        if not rows:
            return 0
        try:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    self._db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?, ?)", rows)
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            self._warn(exc)
            return 0
        return len(rows)

    def get_meta(self, name: str) -> Any | None:
        """A JSON value stored under `name` beside the scores (None if absent or unreadable)."""
        try:
            with self._lock:
                row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
            return None if row is None else json.loads(row[0])
        except (sqlite3.Error, ValueError):
            return None

    def put_meta(self, name: str, value: Any) -> None:
        """Store a JSON value under `name` (errors are warnings, as for scores)."""
        try:
            with self._lock:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 (name, json.dumps(value, sort_keys=True, separators=(",", ":"))))
        except sqlite3.Error as exc:
            self._warn(exc)

    def clear(self, model: str | None = None) -> None:
        with self._lock:
            if model is None:
                self._db.execute("DELETE FROM scores")
            else:
                self._db.execute("DELETE FROM scores WHERE model = ?", (model,))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM scores").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "ScoreCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _warn(self, exc: Exception) -> None:
        print(f"mtqa: warning: score cache {self.path}: {exc}; scores not cached", file=sys.stderr)


def cached_scores(
    cache: "ScoreCache | None", model: str, keys: Sequence[str], compute: "Any"
) -> list[Any]:
    """Values for `keys`, computing only the missing ones with `compute(indexes) -> values`.

    With `cache` None everything is computed. `compute` receives the indexes
    (into `keys`) still missing and returns their values in the same order.
    """
    if cache is None:
        return list(compute(list(range(len(keys)))))
    values = cache.get_many(model, keys)
    todo = [i for i, v in enumerate(values) if v is None]
    if todo:
        fresh = list(compute(todo))
        if len(fresh) != len(todo):
            raise ValueError(f"compute returned {len(fresh)} values for {len(todo)} keys")
        for i, v in zip(todo, fresh):
            values[i] = v
        cache.put_many(model, [(keys[i], v) for i, v in zip(todo, fresh) if v is not None])
    return values
