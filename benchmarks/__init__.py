"""Benchmarks of report-gen (not tests): `python -m benchmarks --help`."""
