"""What every peer program shares: the arguments Crucible passes (docs/peers.md) and the
Google Benchmark JSON of its per-repetition times."""
import argparse
import json


def parse_args(add_own=None):
    """--input, --params, --output, --benchmark_out, --repetitions, --min-time, --threads, plus
    the peer's own options added by add_own(parser)."""
    parser = argparse.ArgumentParser()
    if add_own:
        add_own(parser)
    for flag in ("--input", "--params", "--output", "--benchmark_out"):
        parser.add_argument(flag, required=True)
    parser.add_argument("--repetitions", type=int, required=True)
    parser.add_argument("--min-time", type=float, default=0.0)
    parser.add_argument("--threads", type=int, default=1)
    return parser.parse_args()


def write_times(path, name, times_ns, context):
    """One iteration entry per repetition, in nanoseconds."""
    with open(path, "w") as f:
        json.dump({"context": context,
                   "benchmarks": [{"name": name, "run_type": "iteration", "real_time": t, "time_unit": "ns"}
                                  for t in times_ns]}, f)
