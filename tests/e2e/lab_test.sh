#!/bin/bash
# scripts/lab end to end, the topology most people start with: init on cp1 and two workers joined with the
# command cp1's 'token create --print-join-command' prints. Real kubectl and the official JavaScript client
# see three Ready nodes; each worker's kubelet holds a client certificate of the cluster CA for its node; a
# second join changes nothing; a join command made after every earlier token is gone still joins a machine
# (after a dry run of it), and so does a join that finds the cluster from a file; down removes every
# namespace, process and directory.
set -euo pipefail
repo=$1
export KUBESTRAP_BIN=$2 KUBESTRAP_STANDIN_DIR=$3
export KUBESTRAP_LAB_NAME=kslabtest$$ KUBESTRAP_LAB_DIR=$(mktemp -d)/lab
lab=$repo/scripts/lab
trap '"$lab" down' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
root() { echo "$KUBESTRAP_LAB_DIR/$1"; }

"$lab" up --workers 2
"$lab" kubectl wait --for=condition=Ready node/cp1 node/w1 node/w2 --timeout=60s >/dev/null ||
  fail "not every node is Ready: $("$lab" kubectl get nodes 2>&1)"
nodes=$("$lab" kubectl get nodes)
head -1 <<<"$nodes" | grep -Eq '^NAME +STATUS +ROLES +AGE +VERSION$' || fail "kubectl get nodes columns: $nodes"
grep -Eq '^cp1 +Ready +control-plane +[0-9]+[smh] +v1\.[0-9]+\.[0-9]+$' <<<"$nodes" || fail "cp1 in: $nodes"
for node in w1 w2; do
  grep -Eq "^$node +Ready +<none> +[0-9]+[smh] +v1\.[0-9]+\.[0-9]+$" <<<"$nodes" || fail "$node in: $nodes"
done

# cp1's static Pods as the kubelet mirrors them, listed by kubectl as on a real node.
mirrors="pod/etcd-cp1 pod/kube-apiserver-cp1 pod/kube-controller-manager-cp1 pod/kube-scheduler-cp1"
"$lab" kubectl wait -n kube-system --for=create $mirrors --timeout=60s >/dev/null || fail "no mirror pods"
"$lab" kubectl wait -n kube-system --for=condition=Ready $mirrors --timeout=60s >/dev/null || fail "mirror pods not Ready"
pods=$("$lab" kubectl get pods -n kube-system)
for pod in etcd kube-apiserver kube-controller-manager kube-scheduler; do
  grep -Eq "^$pod-cp1 +1/1 +Running +0 +[0-9]+[smh]$" <<<"$pods" || fail "no running $pod-cp1 in: $pods"
done

# Each worker's kubelet: a client certificate of the cluster CA for system:node:<name>, kubelet.conf pointing
# at it, the bootstrap credentials gone, and the same CA as cp1's.
for node in w1 w2; do
  r=$(root $node)
  cmp -s "$r/etc/kubernetes/pki/ca.crt" "$(root cp1)/etc/kubernetes/pki/ca.crt" || fail "$node has another ca.crt"
  [ ! -e "$r/etc/kubernetes/bootstrap-kubelet.conf" ] || fail "$node kept bootstrap-kubelet.conf"
  grep -q 'client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem' "$r/etc/kubernetes/kubelet.conf" ||
    fail "$node kubelet.conf: $(cat "$r/etc/kubernetes/kubelet.conf")"
  # The link points into the node's own root (/var/lib/kubelet/pki/kubelet-client-<time>.pem).
  cert=$r/var/lib/kubelet/pki/$(basename "$(readlink "$r/var/lib/kubelet/pki/kubelet-client-current.pem")")
  openssl verify -CAfile "$(root cp1)/etc/kubernetes/pki/ca.crt" "$cert" >/dev/null || fail "$node certificate"
  subject=$(openssl x509 -in "$cert" -noout -subject -nameopt RFC2253)
  [ "$subject" = "subject=CN=system:node:$node,O=system:nodes" ] || fail "$node subject: $subject"
  socket=$("$lab" kubectl get node $node -o jsonpath='{.metadata.annotations.kubeadm\.alpha\.kubernetes\.io/cri-socket}')
  [ "$socket" = unix:///var/run/containerd/containerd.sock ] || fail "$node's CRI socket annotation: '$socket'"
  jq -e '.exitCode == 0 and .nodeName == "'$node'" and .kubelet.user == "system:node:'$node'"' \
    "$KUBESTRAP_LAB_DIR/$node-join.json" >/dev/null || fail "$node join document: $(cat "$KUBESTRAP_LAB_DIR/$node-join.json")"
done

# The official JavaScript client lists the three nodes too.
seen=$("$lab" exec cp1 -- node "$repo/tests/node/client-node-check.mjs" "$(root cp1)/etc/kubernetes/admin.conf")
[ "$(jq -c .nodes <<<"$seen")" = '["cp1","w1","w2"]' ] || fail "client-node saw: $seen"

# A second join on a joined worker: exit 4, nothing on the node changed.
state() { (cd "$(root w1)" && find etc var/lib/kubelet -type f ! -path '*/pki/kubelet-client-*' -exec sha256sum {} + | sort); }
before=$(state)
join=$("$lab" exec cp1 -- kubestrap token create --print-join-command)
set +e
# shellcheck disable=SC2086
again=$("$lab" exec w1 -- $join --node-name w1 --skip-phases preflight 2>&1)
code=$?
set -e
[ $code = 4 ] || fail "second join exited $code: $again"
grep -q "kubelet.conf already" <<<"$again" || fail "second join said: $again"
[ "$(state)" = "$before" ] || fail "the second join changed w1"

# With every earlier token deleted, a new join command still joins a new machine.
for id in $("$lab" exec cp1 -- kubestrap token list -o json | jq -r '.tokens[].token' | cut -c1-6); do
  "$lab" exec cp1 -- kubestrap token delete "$id" >/dev/null
done
[ "$("$lab" exec cp1 -- kubestrap token list -o json | jq '.tokens | length')" = 0 ] || fail "tokens left"
"$lab" add w3 >/dev/null
join=$("$lab" exec cp1 -- kubestrap token create --print-join-command)
# A dry run first: discovery for real, the files into a scratch root, w3 itself untouched.
# shellcheck disable=SC2086
dry=$("$lab" exec w3 -- $join --node-name w3 --skip-phases preflight --dry-run -o json) || fail "dry run: $dry"
scratch=$(jq -r .rootDir <<<"$dry")
[ -z "$(ls -A "$(root w3)")" ] || fail "the dry run wrote into w3's root"
[ -f "$scratch/etc/kubernetes/bootstrap-kubelet.conf" ] || fail "the dry run wrote no bootstrap-kubelet.conf"
jq -e '.dryRun and .discovery.requests >= 2 and (.filesWritten | index("/var/lib/kubelet/config.yaml"))
  and ([.messages[].message] | any(startswith("Would run: systemctl restart kubelet")))' <<<"$dry" >/dev/null ||
  fail "dry run document: $dry"
rm -rf "$scratch"
# shellcheck disable=SC2086
said=$("$lab" exec w3 -- $join --node-name w3 --skip-phases preflight 2>/dev/null) || fail "w3 did not join"
grep -q "This node has joined the cluster" <<<"$said" && grep -q "kubectl get nodes" <<<"$said" ||
  fail "w3's join said: $said"
"$lab" kubectl wait --for=condition=Ready node/w3 --timeout=60s >/dev/null || fail "w3 not Ready"

# Another machine finds the cluster from a file instead: cluster-info's kubeconfig, with the token for the kubelet.
"$lab" add w4 >/dev/null
"$lab" kubectl get configmap cluster-info -n kube-public -o jsonpath='{.data.kubeconfig}' >"$KUBESTRAP_LAB_DIR/cluster.conf"
token=$(grep -o -- '--token [a-z0-9.]*' <<<"$join" | cut -d' ' -f2)
"$lab" exec w4 -- kubestrap join --discovery-file "$KUBESTRAP_LAB_DIR/cluster.conf" --token "$token" --node-name w4 \
  --skip-phases preflight -o json >"$KUBESTRAP_LAB_DIR/w4-join.json" || fail "w4: $(cat "$KUBESTRAP_LAB_DIR/w4-join.json")"
jq -e '.discovery.method == "file" and .kubelet.user == "system:node:w4"' "$KUBESTRAP_LAB_DIR/w4-join.json" >/dev/null ||
  fail "w4 join document: $(cat "$KUBESTRAP_LAB_DIR/w4-join.json")"
"$lab" kubectl wait --for=condition=Ready node/w4 --timeout=60s >/dev/null || fail "w4 not Ready"

"$lab" down
trap - EXIT
ip netns list | grep -q "$KUBESTRAP_LAB_NAME" && fail "namespaces left behind"
[ -e "$KUBESTRAP_LAB_DIR" ] && fail "lab directory left behind"
pgrep -f "$KUBESTRAP_LAB_DIR" >/dev/null && fail "processes left behind"
echo "lab: ok"
