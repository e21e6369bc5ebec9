#!/usr/bin/env python3
"""Every command against bad input, from one table: each `crucible` command (run, list,
compare, report, ab, history, calibrate, profile, the plugins' kato, gguf and vl), ci/gate.sh
and vl_tokenize get at least one missing file, corrupt file or bad option value. For each case:

- the exit code is the README's (2 bad input or usage, 3 infrastructure or resource);
- stderr is one line, naming the problem (the case's needle), with no raw library text
  (`[json.exception`, `filesystem error`), no `terminate called`, no sanitizer report;
- no crash (death by a signal) and no hang (each case has a time limit);
- no data loss: every file the case started with (a knowledge base, a history store, an
  earlier report) is there afterwards, byte for byte, and no scratch folder is left in TMPDIR.

The README states the count as "N bad inputs, 0 crashes, 0 hangs, 0 data loss"; this test fails
when N is not the number of cases it ran, so the number cannot drift from the table.

usage: check_every_command.py CRUCIBLE VL_TOKENIZE SOURCE_DIR FIXTURE_PLUGINS WORK
"""
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys

crucible, vl_tokenize, source, fixtures, work = sys.argv[1:6]
crucible, vl_tokenize, source, fixtures = (os.path.abspath(p) for p in (crucible, vl_tokenize, source, fixtures))
shutil.rmtree(work, ignore_errors=True)
inputs = os.path.join(work, "inputs")   # every file a case may read or must leave alone
cwd = os.path.join(work, "cwd")         # where commands run: their default outputs land here
tmp = os.path.join(work, "tmp")         # TMPDIR: scratch folders must not stay behind
for d in (inputs, cwd, tmp):
    os.makedirs(d)
env = dict(os.environ, TMPDIR=tmp, CRUCIBLE_HISTORY="off")
CASE_SECONDS = 120  # a case still running after this is a hang


def path(name):
    return os.path.join(inputs, name)


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path(name), mode) as f:
        f.write(data)
    return path(name)


def le(v, n):
    return v.to_bytes(n, "little")


# --- the inputs -------------------------------------------------------------------------
good_suite = write("good.toml", '[[select]]\nplugin = "healthy"\n')
peer_head = '[[select]]\nplugin = "healthy"\n[[peer]]\nname = "p"\n'
peer_no_command = write("peer-no-command.toml", peer_head + 'plugin = "healthy"\nworkload = "prefix_sum"\n')
peer_no_plugin = write("peer-no-plugin.toml", peer_head + 'plugin = "nope"\nworkload = "w"\ncommand = ["true"]\n')
peer_no_workload = write("peer-no-workload.toml", peer_head + 'plugin = "healthy"\nworkload = "nope"\ncommand = ["true"]\n')
peer_bad_metric = write("peer-bad-metric.toml", peer_head + 'plugin = "healthy"\nworkload = "prefix_sum"\n'
                        'command = ["true"]\nequal = { metric = "close", tolerance = 1 }\n')
gbench_bad = write("gbench-bad.toml", '[[gbench]]\nbinary = 3\n')
gbench_missing = write("gbench-missing.toml", '[[gbench]]\nbinary = "no_such_bench"\n')
malformed_suite = write("malformed.toml", '[suite]\nname = "x"\nseed = = 3\n')
not_a_folder = write("a-file", "not a folder\n")
os.makedirs(path("a-folder"))
text_plugin = write("notes.so", "a text file, not a plugin\n")
good_results = write("good.json", json.dumps({"schema": "crucible.results/1", "benchmarks": [
    {"name": "p/w/v/n:1", "run_name": "p/w/v/n:1", "run_type": "iteration", "real_time": 10.0, "time_unit": "ns"}]}))
corrupt_results = write("corrupt.json", "this is not JSON\n")
truncated_results = write("truncated.json", open(good_results).read()[:40])
not_a_list = write("not-a-list.json", json.dumps({"schema": "crucible.results/1", "benchmarks": "notalist"}))
future = write("future.json", json.dumps({"schema": "crucible.results/99", "benchmarks": []}))
earlier_md = write("earlier.md", "# an earlier report that a failed command must not replace\n")
earlier_html = write("earlier.html", "<p>an earlier report</p>\n")
corrupt_store = write("corrupt.sqlite", "this is not a database\n" * 100)
store = path("history.sqlite")
made = subprocess.run([crucible, "history", "add", good_results, "--db", store], env=env, cwd=cwd,
                      capture_output=True, text=True, timeout=60)
assert made.returncode == 0, made.stderr
kb = write("kb.jsonl", "".join(json.dumps({"events": [[f"s{i}", f"t{i}"], ["u"]]}) + "\n" for i in range(50)))
corrupt_kb = write("corrupt.jsonl", '{"events": [["a", "b"]]}\n{"events": [["a", \n')
# 45 bytes: magic, one symbol, one stable pattern (empty name, frequency 1) whose event count
# claims 4 billion events.
crafted_kbin = write("crafted.kbin", b"KATOKB01" + le(1, 8) + le(1, 4) + b"a" + le(1, 8) + le(0, 4) +
                     le(1, 8) + le(0xFFFFFFFF, 4))
assert os.path.getsize(crafted_kbin) == 45
truncated_kbin = write("truncated.kbin", b"KATOKB01" + le(3, 8)[:5])
state = write("state.json", json.dumps([["s1"], ["t1"]]))
corrupt_state = write("corrupt-state.json", "[[\"s1\"], [")
corrupt_gguf = write("corrupt.gguf", "this is not a GGUF file\n")
truncated_gguf = write("truncated.gguf", b"GGUF" + le(3, 4) + b"\xff\xff")
earlier_gguf = write("earlier.gguf", "an earlier model file that a refused synth must leave alone\n")
png = open(os.path.join(source, "plugins/vl_preproc/tests/data/rgb8_37x23.png"), "rb").read()
good_png = write("good.png", png)
corrupt_png = write("corrupt.png", png[:len(png) // 2])
vl_out = path("vl-out")
os.makedirs(vl_out)
with open(os.path.join(vl_out, "preprocess.json"), "w") as f:
    f.write('{"an earlier": "output"}\n')
tokenizer = os.path.join(source, "kernels/vl_preproc/tokenizer/tests/data/small_tokenizer.json")
corrupt_tokenizer = write("corrupt-tokenizer.json", open(tokenizer).read()[:200])
gate = os.path.join(source, "ci/gate.sh")
addresses = write("addresses.csv", "addr_hash_key,addr_text,city_id,pincode\n1,\"flat 3, mg road, pune\",PNQ,411001\n")
malformed_csv = write("malformed.csv", "addr_hash_key,addr_text,city_id,pincode\n1,mg road,BLR,560001\n2,\"never closed,BLR,1\n")
no_columns_csv = write("no-columns.csv", "id,text\n1,mg road\n")
bad_parse_config = write("parse.toml", "threads = 2\ngpu_share = 1.5\n")
corrupt_weights = write("weights.txt", "crucible-address-weights 1\nW 5 12 1\n")
os.makedirs(path("shard-corrupt"))
corrupt_shard = write("shard-corrupt/results.json", "this is not JSON\n")
os.makedirs(path("not-a-shard"))
not_a_shard = write("not-a-shard/results.json", open(good_results).read())
address_out = os.path.join(work, "address-out")  # created by the commands that get that far

missing = path("missing")  # a path that does not exist; each case adds a suffix
F = ["--plugins", fixtures]

# --- the table: (arguments, expected exit code, needle stderr must name[, environment]) ----
# The first element is a program; "crucible" stands for the crucible under test.
cases = [
    # crucible itself
    (["crucible"], 2, "missing COMMAND"),
    (["crucible", "frobnicate"], 2, "unknown command 'frobnicate'"),
    (["crucible", "version", "extra"], 2, "version takes no arguments"),
    (["crucible", "help", "run"], 2, "for a command's help: crucible COMMAND --help"),
    # run
    (["crucible", "run"], 2, "needs one suite file"),
    (["crucible", "run", missing + ".toml"] + F, 2, "cannot read suite file"),
    (["crucible", "run", "--gbench", missing + ".bin"], 2, "missing.bin: no such file"),
    (["crucible", "run", "--gbench", not_a_folder], 2, "a-file: not executable"),
    (["crucible", "run", "--gbench-filter", "BM_"], 2, "--gbench-filter needs --gbench BINARY"),
    (["crucible", "run", malformed_suite] + F, 2, "malformed.toml:3:"),
    (["crucible", "run", good_suite, "--frobnicate"] + F, 2, "unknown option '--frobnicate'"),
    (["crucible", "run", good_suite, "--repetitions", "0"] + F, 2, "--repetitions must be >= 1, got 0"),
    (["crucible", "run", good_suite, "--min-time", "abc"] + F, 2, "--min-time must be a number, got 'abc'"),
    (["crucible", "run", good_suite, "--memory-limit", "inf"] + F, 2, "--memory-limit must be a finite number"),
    (["crucible", "run", good_suite, "--seed", "-1"] + F, 2, "--seed must be >= 0, got -1"),
    (["crucible", "run", good_suite, "--reproduce", "garbage"] + F, 2, "not a reproduction string"),
    (["crucible", "run", good_suite, "--out", not_a_folder] + F, 2, "exists and is not a folder"),
    (["crucible", "run", good_suite, "--plugins", missing + "-plugins"], 2, "no such file or folder"),
    (["crucible", "run", peer_no_command] + F, 2, "peer-no-command.toml:3:1: [[peer]] needs command"),
    (["crucible", "run", peer_no_plugin] + F, 2, "[[peer]] names plugin 'nope', which was not found"),
    (["crucible", "run", peer_no_workload] + F, 2, "[[peer]] names workload 'nope'"),
    (["crucible", "run", peer_bad_metric] + F, 2, "peer-bad-metric.toml:8:20: [[peer]] equal metric must be one of"),
    (["crucible", "run", gbench_bad], 2, "gbench-bad.toml:2:10: [[gbench]] binary must be a string"),
    (["crucible", "run", gbench_missing], 2, "gbench-missing.toml:1:1: [[gbench]] binary " + path("no_such_bench") + ": no such file"),
    # list
    (["crucible", "list", "--frobnicate"], 2, "unknown option '--frobnicate'"),
    (["crucible", "list", "--plugins", missing + "-plugins"], 2, "no such file or folder"),
    (["crucible", "list", "--plugins", text_plugin], 3, "did not load"),
    # compare
    (["crucible", "compare", good_results], 2, "two results files"),
    (["crucible", "compare", missing + ".json", good_results], 2, "cannot read the results file"),
    (["crucible", "compare", corrupt_results, good_results], 2, "corrupt.json: not JSON"),
    (["crucible", "compare", good_results, truncated_results], 2, "truncated.json: not JSON"),
    (["crucible", "compare", good_results, not_a_list], 2, "benchmarks: expected an array, got string"),
    (["crucible", "compare", good_results, future], 2, "'crucible.results/99' is not one this crucible reads"),
    (["crucible", "compare", good_results, good_results, "--min-effect", "2"], 2, "--min-effect must be between 0 and 1"),
    (["crucible", "compare", good_results, good_results, "--alpha", "0"], 2, "--alpha must be between 0 and 1"),
    (["crucible", "compare", good_results, good_results, "--seed", "1.5"], 2, "--seed must be an integer, got '1.5'"),
    (["crucible", "compare", good_results, good_results, "--inconclusive", "maybe"], 2, "--inconclusive must be"),
    (["crucible", "compare", good_results, good_results, "--md", path("a-folder")], 2, "is a folder, not a file"),
    (["crucible", "compare", corrupt_results, good_results, "--md", earlier_md], 2, "corrupt.json: not JSON"),
    # report
    (["crucible", "report"], 2, "at least one results file"),
    (["crucible", "report", missing + ".json"], 2, "cannot read the results file"),
    (["crucible", "report", corrupt_results, "--html", earlier_html], 2, "corrupt.json: not JSON"),
    (["crucible", "report", good_results, "--csv", not_a_folder + "/report.csv"], 2, "is not a folder"),
    (["crucible", "report", good_results, "--base", truncated_results], 2, "truncated.json: not JSON"),
    (["crucible", "report", good_results, "--min-effect", "abc"], 2, "--min-effect must be a number, got 'abc'"),
    # ab
    (["crucible", "ab", missing + ".toml", "--a", fixtures, "--b", fixtures], 2, "cannot read suite file"),
    (["crucible", "ab", good_suite, "--a", fixtures], 2, "needs both builds"),
    (["crucible", "ab", good_suite, "--a", fixtures, "--b", fixtures, "--rounds", "1"], 2, "--rounds must be >= 2, got 1"),
    (["crucible", "ab", good_suite, "--a", fixtures, "--b", fixtures, "--seed", "x"], 2, "--seed must be an integer"),
    (["crucible", "ab", good_suite, "--a", fixtures, "--b", fixtures, "--metric", "joules"], 2, "--metric"),
    (["crucible", "ab", good_suite, "--a", fixtures, "--b", missing + "-plugins"], 2, "no such file or folder"),
    (["crucible", "ab", good_suite, "--a", fixtures, "--b", fixtures, "--out", not_a_folder], 2, "exists and is not a folder"),
    (["crucible", "ab", "--gbench-a", missing + "-bench", "--gbench-b", missing + "-bench"], 2, "-bench: no such file"),
    (["crucible", "ab", "--gbench-a", text_plugin, "--gbench-b", text_plugin], 2, "notes.so: not executable"),
    # history
    (["crucible", "history"], 2, "needs list, show RUN"),
    (["crucible", "history", "list", "--db", missing + ".sqlite"], 2, "no history store at"),
    (["crucible", "history", "list", "--db", corrupt_store], 2, "not a crucible history store"),
    (["crucible", "history", "add", corrupt_results, "--db", store], 2, "corrupt.json: not JSON"),
    (["crucible", "history", "list", "--db", store, "--limit", "0"], 2, "--limit must be >= 1, got 0"),
    (["crucible", "history", "trend", "*", "--db", store, "--since", "garbage"], 2, "--since must be an ISO 8601 date"),
    (["crucible", "history", "trend", "*", "--db", store, "--min-effect", "abc"], 2, "--min-effect must be a number"),
    (["crucible", "history", "show", "99999", "--db", store], 2, "no run 99999"),
    (["crucible", "history", "show", "abc", "--db", store], 2, "a number from crucible history list; got 'abc'"),
    # fleet: run --shard, merge, slurm
    (["crucible", "run", good_suite, "--shard", "0/3"] + F, 2, "--shard 0/3: K must be between 1 and N (3)"),
    (["crucible", "run", good_suite, "--shard", "4/3"] + F, 2, "--shard 4/3: K must be between 1 and N (3)"),
    (["crucible", "run", good_suite, "--shard", "x"] + F, 2, "--shard must be K/N"),
    (["crucible", "run", good_suite, "--shard", "1/0"] + F, 2, "--shard 1/0: N must be between 1 and"),
    (["crucible", "merge", "--out", "merged"], 2, "merge needs the shards' folders"),
    (["crucible", "merge", path("not-a-shard")], 2, "merge needs --out DIR"),
    (["crucible", "merge", path("shard-corrupt"), "--out", "merged"], 2, "results.json: not JSON"),
    (["crucible", "merge", path("not-a-shard"), "--out", "merged"], 2, "is not a shard's results"),
    (["crucible", "merge", path("a-folder"), "--out", "merged"], 2, "none of the 1 folder(s) holds a shard's results.json"),
    (["crucible", "merge", not_a_folder, "--out", "merged"], 2, "a-file: not a folder"),
    (["crucible", "merge", path("not-a-shard"), "--out", "merged", "--slurm-job", "1;true"], 2, "--slurm-job must be a Slurm job id"),
    (["crucible", "slurm"], 2, "missing subcommand"),
    (["crucible", "slurm", "cancel"], 2, "unknown subcommand 'cancel'"),
    (["crucible", "slurm", "submit", good_suite, "--out", "cluster"], 2, "needs --shards N"),
    (["crucible", "slurm", "submit", good_suite, "--shards", "0", "--out", "cluster"], 2, "--shards must be >= 1, got 0"),
    (["crucible", "slurm", "submit", malformed_suite, "--shards", "2", "--out", "cluster"], 2, "malformed.toml:3:"),
    (["crucible", "slurm", "submit", good_suite, "--shards", "2", "--out", "cluster"], 3, "sbatch is not on PATH",
     {"PATH": "/nonexistent"}),
    (["crucible", "slurm", "status", "x7"], 2, "'x7' is not a Slurm job id"),
    (["crucible", "slurm", "status", "7"], 3, "neither squeue nor sacct is on PATH", {"PATH": "/nonexistent"}),
    # calibrate, profile
    (["crucible", "calibrate", "extra"], 2, "takes no positional arguments"),
    (["crucible", "calibrate", "--synthetic", "--rounds", "1"], 2, "--rounds must be"),
    (["crucible", "calibrate", "--synthetic", "--json", not_a_folder + "/rates.json"], 2, "is not a folder"),
    (["crucible", "profile", "--frobnicate"], 2, "unknown option '--frobnicate'"),
    (["crucible", "profile", "--quick", "--out", path("a-folder")], 2, "is a folder, not a file"),
    # ci/gate.sh
    (["bash", gate, "--frobnicate"], 2, "unknown option '--frobnicate'"),
    (["bash", gate, "--crucible", crucible, "--out", "gate"], 2, "nothing to compare"),
    (["bash", gate, "--crucible", crucible, "--out", "gate", "--base-results", missing + ".json",
      "--head-results", good_results], 2, "cannot read the results file"),
    (["bash", gate, "--crucible", crucible, "--out", "gate", "--base-results", corrupt_results,
      "--head-results", good_results], 2, "corrupt.json: not JSON"),
    # kato
    (["crucible", "kato"], 2, "missing subcommand"),
    (["crucible", "kato", "forget", kb], 2, "unknown subcommand 'forget'"),
    (["crucible", "kato", "predict", kb], 2, "predict needs --state"),
    (["crucible", "kato", "predict", missing + ".jsonl", "--state", state], 2, "missing.jsonl: cannot open file"),
    (["crucible", "kato", "predict", corrupt_kb, "--state", state], 2, "corrupt.jsonl:2: invalid JSON"),
    (["crucible", "kato", "predict", crafted_kbin, "--state", state], 2, "does not fit"),
    (["crucible", "kato", "predict", truncated_kbin, "--state", state], 2, "truncated.kbin: truncated file"),
    (["crucible", "kato", "predict", kb, "--state", corrupt_state], 2, "corrupt-state.json: invalid JSON"),
    (["crucible", "kato", "predict", kb, "--state", state, "--threshold", "2"], 2, "--threshold must be in [0, 1]"),
    (["crucible", "kato", "predict", kb, "--state", state, "--max", "many"], 2, "--max: not a non-negative integer"),
    (["crucible", "kato", "predict", kb, "--state", state, "--device", "tpu"], 2, "--device must be cpu or cuda"),
    (["crucible", "kato", "learn", corrupt_kb, "--stm", state], 2, "corrupt.jsonl:2: invalid JSON"),
    (["crucible", "kato", "learn", kb, "--stm", corrupt_state], 2, "corrupt-state.json: invalid JSON"),
    (["crucible", "kato", "learn", path("a-folder"), "--stm", state], 2, "is a folder, not a file"),
    # gguf
    (["crucible", "gguf"], 2, "missing subcommand"),
    (["crucible", "gguf", "quantize"], 2, "unknown subcommand 'quantize'"),
    (["crucible", "gguf", "info", missing + ".gguf"], 2, "missing.gguf: cannot open"),
    (["crucible", "gguf", "info", corrupt_gguf], 2, "corrupt.gguf: not a GGUF file"),
    (["crucible", "gguf", "info", truncated_gguf], 2, "truncated.gguf: truncated file"),
    (["crucible", "gguf", "dequant", corrupt_gguf, "token_embd.weight"], 2, "corrupt.gguf: not a GGUF file"),
    (["crucible", "gguf", "generate", truncated_gguf], 2, "truncated.gguf: truncated file"),
    (["crucible", "gguf", "generate", missing + ".gguf", "--prompt", "0"], 2, "--prompt and --gen must be at least 1"),
    (["crucible", "gguf", "synth", "--mix", "q3", "--out", earlier_gguf], 2, "unknown mix 'q3'"),
    (["crucible", "gguf", "synth", "--seed", "-1", "--out", earlier_gguf], 2, "--seed needs a non-negative integer"),
    # vl
    (["crucible", "vl"], 2, "missing subcommand"),
    (["crucible", "vl", "resize"], 2, "unknown subcommand 'resize'"),
    (["crucible", "vl", "preprocess"], 2, "no images given"),
    (["crucible", "vl", "preprocess", missing + ".png"], 2, "missing.png: cannot open"),
    (["crucible", "vl", "preprocess", corrupt_png, "--out", vl_out], 2, "corrupt.png"),
    (["crucible", "vl", "preprocess", good_png, "--model", "llama"], 2, "--model must be qwen2, qwen2.5 or qwen3"),
    (["crucible", "vl", "preprocess", good_png, "--max-pixels", "x"], 2, "--max-pixels: not a non-negative integer"),
    (["crucible", "vl", "preprocess", good_png, "--out", not_a_folder + "/out"], 2, "cannot create the folder"),
    (["crucible", "vl", "preprocess", good_png, "--text", "hi"], 2, "--text needs --tokenizer"),
    (["crucible", "vl", "preprocess", good_png, "--text", "hi", "--tokenizer", corrupt_tokenizer], 2,
     "corrupt-tokenizer.json"),
    (["crucible", "vl", "preprocess", good_png, "--text", "<|image_pad|><|image_pad|>", "--tokenizer", tokenizer], 2,
     "2 <|image_pad|> placeholder(s) for 1 image(s)"),
    # address
    (["crucible", "address"], 2, "missing subcommand"),
    (["crucible", "address", "frobnicate"], 2, "unknown subcommand 'frobnicate'"),
    (["crucible", "address", "parse", "--out", address_out], 2, "at least one input CSV file"),
    (["crucible", "address", "parse", addresses], 2, "needs --out DIR"),
    (["crucible", "address", "parse", missing + ".csv", "--out", address_out], 2, "missing.csv: no such file"),
    (["crucible", "address", "parse", malformed_csv, "--out", address_out, "--quiet"], 2,
     "malformed.csv:3: quoted field never closed"),
    (["crucible", "address", "parse", no_columns_csv, "--out", address_out, "--quiet"], 2,
     "no-columns.csv:1: missing required column 'addr_text'"),
    (["crucible", "address", "parse", addresses, "--out", address_out, "--threads", "lots"], 2,
     "--threads must be an integer in [0, 1024]"),
    (["crucible", "address", "parse", addresses, "--out", address_out, "--config", bad_parse_config], 2,
     "parse.toml:2:13: gpu_share must be a number in [0, 1]"),
    (["crucible", "address", "parse", addresses, "--out", not_a_folder + "/out"], 2, "not a folder"),
    (["crucible", "address", "eval", "--weights", missing + ".txt"], 2, "missing.txt: cannot open"),
    (["crucible", "address", "eval", "--weights", corrupt_weights], 2, "weights.txt"),
    (["crucible", "address", "eval", "--count", "0"], 2, "--count must be in [1, 10000000]"),
    (["crucible", "address", "train"], 2, "train needs --out FILE"),
    (["crucible", "address", "generate", "--rows", "0", "--out", address_out + ".csv"], 2, "--rows must be an integer"),
    # vl_tokenize
    ([vl_tokenize, "--text", "hello"], 2, "--tokenizer"),
    ([vl_tokenize, "--tokenizer", missing + ".json", "--text", "hello"], 2, "missing.json"),
    ([vl_tokenize, "--tokenizer", corrupt_tokenizer, "--text", "hello"], 2, "corrupt-tokenizer.json: invalid JSON"),
]
# A resource this machine lacks: no CUDA device is visible to this case (CUDA_VISIBLE_DEVICES
# empty), on a machine with a GPU or without one.
NO_GPU = {"CUDA_VISIBLE_DEVICES": ""}
cases.append((["crucible", "kato", "predict", kb, "--state", state, "--device", "cuda"], 3, "--device cuda", NO_GPU))
cases.append((["crucible", "address", "parse", addresses, "--out", address_out, "--device", "cuda"], 3, "--device cuda",
              NO_GPU))

RAW = ("[json.exception", "filesystem error", "terminate called", "what():", "AddressSanitizer", "LeakSanitizer",
       "runtime error:", "Traceback", "Aborted", "Segmentation fault", "core dumped")


def snapshot():
    """Every file under inputs/ with the hash of its bytes."""
    files = {}
    for root, _, names in os.walk(inputs):
        for n in names:
            p = os.path.join(root, n)
            files[os.path.relpath(p, inputs)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return files


failures, crashes, hangs, losses = [], 0, 0, 0
table = ["| command | exit | stderr |", "|---|---|---|"]  # written to WORK/cases.md
before = snapshot()
for argv, code, needle, *extra_env in cases:
    argv = [crucible if a == "crucible" else a for a in argv]
    what = " ".join([os.path.basename(argv[0])] + [os.path.relpath(a, work) if a.startswith(work) else a for a in argv[1:]])
    try:
        run = subprocess.run(argv, env=dict(env, **(extra_env[0] if extra_env else {})), cwd=cwd, capture_output=True,
                             text=True, timeout=CASE_SECONDS)
    except subprocess.TimeoutExpired:
        hangs += 1
        failures.append(f"`{what}`: still running after {CASE_SECONDS} s")
        continue
    lines = [l for l in run.stderr.splitlines() if l.strip()]
    problems = []
    if run.returncode < 0:
        crashes += 1
        problems.append(f"killed by signal {-run.returncode}")
    elif run.returncode != code:
        problems.append(f"exit {run.returncode}, expected {code}")
    if len(lines) != 1:
        problems.append(f"{len(lines)} lines on stderr, expected 1")
    if needle not in run.stderr:
        problems.append(f"stderr does not name the problem ({needle!r})")
    if any(r in run.stderr for r in RAW):
        if run.returncode >= 0 and any(r in run.stderr for r in ("AddressSanitizer", "runtime error:", "terminate called")):
            crashes += 1
        problems.append("raw library, runtime or sanitizer text on stderr")
    after = snapshot()
    changed = sorted(n for n in before if after.get(n) != before[n])
    if changed:
        losses += 1
        problems.append(f"changed or removed {changed}")
    before = after  # new files (none are expected) do not count twice
    if problems:
        failures.append(f"`{what}`: " + "; ".join(problems) + f"\n      stderr: {run.stderr.strip()[-600:]}")
    print(("ok    " if not problems else "FAIL  ") + f"exit {run.returncode}  {what}")
    shown = lambda t: t.replace(fixtures, "FIXTURES").replace(work + "/", "").replace(source + "/", "").replace(crucible, "crucible").replace("|", "\\|")
    table.append(f"| `{shown(what)}` | {run.returncode} | {shown(run.stderr.strip())} |")

with open(os.path.join(work, "cases.md"), "w") as f:
    f.write("\n".join(table) + "\n")
leftover = os.listdir(tmp)
if leftover:
    failures.append(f"scratch left in TMPDIR: {leftover}")

# The README's count is this table's: "N bad inputs, 0 crashes, 0 hangs, 0 data loss".
readme = open(os.path.join(source, "README.md")).read()
stated = re.search(r"(\d+) bad inputs, 0 crashes, 0 hangs, 0 data loss", readme)
if not stated:
    failures.append("README.md lacks the line 'N bad inputs, 0 crashes, 0 hangs, 0 data loss'")
elif int(stated.group(1)) != len(cases):
    failures.append(f"README.md says {stated.group(1)} bad inputs; this test runs {len(cases)}")

print(f"{len(cases)} bad inputs, {crashes} crashes, {hangs} hangs, {losses} data loss; {len(failures)} failure(s)")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
