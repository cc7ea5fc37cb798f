"""The review's substance, independent of any output format: the figures every output shares
(figures.py) and the Vietnamese prose built from them (prose.py)."""
