"""Scorers: MQM from findings, sacrebleu metrics with references, model signals.

A scorer has a `name`, `score(segments, findings) -> list of per-segment dicts`
and `corpus() -> dict` (mtqa/hooks.py). The model scorer is also the run's
batch detector: the model findings (ML1xx, ML2xx) come from its
`detect_batch`, which the engine runs after the rules and finishes like theirs.

Model scorers are imported lazily so that `import mtqa` never imports torch.
"""
