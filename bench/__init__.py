"""The benchmark: a deterministic archive-scale dataset and the measurements of issue 6.

Run with `python -m bench` (see bench/README.md)."""
