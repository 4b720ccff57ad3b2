#!/bin/bash
# kubestrap join end to end in the lab, and the lab's scale.
#
#   bench/join_bench.sh [ROUNDS] [WORKERS]
#
# 1. A lab with cp1 only; then ROUNDS machines (default 10) are added and joined one after another with the
#    command cp1's 'token create --print-join-command' prints. For each join: its wall time, its CPU time,
#    and, from its -o json document, the time spent waiting on others — discovery (the API server), the
#    kubelet becoming healthy, the kubelet's TLS bootstrap (CSR, approval, signing) — so that kubestrap's
#    own part is what is left (the wait for the kubelet to register its Node, before the CRI socket
#    annotation, is waiting too); and its reaction to kubelet.conf (from the kubelet writing it to join having
#    checked the new credential with the API server).
# 2. `scripts/lab up --workers WORKERS` (default 20) from nothing: time until it returns, and until kubectl
#    sees every node Ready.
# Needs root, a build (KUBESTRAP_BIN, KUBESTRAP_STANDIN_DIR as for scripts/lab) and jq.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-10} workers=${2:-20}
export KUBESTRAP_LAB_NAME=ksjoinbench KUBESTRAP_LAB_DIR=${TMPDIR:-/tmp}/ksjoinbench
lab=$repo/scripts/lab
trap '"$lab" down >/dev/null 2>&1 || true' EXIT
"$lab" down >/dev/null 2>&1 || true
now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

"$lab" up >/dev/null
join=$("$lab" exec cp1 -- kubestrap token create --print-join-command)
results=$KUBESTRAP_LAB_DIR/join-rounds
: >"$results"
printf '%-5s %8s %8s %10s %10s %12s %8s %8s %10s\n' node wall_ms cpu_ms discovery kubelet_up tls_bootstrap node_ms own_ms reaction
for i in $(seq 1 "$rounds"); do
  node=w$i
  "$lab" add "$node" >/dev/null
  TIMEFORMAT='%U %S'
  start=$(now_ms)
  # shellcheck disable=SC2086
  { time "$lab" exec "$node" -- $join --node-name "$node" --skip-phases preflight -o json >"$KUBESTRAP_LAB_DIR/$node.json"; } 2>"$KUBESTRAP_LAB_DIR/$node.cpu"
  wall=$(($(now_ms) - start))
  cpu=$(awk '{printf "%.0f", ($1 + $2) * 1000}' "$KUBESTRAP_LAB_DIR/$node.cpu")
  read -r discovery healthy bootstrap registered reaction < <(jq -r '[.discovery.milliseconds,
    .kubelet.waitedForHealthMs, .kubelet.waitedForTLSBootstrapMs, .kubelet.waitedForNodeMs,
    .kubelet.reactionToKubeletConfMs] | map(. // 0) | @tsv' "$KUBESTRAP_LAB_DIR/$node.json")
  own=$(awk -v w="$wall" -v d="$discovery" -v h="$healthy" -v b="$bootstrap" -v r="$registered" \
    'BEGIN {printf "%.0f", w - d - h - b - r}')
  printf '%-5s %8d %8d %10.1f %10d %12d %8d %8d %10.1f\n' "$node" "$wall" "$cpu" "$discovery" "$healthy" "$bootstrap" \
    "$registered" "$own" "$reaction"
  echo "$wall $cpu $discovery $healthy $bootstrap $own $reaction $registered" >>"$results"
done
for column in 1:wall_ms 2:cpu_ms 3:discovery_ms 4:kubelet_healthy_ms 5:tls_bootstrap_ms 8:node_registered_ms 6:own_ms 7:reaction_ms; do
  echo "median ${column#*:}: $(awk -v c="${column%%:*}" '{print $c}' "$results" | median)"
done
echo "max reaction_ms: $(awk '{print $7}' "$results" | sort -n | tail -1)"
"$lab" down >/dev/null

start=$(now_ms)
"$lab" up --workers "$workers" >/dev/null
up=$(($(now_ms) - start))
nodes=$(for i in $(seq 1 "$workers"); do printf 'node/w%d ' "$i"; done)
# shellcheck disable=SC2086
"$lab" kubectl wait --for=condition=Ready node/cp1 $nodes --timeout=300s >/dev/null
ready=$(($(now_ms) - start))
count=$("$lab" kubectl get nodes --no-headers | grep -c ' Ready ')
echo "lab up --workers $workers: returned after ${up} ms, $count nodes Ready after ${ready} ms"
