"""Scorers: MQM from findings, sacrebleu metrics with references, model signals.

Model scorers are imported lazily so that `import mtqa` never imports torch.
"""
