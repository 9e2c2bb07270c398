"""Benchmarks. Each prints `BENCH <name> <value> <unit> target <op><number>` lines.

Run all with `make bench` (python -m bench); one module with `python -m bench pages`.
Figures are ratios against a baseline measured in the same run, or counts, never raw
seconds: the machines are noisy.
"""
