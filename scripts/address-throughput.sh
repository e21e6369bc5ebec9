#!/usr/bin/env bash
# End-to-end throughput of `crucible address parse` on a generated CSV, at 1 and 2 threads,
# beside the I/O limit: the time to read the same input bytes and write the same output bytes
# (in the same chunks, fsynced each, as the command does) with no parsing at all.
# usage: scripts/address-throughput.sh [CRUCIBLE] [ROWS]
set -euo pipefail
crucible=${1:-build/bin/crucible}
rows=${2:-200000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$crucible" address generate --rows "$rows" --seed 3 --out "$dir/in.csv" >/dev/null
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $rows rows, $(du -h "$dir/in.csv" | cut -f1) in"
echo "| run | seconds | rows/s |"
echo "|---|---|---|"
for t in 1 2; do
  "$crucible" address parse "$dir/in.csv" --out "$dir/t$t" --threads "$t" --quiet >/dev/null
  python3 - "$dir/t$t" "$t" <<'PY'
import glob, json, sys
m = json.load(open(glob.glob(sys.argv[1] + "/*_processed_*.json")[0]))
print(f"| parse, {sys.argv[2]} thread(s), CSV to CSV | {m['seconds']:.3f} | {m['rows_per_s']:,.0f} |")
PY
done
python3 - "$dir/in.csv" "$(ls "$dir"/t1/*_processed_*.csv)" "$dir/io.csv" "$rows" <<'PY'
import os, sys, time
src, produced, dst, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
out = open(produced, "rb").read()
chunks = max(1, (rows + 16383) // 16384)
t0 = time.perf_counter()
data = open(src, "rb").read()
fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
step = (len(out) + chunks - 1) // chunks
for i in range(0, len(out), step):
    os.write(fd, out[i:i + step])
    os.fsync(fd)
os.close(fd)
s = time.perf_counter() - t0
print(f"| I/O only: read {len(data) / 1e6:.1f} MB, write {len(out) / 1e6:.1f} MB, no parsing | {s:.3f} | {rows / s:,.0f} |")
PY
