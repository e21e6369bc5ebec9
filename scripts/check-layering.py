#!/usr/bin/env python3
"""The harness's layering, from CMake's own view of a configured build (its file API) and the
sources' #include lines:

  - every folder harness/src/FOLDER is one library, crucible_FOLDER, built from that folder's
    files only;
  - the libraries' dependencies form no cycle;
  - a file that includes "OTHER/..." is in a library that depends on crucible_OTHER, so the
    headers follow the same one-way graph as the link.

Prints the graph (each folder and every folder it depends on, directly or through others) and
exits 1 on any violation.

usage: scripts/check-layering.py [BUILD_DIR]   (default: build, configured)
"""
import json
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build"))
src = os.path.join(root, "harness", "src")
reply = os.path.join(build, ".cmake", "api", "v1", "reply")
if not os.path.isdir(reply):
    # The project's CMakeLists asks for the code model; CMake answers it from the next configure.
    if not os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        sys.exit(f"check-layering: {build} is not a configured CMake build folder")
    os.makedirs(os.path.join(build, ".cmake", "api", "v1", "query"), exist_ok=True)
    open(os.path.join(build, ".cmake", "api", "v1", "query", "codemodel-v2"), "w").close()
    subprocess.run(["cmake", build], check=True, stdout=subprocess.DEVNULL)

index = json.load(open(os.path.join(reply, sorted(f for f in os.listdir(reply) if f.startswith("index-"))[-1])))
codemodel = json.load(open(os.path.join(reply, index["reply"]["codemodel-v2"]["jsonFile"])))
config = codemodel["configurations"][0]
targets = {}
for ref in config["targets"]:
    t = json.load(open(os.path.join(reply, ref["jsonFile"])))
    targets[t["id"]] = t
by_name = {t["name"]: t for t in targets.values()}

failures = []
folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
deps = {}
for folder in folders:
    name = f"crucible_{folder}"
    t = by_name.get(name)
    if t is None:
        failures.append(f"harness/src/{folder}: no library {name}")
        continue
    for s in t.get("sources", []):
        path = os.path.normpath(os.path.join(codemodel["paths"]["source"], s["path"]))
        if os.path.dirname(path) != os.path.join(src, folder) and not s.get("isGenerated"):
            failures.append(f"{name} compiles {os.path.relpath(path, root)}, a file of another folder")
    direct = set()
    for d in t.get("dependencies", []):
        other = targets[d["id"]]["name"]
        if other.startswith("crucible_") and other[len("crucible_"):] in folders:
            direct.add(other[len("crucible_"):])
    deps[folder] = direct

# Cycles, by depth-first search over the folder graph.
state = {}
def visit(folder, path):
    state[folder] = "open"
    for d in sorted(deps.get(folder, ())):
        if state.get(d) == "open":
            failures.append("cycle: " + " -> ".join(path[path.index(d):] + [d]) if d in path else f"cycle at {d}")
        elif d not in state:
            visit(d, path + [d])
    state[folder] = "done"
for folder in folders:
    if folder not in state:
        visit(folder, [folder])

def reachable(folder):
    seen, todo = set(), list(deps.get(folder, ()))
    while todo:
        f = todo.pop()
        if f not in seen:
            seen.add(f)
            todo.extend(deps.get(f, ()))
    return seen

include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')
for folder in folders:
    allowed = reachable(folder) | {folder}
    for file in sorted(os.listdir(os.path.join(src, folder))):
        path = os.path.join(src, folder, file)
        if not os.path.isfile(path) or file == "CMakeLists.txt":
            continue
        for n, line in enumerate(open(path, errors="replace"), 1):
            m = include.match(line)
            if m and m.group(1) in folders and m.group(1) not in allowed:
                failures.append(f"harness/src/{folder}/{file}:{n} includes {m.group(1)}/, "
                                f"which crucible_{folder} does not depend on")

for folder in folders:
    print(f"{folder:>10} -> {', '.join(sorted(deps.get(folder, ()))) or '(none)'}")
for f in failures:
    print("FAIL:", f)
print("layering: " + ("ok" if not failures else f"{len(failures)} violation(s)"))
sys.exit(1 if failures else 0)
