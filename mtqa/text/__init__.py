"""Text primitives shared across mtqa, defined once.

`WORD` is what mtqa counts as a word: a run of letters or digits, with
inner apostrophes and hyphens ("aujourd'hui", "well-known"). Detectors
(`Context.target_words`), the MQM score's per-word denominator, the quality
formula, the learned estimator's word spans and the perturbations all read
this one pattern, so a "word" means the same thing in a finding's span, in
its weight and in the score.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
