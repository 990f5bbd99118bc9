"""Benchmarks of framing against its peers; run them all with ``make bench`` (``python -m benchmarks``)."""
