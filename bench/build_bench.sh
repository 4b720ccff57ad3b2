#!/usr/bin/env bash
# Clean-build time of two commits, side by side in one run: each is checked out into a scratch worktree,
# configured as scripts/test.sh configures it (RelWithDebInfo) and built from nothing with
# `cmake --build -j$(nproc)`, one after the other, alternating for ROUNDS rounds. Prints wall and CPU
# time (user + system: the figure another process on the machine moves least) per build, their ratios,
# and the largest preprocessed translation units of each (bench/preprocessed_sizes.py).
#   bench/build_bench.sh BEFORE AFTER [ROUNDS]     e.g. bench/build_bench.sh 8c6f07e HEAD 1
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
before="$1" after="$2" rounds="${3:-1}"
scratch="$(mktemp -d /tmp/kubestrap-build-bench-XXXXXX)"
cleanup() {
  for name in before after; do git -C "$here" worktree remove --force "$scratch/$name" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT
git -C "$here" worktree add --detach "$scratch/before" "$before" >/dev/null
git -C "$here" worktree add --detach "$scratch/after" "$after" >/dev/null

declare -A wall cpu
for ((round = 1; round <= rounds; round++)); do
  for name in before after; do
    rm -rf "$scratch/$name/build"
    cmake -S "$scratch/$name" -B "$scratch/$name/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    /usr/bin/time -f "%e %U %S" -o "$scratch/$name.time" cmake --build "$scratch/$name/build" -j "$(nproc)" >/dev/null
    read -r w u s <"$scratch/$name.time"
    wall[$name]+="$w " cpu[$name]+="$(echo "$u + $s" | bc) "
    echo "round $round: $name ($(git -C "$here" rev-parse --short "${!name}")) built in $w s wall, $(echo "$u + $s" | bc) s CPU"
  done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wb=$(echo "${wall[before]}" | median) wa=$(echo "${wall[after]}" | median)
cb=$(echo "${cpu[before]}" | median) ca=$(echo "${cpu[after]}" | median)
echo "clean build, $(nproc) cores, median of $rounds: before ${wb} s wall / ${cb} s CPU, after ${wa} s wall / ${ca} s CPU"
echo "after / before: wall $(echo "scale=2; $wa / $wb" | bc), CPU $(echo "scale=2; $ca / $cb" | bc)"
for name in before after; do
  echo "largest translation units, $name:"
  python3 "$here/bench/preprocessed_sizes.py" "$scratch/$name/build" --top 5
done
