"""The operator's tools written in Python (benchmarks, chaos, the schema fuzzer), each run
from the project's root through its shell script beside this file (ops/bench, ops/chaos,
ops/fuzz)."""
