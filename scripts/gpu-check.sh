#!/usr/bin/env bash
# One-command GPU verification of a Crucible build.
#
#   scripts/gpu-check.sh [MINUTES] [--build DIR] [--out DIR] [--suite FILE] [--steps LIST] [--require-gpu] [--dry-run]
#
# Under a time budget (MINUTES, default 8), in one output folder:
#   1. the device and driver (nvidia-smi), crucible's version
#   2. every CTest test labelled `gpu` but the suite ones (JUnit XML beside the log)
#   3. crucible profile --refresh (the measured peaks; the benchmarks' % of peak uses them)
#   4. properties of every CUDA variant (suites/gpu.toml or --suite FILE, --props-only)
#   5. the GPU benchmark suite at reduced repetitions (results.json and the HTML report)
#   6. compute-sanitizer memcheck and racecheck over the same property suite, one CUDA variant
#      at a time so that every finding names its variant (what is left of the budget)
# and ends with a one-screen table per CUDA variant: properties, sanitizer, headline
# throughput and % of measured peak (summary.txt), plus gpu-status.md: the README's
# "GPU status" rows as this run supports them, and acceptance.md: the measurement's checks
# (profile against the H100's or H200's targets, event vs CUPTI time, cold vs hot, NVTX in CUPTI) as a table.
#
# The build: --build DIR; else the bundle this script sits in (scripts/gpu-bundle.sh BUILD DEST
# puts it in DEST/scripts next to DEST/build and DEST/lib); else build-gpu/ or build/ of the
# repository; else it configures and builds build-gpu-check/ in place (CUDA, sm_90) when the
# dependencies are there. Without a GPU it says so and exits 0 (2 with --require-gpu).
# --dry-run prints the plan and stops after the device check. --steps picks steps by name, e.g.
# --steps profile,bench (names: tests, profile, props, bench, sanitizer; default all of them).
set -uo pipefail

minutes=8
build=""
out=""
suite=""
require_gpu=0
dry_run=0
steps_wanted="tests,profile,props,bench,sanitizer"
usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --build) build=${2:?--build needs a folder}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --suite) suite=${2:?--suite needs a file}; shift 2 ;;
    --require-gpu) require_gpu=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    --steps)
      steps_wanted=${2:?--steps needs a list such as profile,bench}
      for step in ${steps_wanted//,/ }; do
        [[ $step =~ ^(tests|profile|props|bench|sanitizer)$ ]] ||
          { echo "gpu-check: unknown step '$step' (steps: tests, profile, props, bench, sanitizer)" >&2; exit 2; }
      done
      shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *)
      if [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; then
        minutes=$1; shift
      else
        echo "gpu-check: unknown argument '$1' (usage: gpu-check.sh [MINUTES] [--build DIR] [--out DIR] [--suite FILE] [--steps LIST] [--require-gpu] [--dry-run])" >&2
        exit 2
      fi ;;
  esac
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")  # the repository, or the bundle folder
start=$(date +%s)
budget=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 }')
deadline=$((start + budget))
say() { printf 'gpu-check: %s\n' "$*"; }

# ---- 1. is there a GPU? -------------------------------------------------------------------
gpu_line=""
if ! command -v nvidia-smi >/dev/null 2>&1; then
  no_gpu="nvidia-smi not found: no NVIDIA driver on this machine"
elif ! gpu_line=$(nvidia-smi --query-gpu=index,name,uuid,driver_version,memory.total --format=csv,noheader 2>&1) ||
  [[ -z $gpu_line ]]; then
  no_gpu="nvidia-smi reports no usable GPU (${gpu_line:-no output})"
else
  no_gpu=""
fi
if [[ -n $no_gpu ]]; then
  say "no GPU: $no_gpu; nothing to check here."
  say "on a GPU machine: scripts/gpu-bundle.sh BUILD DEST here, then DEST/scripts/gpu-check.sh there."
  exit $((require_gpu ? 2 : 0))
fi

# ---- the build tree --------------------------------------------------------------------------
libdir=""
if [[ -z $build ]]; then
  if [[ -x $root/build/bin/crucible && -d $root/lib ]]; then
    build=$root/build libdir=$root/lib  # a bundle
  else
    for candidate in build-gpu build-cuda build; do
      if [[ -x $root/$candidate/bin/crucible ]]; then build=$root/$candidate; break; fi
    done
  fi
fi
if [[ -z $build ]]; then
  if ((dry_run)); then
    say "dry run: no build tree; would configure and build $root/build-gpu-check (CUDA, sm_90)"
  else
    say "no build tree: building $root/build-gpu-check (CUDA, sm_90); its time counts against the budget"
    build=$root/build-gpu-check
    if ! { cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCRUCIBLE_CUDA=ON \
      -DCMAKE_CUDA_ARCHITECTURES=90 && cmake --build "$build" -j"$(nproc)"; } >"/tmp/gpu-check-build.$$.log" 2>&1; then
      tail -20 "/tmp/gpu-check-build.$$.log"
      say "cannot build here (log: /tmp/gpu-check-build.$$.log); build and bundle elsewhere: scripts/gpu-bundle.sh BUILD DEST"
      exit 3
    fi
  fi
fi
build=${build:+$(cd "$build" && pwd)}
[[ -z $libdir && -n $build && -d $build/../lib && -f $build/../bundle-origin.env ]] && libdir=$(cd "$build/../lib" && pwd)
export LD_LIBRARY_PATH=${libdir:+$libdir:}/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# The profile loads cuBLAS with dlopen (too large to bundle). A machine whose toolkit lacks it
# may still hold the one a Python wheel installed (nvidia-cublas): put that on the path.
if ! ldconfig -p 2>/dev/null | grep -q 'libcublas\.so\.13' && [[ ! -e /usr/local/cuda/lib64/libcublas.so.13 ]]; then
  wheel_cublas=$(find /opt /usr/local/lib /usr/lib -name 'libcublas.so.13' -path '*nvidia*' 2>/dev/null | head -1)
  if [[ -n $wheel_cublas ]]; then
    export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:$(dirname "$wheel_cublas")
    say "cuBLAS from a Python wheel: $(dirname "$wheel_cublas")"
  fi
fi
export PATH=$PATH:/usr/local/cuda/bin
crucible=${build:+$build/bin/crucible}

# A bundle was built elsewhere: point CTest's absolute paths at where it is now.
origin=${build:+$build/../bundle-origin.env}
if [[ -n $build && -f $origin ]]; then
  # shellcheck disable=SC1090
  source "$origin"
  src_now=$root
  [[ -d $root/harness ]] || src_now=$(cd "$build/.." && pwd)
  if [[ ${ORIGIN_BUILD:-} != "$build" || ${ORIGIN_SRC:-} != "$src_now" ]] && ((!dry_run)); then
    find "$build" -name CTestTestfile.cmake -exec sed -i \
      -e "s#${ORIGIN_BUILD}#${build}#g" -e "s#${ORIGIN_SRC}#${src_now}#g" {} +
    printf 'ORIGIN_BUILD=%q\nORIGIN_SRC=%q\n' "$build" "$src_now" >"$origin"
  fi
fi

suite=${suite:-$root/suites/gpu.toml}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${out:-$PWD/gpu-check-$stamp}

remaining() { echo $((deadline - $(date +%s))); }
# limit SHARE: seconds for a step, SHARE percent of the budget, within what is left.
limit() {
  local want=$((budget * $1 / 100)) left
  left=$(remaining)
  ((want > left)) && want=$left
  echo "$want"
}

if ((dry_run)); then
  say "dry run: device: $gpu_line"
  say "dry run: build ${build:-<to be built>}, crucible ${crucible:-?}, LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
  say "dry run: output folder $out, budget ${minutes} min"
  say "dry run: steps: ctest -L gpu (25%); crucible profile --refresh (10%); props of */cuda* (10%); GPU benchmarks, reduced (25%); compute-sanitizer memcheck (15%) and racecheck (rest) per CUDA variant"
  exit 0
fi
if [[ ! -x $crucible ]]; then
  say "no crucible in $build/bin"
  exit 3
fi
mkdir -p "$out" "$out/sanitizer"
export CRUCIBLE_PROFILE=$out/profile.json  # the benchmarks' % of peak comes from this run's profile
steps=$out/steps.tsv
printf 'step\texit\tseconds\tlog\n' >"$steps"

# run_step NAME SHARE CMD...: runs under `timeout` with its share of the budget, logs to OUT/NAME.log.
wanted() { [[ ,$steps_wanted, == *,$1,* ]]; }
run_step() {
  local name=$1 share=$2 t rc t0
  shift 2
  if ! wanted "${name/ctest-gpu/tests}"; then
    printf '%s	not asked	0	-
' "$name" >>"$steps"
    return 0
  fi
  t=$(limit "$share")
  if ((t < 5)); then
    say "$name: skipped, budget spent"
    printf '%s\tbudget\t0\t-\n' "$name" >>"$steps"
    return 124
  fi
  t0=$(date +%s)
  say "$name (up to ${t}s) ..."
  timeout --kill-after=10 "$t" "$@" >"$out/$name.log" 2>&1
  rc=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "$rc" "$(($(date +%s) - t0))" "$name.log" >>"$steps"
  ((rc == 124 || rc == 137)) && say "$name: timed out after ${t}s"
  return "$rc"
}

# ---- device ------------------------------------------------------------------------------------
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(hostname)"
  echo "gpu: $gpu_line"
  "$crucible" version
  nvidia-smi
  command -v nvcc >/dev/null && nvcc --version | tail -2
} >"$out/device.txt" 2>&1
say "device: $gpu_line"
say "$("$crucible" version 2>&1)"

# ---- 2. gpu-labelled tests ---------------------------------------------------------------------
# The suite_gpu_* tests are the props and bench steps below, run there with their output kept.
run_step ctest-gpu 25 ctest --test-dir "$build" -L gpu -E '^suite_' --output-on-failure --timeout 300 \
  --output-junit "$out/ctest-gpu.xml"
wanted tests && cp "$build/Testing/Temporary/LastTest.log" "$out/ctest-gpu-full.log" 2>/dev/null  # every test's output

# ---- 3. profile --------------------------------------------------------------------------------
run_step profile 10 "$crucible" profile --refresh
cp "$out/profile.log" "$out/profile.txt" 2>/dev/null

# ---- 4. properties of every CUDA variant -------------------------------------------------------
run_step props 10 "$crucible" run "$suite" --props-only --only '*cuda*' --out "$out/props"

# ---- 5. GPU benchmarks, reduced repetitions ----------------------------------------------------
run_step bench 25 "$crucible" run "$suite" --bench-only --repetitions 3 --min-time 0.02 --only '*cuda*' --out "$out/bench"

# ---- 6. compute-sanitizer, one CUDA variant at a time ------------------------------------------
variants=$(python3 - "$out/props/results.json" <<'EOF'
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except Exception:
    sys.exit(0)
for case in doc.get("cases", []):
    if "cuda" in case["name"].split("/")[-1] and case.get("status") not in ("skipped",):
        print(case["name"])
EOF
)
if ! wanted sanitizer; then
  echo "not asked (--steps)" >"$out/sanitizer/absent.txt"
elif ! command -v compute-sanitizer >/dev/null 2>&1; then
  say "compute-sanitizer not found: sanitizer checks not run"
  echo "compute-sanitizer not found" >"$out/sanitizer/absent.txt"
else
  for tool in memcheck racecheck; do
    share=$([[ $tool == memcheck ]] && echo 15 || echo 100)
    per=$(($(limit "$share") / $(printf '%s\n' "$variants" | grep -c . || echo 1) + 1))
    while read -r variant; do
      [[ -z $variant ]] && continue
      tag=${variant//\//_}
      t=$per
      (($(remaining) < t)) && t=$(remaining)
      if ((t < 5)); then
        echo "budget" >"$out/sanitizer/$tool-$tag.status"
        continue
      fi
      say "$tool $variant (up to ${t}s) ..."
      timeout --kill-after=10 "$t" compute-sanitizer --tool "$tool" --target-processes all \
        --log-file "$out/sanitizer/$tool-$tag-%p.log" --error-exitcode 86 \
        "$crucible" run "$suite" --props-only --only "$variant" --out "$out/sanitizer/$tool-$tag" \
        >"$out/sanitizer/$tool-$tag.out" 2>&1
      echo $? >"$out/sanitizer/$tool-$tag.status"
    done <<<"$variants"
  done
fi

# ---- summary -----------------------------------------------------------------------------------
python3 - "$out" "$gpu_line" <<'EOF' | tee "$out/summary.txt"
import glob, json, os, re, sys

out, gpu = sys.argv[1], sys.argv[2]

def load(path):
    try:
        return json.load(open(path))
    except Exception:
        return None

props = load(os.path.join(out, "props", "results.json")) or {}
bench = load(os.path.join(out, "bench", "results.json")) or {}
steps = {}
for line in open(os.path.join(out, "steps.tsv")).read().splitlines()[1:]:
    name, rc, seconds, _ = line.split("\t")
    steps[name] = (rc, seconds)

def sanitizer(tool, variant):
    tag = variant.replace("/", "_")
    status_file = os.path.join(out, "sanitizer", f"{tool}-{tag}.status")
    if os.path.exists(os.path.join(out, "sanitizer", "absent.txt")):
        return "absent"
    if not os.path.exists(status_file):
        return "not run"
    status = open(status_file).read().strip()
    if status == "budget":
        return "budget"
    text = ""
    for log in glob.glob(os.path.join(out, "sanitizer", f"{tool}-{tag}-*.log")) + [status_file.replace(".status", ".out")]:
        try:
            text += open(log, errors="replace").read()
        except OSError:
            pass
    if "Device not supported" in text or "not supported on" in text:
        return "unsupported"
    if status in ("124", "137"):
        return "timeout"
    errors = [int(n) for n in re.findall(r"ERROR SUMMARY: (\d+) error", text)]
    if any(errors) or status == "86":
        return f"{sum(errors) or '?'} errors"
    return "clean" if errors else f"exit {status}"

def rate(value, unit):
    for prefix in ["", "K", "M", "G", "T", "P"]:
        if abs(value) < 1000:
            return f"{value:.3g} {prefix}{unit}"
        value /= 1000
    return f"{value:.3g} E{unit}"

headline = {}
for entry in bench.get("benchmarks", []):
    if entry.get("aggregate_name", "median") != "median" and entry.get("run_type") == "aggregate":
        continue
    if entry.get("timing_mode") and not entry.get("primary"):
        continue
    case = entry.get("case", "")
    if "bytes_per_second" in entry:
        text = rate(entry["bytes_per_second"], "B/s")
    elif "ops_per_second" in entry:
        text = rate(entry["ops_per_second"], "op/s")
    else:
        text = f"{entry.get('real_time', 0):.3g} {entry.get('time_unit', '')}"
    peak = entry.get("percent_of_peak")
    pct = "-"
    if isinstance(peak, dict) and peak:
        share = max(peak.get("memory_bandwidth", 0), peak.get("compute", 0))
        pct = f"{share:.0f}% {peak.get('bound', '')}"
    # keep the largest parameter set (the last one listed)
    headline[case] = (text, pct)

cases = [c for c in props.get("cases", []) if "cuda" in c["name"].split("/")[-1]]
rows = []
for c in cases:
    name = c["name"]
    p = c.get("properties", {})
    status = c.get("status", "?")
    if status == "skipped":
        prop_text = "skipped: " + c.get("reason", "")[:40]
    else:
        prop_text = f"{p.get('passed', 0)}/{p.get('total', 0)} {status}"
    h = headline.get(name, ("-", "-"))
    rows.append((name, prop_text, sanitizer("memcheck", name), sanitizer("racecheck", name), h[0], h[1]))

head = ("CUDA variant", "properties", "memcheck", "racecheck", "headline", "% of peak")
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
print()
print(f"GPU check on {gpu}")
for name, (rc, seconds) in steps.items():
    print(f"  step {name:<10} exit {rc:>6}  {seconds:>4} s")
print()
print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
print("  ".join("-" * w for w in widths))
for r in rows:
    print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)))
if not rows:
    print("(no CUDA variants found: is the build made with CUDA and its plugins present?)")
# Rows for the README's "GPU status" table, from what this run showed (never more).
gpu_name = gpu.split(",")[1].strip() if "," in gpu else gpu
day = props.get("started", "")[:10] or "?"
with open(os.path.join(out, "gpu-status.md"), "w") as status:
    status.write("| CUDA variant | status |\n|---|---|\n")
    for c in cases:
        name = c["name"]
        p = c.get("properties", {})
        if name in headline and headline[name][0] != "-":
            text = f"performance measured on {gpu_name}, {day}"
            if c.get("status") == "passed":
                text = f"properties pass and " + text
        elif c.get("status") == "passed" and p.get("total", 0) > 0:
            text = f"properties pass on {gpu_name}, {day}"
        elif c.get("status") in ("failed", "error"):
            text = f"properties FAIL on {gpu_name}, {day}"
        else:
            text = "not yet run on a GPU"
        status.write(f"| {name} | {text} |\n")
reports = sorted(glob.glob(os.path.join(out, "**", "*.html"), recursive=True))
print()
print(f"output: {out}" + (f"; report: {reports[0]}" if reports else "") + "; README rows: gpu-status.md")
EOF
# ---- the measurement's acceptance, as README rows -------------------------------------------------
python3 - "$out" <<'EOF' | tee "$out/acceptance.md"
import json, os, re, sys

out = sys.argv[1]
rows = []
def row(check, target, measured, verdict):
    rows.append(f"| {check} | {target} | {measured} | {verdict} |")

def within(value, target, tolerance):
    return "yes" if abs(value - target) <= tolerance * target else "no"

# Targets by chip, in TB/s (device-to-device, read + write) and dense bf16 TFLOP/s. The H100 (SXM)
# targets are 3.0 TB/s and 770 TFLOP/s. The H200 has the H100's processor with faster HBM3e: its
# copy target is what PyTorch measured on an H200 (4.3 TB/s, a copy of 8.6 GB), its bf16 target
# the same 8192^3 product on random data (788 TFLOP/s there). Other chips get their numbers
# reported, not judged.
def targets_for(name):
    if "H200" in name:
        return {"d2d": 4.3, "bf16": 790, "source": "H200"}
    if "H100" in name and "PCIe" not in name:
        return {"d2d": 3.0, "bf16": 770, "source": "H100"}
    return None

# (target text, verdict) of a measured value against the chip's target named by key.
def judged(target, key, unit, value):
    if not target:
        return "reported (no target for this chip)", "-"
    return f"{target[key]} {unit} ± 10 % ({target['source']})", within(value, target[key], 0.10)

try:
    devices = json.load(open(os.path.join(out, "profile.json"))).get("gpu", {}).get("devices", [])
except Exception:
    devices = []
for d in devices:
    m = d.get("measured", {})
    name = d.get("name", "?")
    if "error" in d:
        row(f"{name}: crucible profile", "measured", "failed: " + d["error"], "no")
        continue
    target = targets_for(name)
    d2d = m.get("d2d_bytes_per_s", 0) / 1e12
    goal, verdict = judged(target, "d2d", "TB/s", d2d)
    row(f"{name}: device-to-device copy (read + write)", goal, f"{d2d:.2f} TB/s", verdict)
    gemm = m.get("gemm", {})
    bf16 = gemm.get("bf16", {})
    tf = bf16.get("flops", 0) / 1e12
    goal, verdict = judged(target, "bf16", "TFLOP/s", tf)
    if "flops" in bf16:
        row(f"{name}: bf16 GEMM {bf16.get('n', '?')}³ (cuBLAS)", goal, f"{tf:.0f} TFLOP/s", verdict)
    else:
        row(f"{name}: bf16 GEMM", goal, bf16.get("absent", "absent"), "no")
    for dtype in ("fp32", "tf32", "fp16", "fp8"):
        if "flops" in gemm.get(dtype, {}):
            row(f"{name}: {dtype} GEMM", "reported", f"{gemm[dtype]['flops'] / 1e12:.0f} TFLOP/s", "-")
    reads = m.get("reads", {})
    if reads:
        ratio = reads.get("read_cold_over_hot_time", 0)
        row(f"{name}: read of half the L2, cold / hot time", "> 1 (the L2 effect)", f"{ratio:.2f}", "yes" if ratio > 1.05 else "no")
    for key, label in (("h2d_pinned_bytes_per_s", "pinned host to device"), ("d2h_pinned_bytes_per_s", "pinned device to host")):
        if key in m:
            row(f"{name}: {label}", "reported", f"{m[key] / 1e9:.1f} GB/s", "-")
    if "launch_sync_latency_s" in m:
        row(f"{name}: launch + synchronize", "reported", f"{m['launch_sync_latency_s'] * 1e6:.1f} us", "-")
if not devices:
    row("crucible profile", "a GPU part", "absent (see profile.log)", "no")

log = ""
for name in ("ctest-gpu-full.log", "ctest-gpu.log"):
    try:
        log += open(os.path.join(out, name), errors="replace").read()
    except OSError:
        pass
m = re.search(r"event ([\d.]+) us per run, CUPTI kernel ([\d.]+) us per run, gap (-?[\d.]+)%", log)
if m:
    row("single long kernel: CUDA events vs CUPTI kernel time", "within 2 %",
        f"{m.group(1)} us vs {m.group(2)} us ({m.group(3)} %)", "yes" if abs(float(m.group(3))) <= 2 else "no")
else:
    row("single long kernel: CUDA events vs CUPTI kernel time", "within 2 %", "not measured (see ctest-gpu-full.log)", "no")
for m in re.finditer(r"read (\d+) MiB: cold median ([\d.]+) us .*?hot median ([\d.]+) us .*?cold/hot ([\d.]+)", log):
    row(f"read-only kernel over {m.group(1)} MiB, cold vs hot", "in L2: cold slower; beyond L2: about equal",
        f"{m.group(2)} us vs {m.group(3)} us (x{m.group(4)})", "-")
nvtx = "ok    NVTX case range appears in CUPTI records under its name" in log
row("NVTX case range in CUPTI records under the case's name", "present", "present" if nvtx else "not seen", "yes" if nvtx else "no")
print("\n| check | target | measured | met |\n|---|---|---|---|")
print("\n".join(rows))
EOF

say "done in $(($(date +%s) - start)) s; everything is in $out"
