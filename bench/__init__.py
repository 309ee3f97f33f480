"""Benchmarks (``make bench``): one JSON object per line on stdout."""
