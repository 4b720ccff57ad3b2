#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-16 (ASan + UBSan) in build-fuzz and runs them.
#   scripts/fuzz.sh [SECONDS]   fuzz each target SECONDS (default 30), starting from a temporary copy of
#                               tests/fuzz/corpus/<target>/ and tests/fuzz/regressions/<target>/
#   scripts/fuzz.sh --replay    run each target once over its corpus and regression inputs, no fuzzing
#   FUZZ_TARGETS="yaml config" scripts/fuzz.sh 60      only these targets
#   FUZZ_SEED=1 FUZZ_RUNS=5000 scripts/fuzz.sh 60   a fixed seed (0, the default, draws one) and at most 5000
#                               inputs per target: the same inputs on every machine, as CI runs it
# Targets run side by side, one per core. A crashing input and its log are copied to
# tests/fuzz/crashes/<target>/ (kept out of git: triage it, then add it to regressions/ under a name that
# says what it is). The repository's corpus never grows. Exits 1 when any target failed, after all ran.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

mode=fuzz
seconds=30
case "${1:-}" in
  --replay) mode=replay ;;
  "") ;;
  *[!0-9]* | 0)
    echo "usage: scripts/fuzz.sh [SECONDS] | --replay" >&2
    exit 2
    ;;
  *) seconds="$1" ;;
esac

"$here/scripts/install-deps.sh"

build_start=$SECONDS
CC=clang-16 CXX=clang++-16 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKUBESTRAP_FUZZ=ON \
  -DKUBESTRAP_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_targets
echo "== fuzz targets built in $((SECONDS - build_start)) s"

# The targets, as tests/fuzz/CMakeLists.txt declares them.
mapfile -t all_targets < <(sed -n 's/^kubestrap_fuzz_target(\([a-z_0-9]*\) .*/\1/p' tests/fuzz/CMakeLists.txt)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

# Longest input worth trying, by target: a little above the largest realistic file.
declare -A max_len=([config]=16384 [yaml]=8192 [kubeconfig]=8192 [duration]=64 [ip]=256 [token]=4096
  [jws]=4096 [pem]=8192 [proc]=8192 [containerd]=8192 [text_edits]=4096 [api]=4096)
declare -A dictionary=([config]=yaml [yaml]=yaml [kubeconfig]=yaml [token]=json [api]=json)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
# Symbolized stack traces need an llvm-symbolizer (packages llvm-16 or llvm); without one, addresses only.
for symbolizer in llvm-symbolizer-16 /usr/lib/llvm-16/bin/llvm-symbolizer llvm-symbolizer; do
  if command -v "$symbolizer" >/dev/null; then
    export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(command -v "$symbolizer")}"
    break
  fi
done

# Inputs of a target, one path a line: its seed corpus and its regression inputs.
inputs_of() {
  local dir
  for dir in "tests/fuzz/corpus/$1" "tests/fuzz/regressions/$1"; do
    [[ -d "$dir" ]] && find "$dir" -type f ! -name '.*' | sort
  done
  return 0
}

# Runs one target; writes $work/<target>/result: "ok|failed <runs> <what happened>".
run_target() {
  local target="$1" binary="build-fuzz/tests/fuzz/fuzz_$1" dir="$work/$1"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  local -a args=(-timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$target]:-4096}" -seed="${FUZZ_SEED:-0}"
    -artifact_prefix="$dir/artifacts/" -print_final_stats=1)
  [[ -n "${dictionary[$target]:-}" ]] && args+=(-dict="tests/fuzz/${dictionary[$target]}.dict")
  local -a inputs
  mapfile -t inputs < <(inputs_of "$target")
  local status=0
  if [[ $mode == replay ]]; then
    # Each file on its own, so that every failing input is named, not only the first.
    local input
    for input in "${inputs[@]}"; do
      timeout -s KILL 120 "$binary" "${args[@]}" "$input" >>"$dir/log" 2>&1 || {
        status=1
        echo "$input" >>"$dir/failed"
      }
    done
  else
    ((${#inputs[@]})) && cp "${inputs[@]}" "$dir/corpus/"
    # libFuzzer's out-of-memory report walks the whole heap first, which can take minutes: bound the run.
    local -a bound=(-max_total_time="$seconds")
    [[ -n "${FUZZ_RUNS:-}" ]] && bound+=(-runs="$FUZZ_RUNS")
    timeout -s KILL $((seconds + 120)) "$binary" "${args[@]}" "${bound[@]}" "$dir/corpus" >"$dir/log" 2>&1 ||
      status=$?
  fi
  local runs
  if [[ $mode == replay ]]; then
    runs="$(grep -c '^Executed ' "$dir/log" || true)"
  else
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | awk '{s += $1} END {print s + 0}')"
  fi
  if ((status == 0)); then
    echo "ok $runs" >"$dir/result"
    return 0
  fi
  local what
  what="$(grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error:|broken contract|what\(\)' \
    "$dir/log" | sed "s/^==[0-9]*== *//; s/^ *//; s|$here/||" || true)"
  ((status == 137)) && what="killed after the time limit (${what:-no report})"
  local saved="tests/fuzz/crashes/$target"
  mkdir -p "$saved"
  cp "$dir/log" "$saved/$mode.log"
  if [[ $mode == replay ]]; then
    # The failing inputs are already in the repository: name them.
    what+=" -> failing: $(paste -sd' ' "$dir/failed" 2>/dev/null)"
  else
    # A run killed in a hung report leaves no artifact; the log then holds the input's bytes.
    local artifact
    for artifact in "$dir"/artifacts/*; do
      [[ -e "$artifact" ]] || continue
      cp "$artifact" "$saved/"
      what+=" -> $saved/$(basename "$artifact")"
    done
  fi
  what+=" (log: $saved/$mode.log)"
  echo "failed $runs ${what:-exit status $status}" >"$dir/result"
}

for target in "${targets[@]}"; do
  [[ -x "build-fuzz/tests/fuzz/fuzz_$target" ]] || {
    echo "unknown fuzz target: $target (targets: ${all_targets[*]})" >&2
    exit 2
  }
done

run_start=$SECONDS
for target in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= $(nproc))); do wait -n || true; done
  run_target "$target" &
done
wait

failed=0
for target in "${targets[@]}"; do
  read -r result runs what <"$work/$target/result"
  if [[ $result == ok ]]; then
    printf '%-12s ok      %10s runs\n' "$target" "$runs"
  else
    failed=$((failed + 1))
    printf '%-12s FAILED  %10s runs  %s\n' "$target" "$runs" "$what"
  fi
done
label="fuzzed ${seconds} s each"
[[ -n "${FUZZ_RUNS:-}" ]] && label="fuzzed ${FUZZ_RUNS} inputs (at most ${seconds} s) each"
[[ $mode == replay ]] && label="replayed corpus and regressions"
echo "== ${#targets[@]} fuzz targets ${label} in $((SECONDS - run_start)) s: $((${#targets[@]} - failed)) ok, ${failed} failed"
((failed == 0))
