#!/bin/bash
# scripts/lab end to end: up with a worker, real kubectl through cp1's admin.conf, a command inside the
# worker reaching cp1 over the lab network, and down removing every namespace, process and directory.
set -euo pipefail
repo=$1
export KUBESTRAP_BIN=$2 KUBESTRAP_STANDIN_DIR=$3
export KUBESTRAP_LAB_NAME=kslabtest$$ KUBESTRAP_LAB_DIR=$(mktemp -d)/lab
lab=$repo/scripts/lab
trap '"$lab" down' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$lab" up --workers 1
"$lab" kubectl get node cp1 -o jsonpath='{.metadata.labels}' | grep -q control-plane || fail "cp1 not labelled"
[ "$("$lab" exec w1 -- sh -c 'echo $NODE_ROOT')" = "$KUBESTRAP_LAB_DIR/w1" ] || fail "NODE_ROOT"
"$lab" exec w1 -- kubestrap version | grep -q kubestrap || fail "kubestrap not on the node's PATH"
code=$("$lab" exec w1 -- curl -sk -o /dev/null -w '%{http_code}' \
  https://10.90.0.11:6443/api/v1/namespaces/kube-public/configmaps/cluster-info)
[ "$code" = 200 ] || fail "w1 cannot read cluster-info from cp1 (HTTP $code)"
"$lab" down
trap - EXIT
ip netns list | grep -q "$KUBESTRAP_LAB_NAME" && fail "namespaces left behind"
[ -e "$KUBESTRAP_LAB_DIR" ] && fail "lab directory left behind"
pgrep -f "$KUBESTRAP_LAB_DIR" >/dev/null && fail "processes left behind"
echo "lab: ok"
