"""Placeholder: detectors of this family are not written yet."""

DETECTORS: tuple = ()
