#!/usr/bin/env bash
# The kube-apiserver stand-in's request latency, BEFORE against this tree, side by side in one run: the
# stand-ins of BEFORE are built in a scratch worktree, those of this tree (and kubestrap, and the benchmark)
# in BUILD_DIR (default build), then bench/standin_latency.cpp runs one cluster of each and times the same
# requests against both in turn. Needs root (network namespaces).
#   bench/standin_latency.sh BEFORE [ROUNDS]     e.g. bench/standin_latency.sh 773a642 10
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
before="$1" rounds="${2:-10}" build="${BUILD_DIR:-$here/build}"
scratch="$(mktemp -d /tmp/kubestrap-latency-bench-XXXXXX)"
cleanup() {
  git -C "$here" worktree remove --force "$scratch/before" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
targets=(ks-control-plane-standin ks-kubelet-standin)
git -C "$here" worktree add --detach "$scratch/before" "$before" >/dev/null
cmake -S "$scratch/before" -B "$scratch/before/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$scratch/before/build" -j "$(nproc)" --target "${targets[@]}" >/dev/null
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target standin_latency >/dev/null
echo "before: $(git -C "$here" rev-parse --short "$before"), after: this tree ($(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo ' + changes'))"
"$build/bench/standin_latency" "$scratch/before/build/standin-bin" "$build/standin-bin" "$rounds"
