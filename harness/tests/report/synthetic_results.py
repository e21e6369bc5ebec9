"""Synthetic crucible.results/1 documents for the report and CLI tests (seeded, no timing)."""
import json
import random


def results(scale=1.0, seed=1, num_cpus=2, failed=False, reps=5, noise=0.005):
    rng = random.Random(seed)
    doc = {"schema": "crucible.results/1", "crucible_version": "test",
           "suite": {"name": "demo", "path": ""}, "seed": 42, "started": "2026-01-01T00:00:00Z",
           "context": {"num_cpus": num_cpus, "host_name": "ci"},
           "cases": [], "properties": [], "determinism": [], "benchmarks": [],
           "summary": {"passed": 2, "failed": 1 if failed else 0, "error": 0, "skipped": 0,
                       "exit_code": 1 if failed else 0}}
    for variant in ("cpu_ref", "cpu_fast"):
        case = "demo/sum/" + variant
        doc["cases"].append({"name": case, "status": "passed"})
        for n in (1000, 10000, 100000):
            name = "%s/n:%d/repeats:%d/real_time" % (case, n, reps)
            t = n * (1.0 if variant == "cpu_ref" else 0.25)
            if variant == "cpu_fast" and n == 100000:
                t *= scale
            for r in range(reps):
                doc["benchmarks"].append({"name": name, "run_name": name, "run_type": "iteration",
                                          "repetition_index": r, "real_time": t * (1 + rng.gauss(0, noise)),
                                          "time_unit": "ns", "case": case, "params": {"n": n}})
    if failed:
        doc["cases"].append({"name": "demo/sum/laws", "status": "failed"})
        doc["properties"].append({"case": "demo/sum/laws", "property": "sum is bounded", "status": "failed",
                                  "cases": 3, "counterexample": [["int", "7"]],
                                  "repro": "crucible run suite.toml --only demo/sum/laws --seed 42"})
    return doc


def write(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f)
