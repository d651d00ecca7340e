"""Scorers: MQM from findings, sacrebleu metrics with references, model signals.

A scorer has a `name`, `score(segments, findings) -> list of per-segment dicts`
and `corpus() -> dict`. A per-segment dict may carry extra findings (model
findings, ML1xx) under the reserved key `EXTRA_FINDINGS`; the pipeline merges
them into the segment's findings before reports and the summary.

Model scorers are imported lazily so that `import mtqa` never imports torch.
"""

EXTRA_FINDINGS = "_findings"
