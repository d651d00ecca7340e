"""COMET / CometKiwi through the `unbabel-comet` package, when the user has it.

`--comet PATH` names a local checkpoint (a `.ckpt` file, or a model folder
with `checkpoints/model.ckpt`). Reference-free models (CometKiwi) score
source and target; reference-based ones need a reference on every segment
and skip segments without one. Nothing is downloaded.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any, Sequence

from . import ModelsUnavailable, configure_torch, missing_packages
from ..types import Finding, Segment


def _checkpoint(spec: str) -> Path:
    p = Path(spec).expanduser()
    if p.is_dir():
        p = p / "checkpoints" / "model.ckpt"
    if not p.is_file():
        raise ModelsUnavailable(f"COMET checkpoint not found: {spec} (give a .ckpt file or a model folder)")
    return p


class CometScorer:
    name = "comet"

    def __init__(self, spec: str, *, batch_size: int = 16) -> None:
        if missing_packages({"comet": "unbabel-comet"}):
            raise ModelsUnavailable("--comet needs the unbabel-comet package (pip install unbabel-comet)")
        path = _checkpoint(spec)
        configure_torch()
        from comet import load_from_checkpoint

        self.model = load_from_checkpoint(str(path))
        self.batch_size = batch_size
        self.spec = spec
        self._scores: list[float] = []

    @property
    def needs_reference(self) -> bool:
        return "ref" in getattr(self.model.hparams, "input_segments", ("src", "mt"))

    def score(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[dict[str, Any]]:
        rows, where = [], []
        for i, seg in enumerate(segments):
            row = {"src": seg.source, "mt": seg.target}
            if self.needs_reference:
                if seg.reference is None:
                    continue
                row["ref"] = seg.reference
            rows.append(row)
            where.append(i)
        out: list[dict[str, Any]] = [{} for _ in segments]
        if rows:
            pred = self.model.predict(rows, batch_size=self.batch_size, gpus=0, progress_bar=False)
            for i, s in zip(where, pred.scores):
                out[i] = {"comet": round(float(s), 6)}
                self._scores.append(float(s))
        return out

    def corpus(self) -> dict[str, Any]:
        if not self._scores:
            return {}
        return {"comet": round(statistics.fmean(self._scores), 6), "comet_model": self.spec}
