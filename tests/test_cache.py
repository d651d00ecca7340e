"""The SQLite score cache: keys, round trips, persistence, the cache folder, --no-cache."""

from pathlib import Path

from mtqa.cache import ScoreCache, cache_dir, cached_scores, text_key


def test_text_key_is_stable_and_unambiguous():
    assert text_key("a", "b") == text_key("a", "b")
    assert text_key("a", "b") != text_key("b", "a")
    assert text_key("ab", "") != text_key("a", "b")
    assert text_key("x", None) != text_key("x", "")
    assert len(text_key("é")) == 64


def test_round_trip_in_order_with_misses_and_duplicates(tmp_path):
    with ScoreCache(tmp_path / "c.sqlite3") as cache:
        assert cache.put_many("enc-v1", [("k1", 0.5), ("k2", {"lm": -3.25, "tokens": [1, 2]})]) == 2
        got = cache.get_many("enc-v1", ["k2", "missing", "k1", "k2"])
        assert got == [{"lm": -3.25, "tokens": [1, 2]}, None, 0.5, {"lm": -3.25, "tokens": [1, 2]}]
        assert (cache.hits, cache.misses) == (3, 1)
        # Keys are per model: another model id (or revision) sees nothing.
        assert cache.get_many("enc-v2", ["k1"]) == [None]
        assert len(cache) == 2


def test_persists_across_processes_and_overwrites(tmp_path):
    path = tmp_path / "c.sqlite3"
    with ScoreCache(path) as cache:
        cache.put_many("m", [("k", 1.0)])
        cache.put_many("m", [("k", 2.0)])
    with ScoreCache(path) as again:
        assert again.get_many("m", ["k"]) == [2.0]
        again.clear("m")
        assert again.get_many("m", ["k"]) == [None]


def test_many_keys_beyond_one_statement(tmp_path):
    with ScoreCache(tmp_path / "c.sqlite3") as cache:
        items = [(text_key(str(i)), i) for i in range(1500)]
        cache.put_many("m", items)
        assert cache.get_many("m", [k for k, _ in items]) == list(range(1500))


def test_cached_scores_computes_only_the_missing(tmp_path):
    calls = []

    def compute(indexes):
        calls.append(list(indexes))
        return [float(len(texts[i])) for i in indexes]

    texts = ["un", "deux", "trois"]
    keys = [text_key(t) for t in texts]
    with ScoreCache(tmp_path / "c.sqlite3") as cache:
        assert cached_scores(cache, "m", keys, compute) == [2.0, 4.0, 5.0]
        texts.append("quatre")
        keys.append(text_key("quatre"))
        assert cached_scores(cache, "m", keys, compute) == [2.0, 4.0, 5.0, 6.0]
    assert calls == [[0, 1, 2], [3]]
    # Without a cache (--no-cache) everything is computed every time.
    assert cached_scores(None, "m", keys[:1], compute) == [2.0]
    assert calls[-1] == [0]


def test_cache_folder_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("MTQA_CACHE_DIR")
    assert cache_dir() == tmp_path / "xdg" / "mtqa"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == Path(tmp_path / "home" / ".cache" / "mtqa")


def test_open_default_disabled_and_unusable(monkeypatch, tmp_path, capsys):
    assert ScoreCache.open_default(enabled=False) is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MTQA_CACHE_DIR", str(blocker / "sub"))
    assert ScoreCache.open_default() is None
    assert "running without it" in capsys.readouterr().err
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "ok"))
    cache = ScoreCache.open_default()
    assert cache is not None and (tmp_path / "ok" / "scores.sqlite3").exists()
    cache.close()


def test_corrupt_database_degrades(monkeypatch, tmp_path, capsys):
    (tmp_path / "scores.sqlite3").write_bytes(b"this is not sqlite" * 100)
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    assert ScoreCache.open_default() is None
    assert "unusable" in capsys.readouterr().err
