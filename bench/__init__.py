"""Benchmarks of the build and of the query service (``make bench``; see bench/README.md)."""
