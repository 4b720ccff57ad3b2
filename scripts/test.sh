#!/usr/bin/env bash
# Installs what the tests need, builds kubestrap, and runs every test: unit, integration (real openssl, etcd,
# kubectl, schema validator) and end-to-end, then the unit tests once more under ASan + UBSan, then 5000
# inputs of each fuzz target (scripts/fuzz.sh).
#   scripts/test.sh              everything
#   scripts/test.sh -L unit      only one label (unit, integration, e2e); extra arguments go to ctest
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jobs="$(nproc)"

"$here/scripts/install-deps.sh"

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs" "$@")

if [[ $# -eq 0 ]]; then
  echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  # File by file (no unity build): every source must compile on its own includes.
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKUBESTRAP_SANITIZE=ON -DCMAKE_UNITY_BUILD=OFF >/dev/null
  cmake --build build-asan -j "$jobs" --target unit_tests
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs" -L unit)

  echo "== fuzz targets (libFuzzer, clang-16), 5000 inputs each"
  # A fixed seed and number of inputs: every run explores the same inputs, so a red run is this change's,
  # not chance's (the time limit only bounds a slow target). Longer exploration: scripts/fuzz.sh 600.
  FUZZ_SEED=1 FUZZ_RUNS=5000 "$here/scripts/fuzz.sh" 60
fi
