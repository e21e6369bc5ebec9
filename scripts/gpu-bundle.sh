#!/usr/bin/env bash
# Bundle a build tree so it runs on a GPU machine that has the CUDA toolkit but not this
# machine's Debian libraries (Boost, Google Benchmark, toml++, SQLite, ...).
#
#   gpu-bundle.sh BUILD_DIR DEST_DIR
#
# Copies BUILD_DIR to DEST_DIR/build and every shared library its ELF files need that is
# neither part of glibc/libstdc++ nor of CUDA (those exist there, newer or equal) into
# DEST_DIR/lib. On the GPU machine run with:
#   export LD_LIBRARY_PATH=DEST_DIR/lib:/usr/local/cuda/lib64:$LD_LIBRARY_PATH
# or simply DEST_DIR/scripts/gpu-check.sh [MINUTES], which sets that itself.
#
# Also written: DEST_DIR/bundle-origin.env (the source and build folders the tree was built
# in, so gpu-check.sh can point CTest's absolute paths at the new place) and copies of
# scripts/gpu-check.sh and suites/*.toml.
set -euo pipefail
src=${1:?BUILD_DIR}; dest=${2:?DEST_DIR}
mkdir -p "$dest/lib"
rm -rf "$dest/build" && mkdir -p "$dest/build" && cp -a "$src/." "$dest/build/"
find "$dest/build" -name CMakeFiles -type d -prune -exec rm -rf {} +
find "$dest/build" \( -name '*.o' -o -name '*.a' \) -type f -delete
skip='^(linux-vdso|ld-linux|libc\.|libm\.|libpthread|libdl\.|librt\.|libutil|libgcc_s|libstdc\+\+|libcuda\.|libnvidia|libcudart|libcublas|libcufft|libcurand|libcusolver|libcusparse|libnvrtc|libnvJitLink|libnvToolsExt|libnvtx)'
# libcupti travels: its activity records must match the headers it was built against, and a
# toolkit may keep it under extras/CUPTI/lib64, off the library path.
find "$dest/build" -type f \( -perm -u+x -o -name '*.so*' \) -print0 |
  while IFS= read -r -d '' f; do
    [[ $(head -c4 "$f" | od -An -c | tr -d ' ') == '177ELF' ]] || continue
    ldd "$f" 2>/dev/null | awk '/=> \//{print $1" "$3}'
  done | sort -u | while read -r name path; do
    [[ $name =~ $skip ]] && continue
    [[ $path == /usr/local/cuda* && $name != libcupti* ]] && continue
    cp -L "$path" "$dest/lib/$name"
  done
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
origin_build=$(cd "$src" && pwd)
origin_src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$src/CMakeCache.txt" 2>/dev/null || true)
printf 'ORIGIN_BUILD=%q\nORIGIN_SRC=%q\n' "$origin_build" "${origin_src:-$(dirname "$here")}" >"$dest/bundle-origin.env"
mkdir -p "$dest/scripts" "$dest/suites"
cp "$here/gpu-check.sh" "$dest/scripts/"
cp "$(dirname "$here")"/suites/*.toml "$dest/suites/" 2>/dev/null || true
du -sh "$dest" | awk '{print "bundle: "$1" in '"$dest"'"}'
