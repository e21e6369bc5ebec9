#!/usr/bin/env python3
"""Peer of kato/score: RapidFuzz's process.cdist with the Indel scorer, the way KATO's plan
meant to adopt it, on the state and patterns the workload exports (docs/peers.md).

kato_indel_rapidfuzz.py [--workers W] --input IN --params P --output OUT --benchmark_out T
                        --repetitions N --min-time S --threads T

--workers: RapidFuzz's workers (1: one thread; -1: every core). Symbol ids become code points
(ids at and above U+D800 skip the surrogates), so RapidFuzz runs its string path; only the
cdist call is timed. Output: the int32 Indel distance of the state against each pattern.
Exits 77 when rapidfuzz or numpy is not installed.
"""
import struct
import sys
import time

try:
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Indel
except ImportError as e:
    print(f"kato_indel_rapidfuzz: {e.name} is not installed (pip install rapidfuzz numpy)")
    sys.exit(77)
from peer_protocol import parse_args, write_times

args = parse_args(lambda parser: parser.add_argument("--workers", type=int, default=1))

data = open(args.input, "rb").read()
(m,) = struct.unpack_from("<I", data, 0)
state = np.frombuffer(data, dtype="<u4", count=m, offset=4)
(count,) = struct.unpack_from("<Q", data, 4 + 4 * m)
offsets = np.frombuffer(data, dtype="<u8", count=count + 1, offset=12 + 4 * m)
symbols = np.frombuffer(data, dtype="<u4", offset=12 + 4 * m + 8 * (count + 1))


def text(ids):
    return "".join(chr(i if i < 0xD800 else i + 0x800) for i in ids.tolist())


query = text(state)
patterns = [text(symbols[offsets[p]:offsets[p + 1]]) for p in range(count)]

times, result = [], None
for _ in range(args.repetitions):
    start = time.perf_counter_ns()
    result = process.cdist([query], patterns, scorer=Indel.distance, dtype=np.int32, workers=args.workers)
    times.append(time.perf_counter_ns() - start)
with open(args.output, "wb") as f:
    f.write(np.ascontiguousarray(result[0], dtype="<i4").tobytes())
write_times(args.benchmark_out, "kato_indel_rapidfuzz", times,
            {"peer": "rapidfuzz.process.cdist(Indel.distance)", "workers": args.workers})
