"""`make bench`: Loyalty Desk's benchmark, driven over HTTP against `make serve` and the sandbox.

See docs/benchmark.md for what each figure measures and how to reproduce it.
"""
