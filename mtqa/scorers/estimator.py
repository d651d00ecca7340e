"""The model scorer: similarity, fluency, language, model findings and quality.

Per segment it adds `similarity` (cosine of source and target embeddings),
`fluency` (mean token log-probability of the target), `french` (lingua's
probability that the target is French) and `quality` (mtqa/quality.py). It is
also the run's batch detector (hooks.BatchDetector): the engine asks it for
the model findings (ML101, ML102, ML201, ML202) of each chunk after the
rules, finishes them as it finishes the rules' and hands `score` the chunk's
reported findings, model findings included. Both calls read one computation
of the chunk's signals.

Models are loaded lazily (mtqa/models) and batched over the pipeline's chunk.
"""

from __future__ import annotations

import re
import statistics
from typing import Any, Sequence

from .. import quality as q
from ..codes import is_reserved
from ..text import WORD as _WORD
from ..text.english import abbreviation_stems
from ..types import Finding, Segment
from .mqm import penalty
from . import spans
from .spans import error_span_findings, overlaps, source_span_findings


# ML101 is deliberately narrow: generic word surprisal is high on fluent
# human text too (names, rare senses, headlines reach 15-20 nats under a
# 135M LM), so only two shapes of break are reported, each with a high bar:
# - a doubled word ("the the") whose second copy costs >= REPEAT_MIN nats and
#   >= REPEAT_MARGIN above the segment's median word;
# - a common lowercase word right after a sentence-final period inside the
#   segment (". future") costing >= BREAK_MIN nats, when the period does not
#   end an abbreviation.
REPEAT_MIN = 7.0
REPEAT_MARGIN = 2.5
BREAK_MIN = 11.0
BREAK_MARGIN = 6.0
COMMON_ZIPF = 4.0
# Doubling these is grammatical often enough ("that that", "had had").
REPEAT_OK = frozenset({"that", "had", "is", "do", "can", "will", "very", "so", "no", "bye", "ha", "knock"})
# ML102: cosine below this and this many clean SDs under the clean mean.
LOW_SIM = 0.25
LOW_SIM_Z = -6.0


def _zipf(word: str) -> float:
    from ..langid import zipf_en

    return zipf_en(word)


def ml101_possible(target: str) -> bool:
    """Whether `unlikely_spans` could report anything in `target`: a word
    repeated after one space, or a lowercase word after an inner ". ".
    A necessary condition only (cheap), so the LM can skip the rest."""
    if _INNER_BREAK.search(target) is not None:
        return True
    prev, prev_end = None, -1
    for m in _WORD.finditer(target):
        word = m.group().lower()
        if word == prev and target[prev_end:m.start()] == " ":
            return True
        prev, prev_end = word, m.end()
    return False


# Three letters (ML101 wants a word of 3+ letters before the period), a
# period between blanks, a word not starting with an ASCII capital.
_INNER_BREAK = re.compile(r"[^\W\d_]{3}\s*\.\s+(?![A-Z])[^\W\d_]")


def unlikely_spans(target: str, offsets: Sequence[tuple[int, int]], logprobs: Sequence[float]) -> list[tuple[int, int, float]]:
    """(start, end, surprisal) of short spans far less likely than their context."""
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(target)]
    if len(words) < 4 or not offsets:
        return []
    surprisal = []
    for _, ws, we in words:
        s = 0.0
        for (ts, te), lp in zip(offsets, logprobs):
            if ts < we and te > ws:
                s -= lp
        surprisal.append(s)
    median = statistics.median(surprisal)
    out = []
    for k in range(1, len(words)):
        word, ws, we = words[k]
        prev, ps, pe = words[k - 1]
        s = surprisal[k]
        gap = target[pe:ws]
        if word.lower() == prev.lower() and gap == " " and word.lower() not in REPEAT_OK and word.isalpha():
            if s >= REPEAT_MIN and s - median >= REPEAT_MARGIN:
                out.append((ps, we, s))
            continue
        if gap.strip() != "." or not gap.endswith(" "):
            continue
        if not word.isalpha() or not word.islower() or _zipf(word) < COMMON_ZIPF:
            continue
        if len(prev) < 3 or not prev.isalpha() or prev.isupper() or _is_abbreviation(prev):
            continue
        if s >= BREAK_MIN and s - median >= BREAK_MARGIN:
            out.append((pe, we, s))
    return out


def _is_abbreviation(word: str) -> bool:
    return word.lower().rstrip(".") in abbreviation_stems(lower=True)


class _StaleModelId(Exception):
    """The model id recorded in the cache is not the loaded models' id."""


class ModelScorer:
    """Model signals, ML1xx findings and `quality` for each chunk of segments."""

    name = "models"

    def __init__(
        self,
        *,
        encoder: str | None = None,
        lm: str | None = None,
        langid: bool = True,
        cache: bool = False,
        tier: str = "full",
        qe: str | None = None,
    ) -> None:
        if tier not in TIERS:
            from ..models import ModelSettingError

            raise ModelSettingError(f"model tier {tier!r} is not one of {', '.join(TIERS)} (--models)")
        self.tier = tier
        self._specs = (encoder, lm, qe)
        self._loaded: dict[str, Any] | None = None
        self.cache = None
        if cache:
            from ..cache import ScoreCache

            self.cache = ScoreCache.open_default(True)
        # Models load on the first cache miss, not here: a re-run whose scores
        # are all cached imports no torch and reads no weights. Their cache
        # key (model_id) names each model's resolved dtype and layers, which
        # only a loaded model knows, so the first load records it in the
        # cache under a fingerprint of every setting it depends on
        # (models.settings_fingerprint); without that record (a first run,
        # --no-cache, changed settings) the models load here, as before, and
        # a model that cannot load is reported before any segment is read.
        self._lm_all = lm is not None
        self._fingerprint = None
        self._info: dict[str, Any] | None = None
        if self.cache is not None:
            from ..models import settings_fingerprint

            self._fingerprint = settings_fingerprint(encoder, lm, qe, tier, head_digest())
            info = self.cache.get_meta(self._fingerprint)
            if isinstance(info, dict) and isinstance(info.get("model_id"), str):
                self._info = info
        if self._info is None:
            self._load()
        self.langid = langid
        calib = q.calibration()
        self._sim_stats = calib["stats"]["similarity"]
        self._quality = RunningMean()
        self._sims = RunningMean()
        self._flu = RunningMean()
        self._words = 0
        # The last chunk's signals, computed by detect_batch and read by
        # score on the same chunk (the pipeline calls both, in that order).
        self._chunk: tuple[Sequence[Segment], list[dict[str, Any]]] | None = None

    def _load(self) -> dict[str, Any]:
        """Load the models (once) and learn their ids; recorded for later runs."""
        if self._loaded is not None:
            return self._loaded
        from ..models import load_encoder, load_lm, load_qe

        encoder, lm, qe = self._specs
        models = {"encoder": load_encoder(encoder)}
        # The fast tier runs the sentence encoder and lingua only: no LM.
        # An LM that serves ML101 only loads on its first ML101-shaped target.
        models["lm"] = load_lm(lm, deferred=not self._lm_all) if self.tier == "full" else None
        models["qe"] = load_qe(qe) if self.tier == "full" else None
        if models["qe"] is not None:
            from .. import qe as learned
            from ..models import ModelsUnavailable

            width = int(learned.head()["tok_w"].shape[0])
            if models["qe"].hidden != width:
                raise ModelsUnavailable(f"QE backbone {models['qe'].name!r} has hidden size {models['qe'].hidden}; "
                                        f"the shipped head reads {width}")
        self._loaded = models
        enc, lm_model, qe_model = models["encoder"], models["lm"], models["qe"]
        qe_id = f"{qe_model.id}/{head_digest()}" if qe_model is not None else "-"
        lm_id = getattr(lm_model, "id", "?") if lm_model is not None else "-"
        info = {
            "model_id": f"signals/v3/{getattr(enc, 'name', '?')}/{lm_id}{'' if self._lm_all else '@ml101'}/{qe_id}",
            "encoder": getattr(enc, "name", "?"),
            "lm": getattr(lm_model, "name", None), "lm_dtype": getattr(lm_model, "dtype", None),
            "qe": getattr(qe_model, "id", None),
        }
        if info != self._info and self.cache is not None and self._fingerprint is not None:
            self.cache.put_meta(self._fingerprint, info)
        self._info = info
        return models

    @property
    def encoder(self) -> Any:
        return self._load()["encoder"]

    @property
    def lm(self) -> Any:
        return self._load()["lm"]

    @property
    def qe(self) -> Any:
        return self._load()["qe"]

    @property
    def model_id(self) -> str:
        """The score cache key of these models (known without loading them once recorded)."""
        assert self._info is not None
        return self._info["model_id"]

    def settings(self) -> dict[str, Any]:
        """Keyword arguments that build an equal scorer in another process (a
        Dask worker, mtqa/distributed.py): the model specs as given, the tier,
        and language ID. The cache is each process's own."""
        encoder, lm, qe = self._specs
        return {"encoder": encoder, "lm": lm, "qe": qe, "tier": self.tier, "langid": self.langid}

    def signals(self, segments: Sequence[Segment]) -> list[dict[str, Any]]:
        """Raw model signals per segment: similarity, token scores, French probability."""
        from ..cache import cached_scores, text_key
        from ..models.lm import TokenScores

        def compute(idx: list[int]) -> list[dict[str, Any]]:
            self._load()
            if self.model_id != model_id:
                raise _StaleModelId
            part = [segments[i] for i in idx]
            sims = self.encoder.similarity([s.source for s in part], [s.target for s in part])
            rows: list[dict[str, Any]] = [{"similarity": float(sim)} for sim in sims]
            if self.lm is not None:
                # The default LM only serves ML101, so it reads only the targets
                # where ML101 can fire (half the default tier's time otherwise);
                # an LM the user names (--lm) scores every target (`fluency`).
                scored = [k for k, s in enumerate(part) if self._lm_all or ml101_possible(s.target)]
                for k, ts in zip(scored, self.lm.score([part[k].target for k in scored])):
                    rows[k]["offsets"] = [list(o) for o in ts.offsets]
                    rows[k]["logprobs"] = list(ts.logprobs)
            if self.qe is not None:
                from .. import qe as learned

                states = self.qe.states([(s.source, s.target) for s in part])
                for row, z, st, probs in zip(rows, learned.predict_z(states), states, learned.token_bad(states)):
                    row["qe_z"] = round(z, 6)
                    row["qe_tokens"] = [[a, b, round(p, 5)] for (a, b), p in zip(st.target_offsets, probs)]
                if learned.has_source_head():
                    # The second, target-first pass runs only where ML202 can
                    # fire: segments the segment head scores below the gate.
                    # The gate is read from spans at call time: the one value the
                    # span findings test too.
                    gated = [k for k, row in enumerate(rows) if row["qe_z"] <= spans.SPAN_MAX_Z]
                    rev = self.qe.source_states([(part[k].source, part[k].target) for k in gated])
                    for k, st, probs in zip(gated, rev, learned.source_bad(rev)):
                        rows[k]["qe_src_tokens"] = [[a, b, round(p, 5)] for (a, b), p in zip(st.offsets, probs)]
            if self.langid:
                from ..langid import french_confidence

                # Cached with the model signals, so a cached run needs no lingua either.
                for row, s in zip(rows, part):
                    row["french"] = french_confidence(s.target)
            return rows

        keys = [text_key(s.source, s.target) for s in segments]
        while True:
            model_id = self.model_id
            try:
                values = cached_scores(self.cache, model_id, keys, compute)
                break
            except _StaleModelId:
                continue  # the recorded id was out of date: look up again under the loaded models' id
        out = []
        for seg, val in zip(segments, values):
            sim = val["similarity"]
            ts = TokenScores(tuple(tuple(o) for o in val.get("offsets", ())), tuple(val.get("logprobs", ())))
            fr = None
            if self.langid:
                from ..langid import french_confidence

                fr = val["french"] if "french" in val else french_confidence(seg.target)
            out.append({"similarity": float(sim), "tokens": ts, "french": fr, "qe_z": val.get("qe_z"),
                        "qe_tokens": val.get("qe_tokens"), "qe_src_tokens": val.get("qe_src_tokens")})
        return out

    def model_findings(self, seg: Segment, sig: dict[str, Any], found: Sequence[Finding]) -> list[Finding]:
        from ..detectors.learned import LowSimilarity, UnlikelySpan

        extra: list[Finding] = []
        if sig["tokens"].logprobs:
            ts = sig["tokens"]
            for start, end, s in unlikely_spans(seg.target, ts.offsets, ts.logprobs):
                if overlaps(start, end, found):
                    continue
                extra.append(UnlikelySpan().finding(
                    start, end, f"'{seg.target[start:end]}' is far less likely than its context ({s:.1f} nats)"))
        if sig.get("qe_tokens"):
            extra.extend(error_span_findings(seg, sig["qe_z"], sig["qe_tokens"], list(found) + extra))
        if sig.get("qe_src_tokens"):
            extra.extend(source_span_findings(seg, sig["qe_z"], sig["qe_src_tokens"], list(found) + extra))
        if seg.source.strip() and seg.target.strip():
            sim = sig["similarity"]
            z = (sim - self._sim_stats["mean"]) / max(self._sim_stats["sd"], 1e-3)
            if sim < LOW_SIM and z < LOW_SIM_Z and not any(f.start is None and f.side == "target" for f in found):
                extra.append(LowSimilarity().finding(
                    None, None, f"source and target are far apart (cosine {sim:.2f}; clean translations average "
                    f"{self._sim_stats['mean']:.2f})"))
        return extra

    def _signals_of(self, segments: Sequence[Segment]) -> list[dict[str, Any]]:
        """The chunk's signals: those detect_batch computed for this very chunk, else fresh."""
        if self._chunk is not None and self._chunk[0] is segments:
            return self._chunk[1]
        sigs = self.signals(segments)
        self._chunk = (segments, sigs)
        return sigs

    def detect_batch(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[list[Finding]]:
        """Raw model findings per segment, given the rules' reported ones (hooks.BatchDetector)."""
        if not segments:
            return []
        return [self.model_findings(seg, sig, found)
                for seg, found, sig in zip(segments, findings, self._signals_of(segments))]

    def score(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[dict[str, Any]]:
        """Scores per segment; `findings` are the reported ones, model findings included."""
        if not segments:
            return []
        out = []
        for seg, found, sig in zip(segments, findings, self._signals_of(segments)):
            ts = sig["tokens"]
            if sig.get("qe_z") is not None:
                # The head reads meaning itself: only the rules' findings lower it.
                qv = learned_quality(sig["qe_z"], [f for f in found if not is_model_code(f.code)])
            else:
                # The fast basis weighs every reported finding, the rules' first.
                ordered = [f for f in found if not is_model_code(f.code)] + [f for f in found if is_model_code(f.code)]
                qv = q.quality(seg.source, seg.target, penalty=penalty(ordered),
                               similarity=sig["similarity"], logprobs=ts.logprobs or None, french=sig["french"])
            row: dict[str, Any] = {
                "quality": round(qv, 6),
                "similarity": round(sig["similarity"], 6),
                "fluency": None if ts.mean is None else round(ts.mean, 6),
            }
            if sig["french"] is not None:
                row["french"] = round(sig["french"], 6)
            self._quality.append(qv)
            self._sims.append(sig["similarity"])
            if ts.mean is not None:
                self._flu.append(ts.mean)
            out.append(row)
        self._chunk = None
        return out

    def corpus(self) -> dict[str, Any]:
        if not self._quality:
            return {}
        return {
            "quality": round(self._quality.mean(), 4),
            "quality_basis": "learned+rules" if self._info["qe"] is not None else "fast+rules",
            "similarity": round(self._sims.mean(), 4),
            "fluency": round(self._flu.mean(), 4) if self._flu else None,
            # From the recorded ids: a fully cached run reports its models without loading them.
            "models": {"tier": self.tier, **{k: self._info[k] for k in ("encoder", "lm", "lm_dtype", "qe")}},
        }


TIERS = ("full", "fast")
# Rule findings lower the learned score: each by its MQM weight in DA points
# (minor 1, major 5, critical 25), and by at least RULE_POINTS_MIN, so a
# proven break (a lost final period, MQM weight 0.1) always costs something;
# at most RULE_POINTS_MAX in all. The head reads meaning; the rules prove
# surface breaks it does not weigh.
RULE_POINTS_MIN = 2.0
RULE_POINTS_MAX = 40.0


def learned_quality(z: float, findings: Sequence[Finding]) -> float:
    """Expected DA (0–100) from the learned head, less the rule findings' points."""
    from .. import qe as learned

    points = sum(max(RULE_POINTS_MIN, penalty([f])) for f in findings if not is_reserved(f.code))
    return max(0.0, learned.quality_from_z(z) - min(RULE_POINTS_MAX, points))


def is_model_code(code: str) -> bool:
    """Whether `code` is a model finding's (the registry's ModelFinding flag)."""
    from ..detectors import REGISTRY

    return bool(getattr(REGISTRY.get(code), "model_finding", False))


def head_digest() -> str:
    """A short digest of the shipped heads: part of the score cache key."""
    import hashlib
    from importlib import resources

    from .. import qe as learned

    data = resources.files("mtqa.data").joinpath(learned.HEAD_FILE).read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


class RunningMean:
    """A mean kept as a sum and a count, so corpus statistics need O(1) memory."""

    __slots__ = ("total", "count")

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    def append(self, value: float) -> None:
        self.total += value
        self.count += 1

    def __bool__(self) -> bool:
        return self.count > 0

    def mean(self) -> float:
        return self.total / self.count


class RulesQualityScorer:
    """`quality` without models: findings' penalty, length and casing only."""

    name = "quality"

    def __init__(self) -> None:
        self._quality = RunningMean()

    def score(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[dict[str, Any]]:
        out = []
        for seg, found in zip(segments, findings):
            qv = q.quality(seg.source, seg.target, penalty=penalty(found))
            self._quality.append(qv)
            out.append({"quality": round(qv, 6)})
        return out

    def corpus(self) -> dict[str, Any]:
        if not self._quality:
            return {}
        return {"quality": round(self._quality.mean(), 4), "quality_basis": "rules"}
