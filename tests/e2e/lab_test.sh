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
# cp1's static Pods as the kubelet mirrors them, listed by kubectl as on a real node.
mirrors="pod/etcd-cp1 pod/kube-apiserver-cp1 pod/kube-controller-manager-cp1 pod/kube-scheduler-cp1"
"$lab" kubectl wait -n kube-system --for=create $mirrors --timeout=60s >/dev/null || fail "no mirror pods"
"$lab" kubectl wait -n kube-system --for=condition=Ready $mirrors --timeout=60s >/dev/null || fail "mirror pods not Ready"
pods=$("$lab" kubectl get pods -n kube-system)
for pod in etcd kube-apiserver kube-controller-manager kube-scheduler; do
  grep -Eq "^$pod-cp1 +1/1 +Running +0 +[0-9]+[smh]$" <<<"$pods" || fail "no running $pod-cp1 in: $pods"
done
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
