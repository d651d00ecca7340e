"""`--jobs N` and chunk-level gating: output byte-identical to one process, in input order."""

import json

from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.engine import Engine, has_document_state
from mtqa.detectors import REGISTRY
from mtqa.parallel import run_chunks
from mtqa.pipeline import CheckConfig, check_segments
from mtqa.types import Segment

# Sentences that trip many detectors (doubled punctuation, honorifics, tense,
# numbers, quotes, spacing, repetition, name variants across a document).
FR = [
    "Mme Joly a parlé.",
    "Il a dit qu'il viendrait demain.",
    "Le sommet aura lieu la semaine prochaine à 19 h 30.",
    "Emmanuel Macron a rencontré Justin Trudeau.",
    "Il y avait 1 500 personnes, soit 3,5 % de plus.",
    "« C'est fini », a-t-il dit.",
    "Les démocraties qui partagent nos valeurs.",
    "M. Macron est arrivé à Ottawa.",
    "Mélanie Joly a ajouté que M. Legault était d'accord.",
    "Mélanie Joly a parlé à M. Legault.",
]
EN = [
    "Mme Joly spoke. .",
    "He said that he came tomorrow.",
    "The summit held next week at 7:30 p.m.",
    "Emmanuel Macron met Justin Trudeau.",
    "There were 1.500 people , or 3,5 % more more more.",
    "« It's over », he said.",
    "The democracies. who share our values.",
    "Mr. Macon arrived in Ottawa  .",
    "Melanie Joly added that Mr Legault agreed.",
    "Mélanie Joly spoke to Mr. Legault.",
]


def corpus(n: int) -> list[Segment]:
    out = []
    for i in range(n):
        k = i % len(FR)
        out.append(Segment(str(i + 1), FR[k], EN[(k * 3 + i // len(FR)) % len(EN)] if i % 5 == 0 else EN[k],
                           doc=f"d{i // 37}", place=f"t:{i + 1}"))
    return out


def run(segments, tmp_path, name, jobs, **kw):
    outputs = [("jsonl", str(tmp_path / f"{name}.jsonl")), ("json", str(tmp_path / f"{name}.json")),
               ("text", str(tmp_path / f"{name}.txt"))]
    config = CheckConfig(outputs=outputs, models=False, fail_on="never", jobs=jobs, **kw)
    outcome = check_segments(segments, config, inputs={"source": "s", "target": "t"})
    return outcome, [open(p, "rb").read() for _, p in outputs]


def test_document_state_detectors_exist_and_are_known():
    # The parallel split depends on this: stateful detectors run in the parent.
    assert any(has_document_state(cls) for cls in REGISTRY.values())


def test_jobs_2_output_is_byte_identical_and_ordered(tmp_path):
    segs = corpus(1200)  # several chunks of 256, documents crossing chunks
    one, out1 = run(segs, tmp_path, "one", 1)
    two, out2 = run(segs, tmp_path, "two", 2)
    assert out1 == out2
    assert one.summary == two.summary and one.exit_code == two.exit_code
    ids = [json.loads(line)["id"] for line in out1[0].decode().splitlines()]
    assert ids == [s.id for s in segs]
    assert one.summary["findings"] > 100  # the comparison is not vacuous
    codes = set(one.summary["by_code"])
    assert len(codes) >= 5
    # Detectors with document state fire too, so the parent/worker split is exercised.
    assert {"S101", "S102"} <= codes


def test_jobs_zero_means_one_per_core_and_matches(tmp_path):
    segs = corpus(300)
    _, out1 = run(segs, tmp_path, "a", 1)
    _, out0 = run(segs, tmp_path, "b", 0)
    assert out1 == out0


def test_chunk_gating_equals_per_segment_checks():
    segs = corpus(700)
    single = Engine()
    chunked = Engine()
    expected = [single.findings(s) for s in segs]
    got = []
    for i in range(0, len(segs), 256):
        got.extend(chunked.findings_many(segs[i:i + 256]))
    assert got == expected
    assert sum(map(len, got)) > 0


def test_parallel_counts_internal_errors_in_parent(tmp_path):
    segs = corpus(40)
    engine = Engine()
    chunks = [segs[i:i + 10] for i in range(0, 40, 10)]
    results = list(run_chunks(engine, iter(chunks), jobs=2))
    assert [c for c, _ in results] == chunks
    assert engine.internal_errors == 0
    serial = Engine()
    assert [fs for _, found in results for fs in found] == [serial.findings(s) for s in segs]


def test_cli_jobs_flag(tmp_path):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("\n".join(FR * 40) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(EN * 40) + "\n", encoding="utf-8")
    r1 = CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "-f", "jsonl", "-j", "1"])
    r2 = CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "-f", "jsonl", "--jobs", "2"])
    assert r1.exit_code == r2.exit_code == 1
    assert r1.stdout == r2.stdout and len(r1.stdout.splitlines()) == 40 * len(FR)
    bad = CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "--jobs", "-1"])
    assert bad.exit_code == 2 and "--jobs" in bad.output


def test_engine_keeps_all_detectors_while_results_stream():
    # The pipeline reads engine.detectors between chunks (model findings are
    # filtered by the enabled codes); the parallel split must not hide any.
    engine = Engine()
    everything = list(engine.detectors)
    segs = corpus(600)
    for _chunk, _found in run_chunks(engine, iter([segs[i:i + 256] for i in range(0, 600, 256)]), jobs=2):
        assert engine.detectors == everything


# ----------------------------------------------------------- --jobs 0 (auto)


def _machine(monkeypatch, cores, load):
    import os

    import mtqa.parallel as par

    monkeypatch.setattr(par, "default_jobs", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))


def test_free_cores_leave_out_the_busy_ones(monkeypatch):
    from mtqa.parallel import free_cores

    for cores, load, free in [(2, 0.0, 2), (2, 0.4, 2), (2, 0.6, 1), (2, 6.5, 1), (16, 3.2, 13), (4, 0.0, 4)]:
        _machine(monkeypatch, cores, load)
        assert free_cores() == free, (cores, load)


def test_auto_jobs_is_one_process_on_a_busy_machine_or_a_small_input(monkeypatch):
    from mtqa.parallel import AUTO_MIN_SEGMENTS, auto_jobs

    big = [corpus(256) for _ in range(AUTO_MIN_SEGMENTS // 256 + 2)]
    _machine(monkeypatch, 2, 5.0)  # busy: no pool, nothing read ahead
    jobs, it = auto_jobs(iter(big))
    assert jobs == 1 and list(it) == big
    _machine(monkeypatch, 4, 0.0)
    small = big[:2]
    jobs, it = auto_jobs(iter(small))
    assert jobs == 1 and list(it) == small
    jobs, it = auto_jobs(iter(big))
    assert jobs == 4 and list(it) == big  # the chunks read ahead come back first, in order


def test_jobs_zero_output_identical(tmp_path, monkeypatch):
    import mtqa.parallel as par

    segs = corpus(300)
    _, serial = run(segs, tmp_path, "serial", 1)
    monkeypatch.setattr(par, "AUTO_MIN_SEGMENTS", 100)  # a pool, on a small input
    _machine(monkeypatch, 2, 0.0)
    _, auto = run(segs, tmp_path, "auto", 0)
    assert auto == serial
