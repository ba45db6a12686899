"""Timing helpers shared by the PyTorch baselines of mtlkit-bench (aggregators_torch.py,
training_torch.py): the same median-of-runs rule as tools/bench/src/timing.ts.

The scripts are launched as `python3 <path>/script.py` (tools/bench/src/torch.ts), so Python puts
this folder first on sys.path and `from bench_timing import ...` works from any working directory.
"""
import time


def median(xs):
    s = sorted(xs)
    h = len(s) // 2
    return s[h] if len(s) % 2 else (s[h - 1] + s[h]) / 2


def measure(f, runs, budget_s=8.0):
    """One untimed call, then up to `runs` timed calls (at least 3, stopping once they took
    `budget_s` seconds): median wall ms, median CPU ms, number of timed calls."""
    f()
    walls, cpus = [], []
    while len(walls) < runs and not (len(walls) >= 3 and sum(walls) > budget_s):
        w0, c0 = time.perf_counter(), time.process_time()
        f()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return 1000 * median(walls), 1000 * median(cpus), len(walls)
