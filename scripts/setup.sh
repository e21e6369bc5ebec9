#!/usr/bin/env bash
# Installs everything Crucible needs to build and test on Debian 12 (run as root; idempotent:
# packages already present are not fetched again). CUDA is optional: nvcc in
# /usr/local/cuda/bin enables the CUDA variants (CUDA Toolkit 13 from NVIDIA).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git python3
  libbenchmark-dev librapidcheck-dev libtomlplusplus-dev libboost-dev libxxhash-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev libsqlite3-dev libbenchmark-tools
  libpng-dev libjpeg62-turbo-dev libicu-dev
  chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Test-only Python packages (references and Google Benchmark's compare.py), never the product's.
python_packages=(scipy numpy gguf pillow transformers tokenizers)
missing_python=()
for p in "${python_packages[@]}"; do
  module=$p
  [ "$p" = pillow ] && module=PIL  # imported under another name
  python3 -c "import $module" 2>/dev/null || missing_python+=("$p")
done
if [ ${#missing_python[@]} -gt 0 ]; then
  python3 -m pip install --quiet "${missing_python[@]}" 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages "${missing_python[@]}" ||
    echo "setup: could not install ${missing_python[*]} from PyPI; the tests that need them will skip" >&2
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run this script as root (sudo $0)" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
