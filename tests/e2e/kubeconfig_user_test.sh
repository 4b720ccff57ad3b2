#!/bin/bash
# kubestrap kubeconfig user in the lab (kubeadm's `kubeconfig user`): the kubeconfigs it prints on cp1 are
# used by real kubectl, and the API server answers as a 1.32 one does. whoami shows the name and groups;
# RBAC decides what each may do — kubeadm:cluster-admins everything, a plain user nothing until an admin binds
# its group or name; a node identity gets the node authorizer's answers; a token user authenticates with
# the token (and needs no CA key); an expired certificate and one of another CA are Unauthorized. Bad input
# and a missing CA key are refused with the CLI's exit codes, and cp1's files never change.
set -euo pipefail
repo=$1
export KUBESTRAP_BIN=$2 KUBESTRAP_STANDIN_DIR=$3
scratch=$(mktemp -d)
export KUBESTRAP_LAB_NAME=kskcfg$$ KUBESTRAP_LAB_DIR=$scratch/lab
lab=$repo/scripts/lab
trap '"$lab" down; rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$lab" up >/dev/null
cp1=$KUBESTRAP_LAB_DIR/cp1
# cp1's kubeconfigs and PKI, contents and modes: kubeconfig user reads them and must change nothing.
state() { (cd "$cp1/etc/kubernetes" && find . -maxdepth 2 -type f -exec stat -c '%a %n' {} + -exec sha256sum {} + | sort); }
before=$(state)

# user FILE ARGS...: kubestrap kubeconfig user on cp1 (its root from the lab), stdout into FILE; stderr must
# stay empty (nothing but the kubeconfig is printed, and only on stdout).
user() {
  local file=$scratch/$1; shift
  "$lab" exec cp1 -- kubestrap kubeconfig user "$@" >"$file" 2>"$scratch/stderr" ||
    fail "kubeconfig user $*: $(cat "$scratch/stderr")"
  [ ! -s "$scratch/stderr" ] || fail "kubeconfig user $* wrote to stderr: $(cat "$scratch/stderr")"
}
as() { local file=$scratch/$1; shift; "$lab" exec cp1 -- kubectl --kubeconfig "$file" "$@"; }
# can FILE ARGS...: kubectl auth can-i's answer (it exits 1 for "no").
can() { as "$@" 2>&1 || true; }
expect_can() { # expect_can ANSWER FILE ARGS...
  local want=$1; shift
  local got; got=$(can "$@")
  [ "$got" = "$want" ] || fail "$1: auth can-i ${*:2}: '$got', expected '$want'"
}
whoami_is() { # whoami_is FILE NAME GROUPS: kubectl auth whoami's table
  local said; said=$(as "$1" auth whoami) || fail "$1: auth whoami: $said"
  grep -Eq "^Username +$2\$" <<<"$said" && grep -Fq "$3" <<<"$(grep -E '^Groups ' <<<"$said")" ||
    fail "$1: whoami said: $said"
}

# An administrator: kubeadm's cluster-admins group, bound to cluster-admin at init. The file is kubeadm's
# layout, with a client certificate of cp1's CA for CN=alice, O=kubeadm:cluster-admins, valid for 8760h.
user alice.conf --client-name alice --org kubeadm:cluster-admins
view() { kubectl config view --kubeconfig "$scratch/$1" --raw -o jsonpath="$2"; }
[ "$(view alice.conf '{.current-context}')" = alice@kubernetes ] || fail "context: $(cat "$scratch/alice.conf")"
[ "$(view alice.conf '{.clusters[0].cluster.server}')" = https://10.90.0.11:6443 ] || fail "server of alice.conf"
view alice.conf '{.users[0].user.client-certificate-data}' | base64 -d >"$scratch/alice.crt"
openssl verify -CAfile "$cp1/etc/kubernetes/pki/ca.crt" "$scratch/alice.crt" >/dev/null || fail "alice.crt does not verify"
subject=$(openssl x509 -in "$scratch/alice.crt" -noout -subject -nameopt RFC2253)
[ "$subject" = "subject=CN=alice,O=kubeadm:cluster-admins" ] || fail "alice's subject: $subject"
not_after=$(date -d "$(openssl x509 -in "$scratch/alice.crt" -noout -enddate | cut -d= -f2)" +%s)
[ $((not_after - $(date +%s))) -gt $((8760 * 3600 - 120)) ] && [ $((not_after - $(date +%s))) -le $((8760 * 3600)) ] ||
  fail "alice's certificate ends $(openssl x509 -in "$scratch/alice.crt" -noout -enddate)"
whoami_is alice.conf alice "[kubeadm:cluster-admins system:authenticated]"
expect_can yes alice.conf auth can-i create deployments
expect_can yes alice.conf auth can-i '*' '*'
as alice.conf get nodes cp1 >/dev/null || fail "alice cannot get nodes"

# A plain user in group dev: nothing, until an administrator binds the group.
user bob.conf --client-name bob --org dev
whoami_is bob.conf bob "[dev system:authenticated]"
expect_can no bob.conf auth can-i get pods -n kube-system
said=$(as bob.conf get pods -n kube-system 2>&1) && fail "bob listed pods: $said"
grep -Fq 'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "kube-system"' <<<"$said" ||
  fail "bob's refusal: $said"
as alice.conf create clusterrolebinding dev-view --clusterrole view --group dev >/dev/null
expect_can yes bob.conf auth can-i get pods -n kube-system
expect_can no bob.conf auth can-i delete pods -n kube-system
expect_can no bob.conf auth can-i get secrets -n kube-system
as bob.conf get pods -n kube-system etcd-cp1 >/dev/null || fail "bob cannot get pods after the binding"
said=$(as bob.conf delete pod -n kube-system etcd-cp1 2>&1) && fail "bob deleted a pod: $said"
grep -Fq 'pods "etcd-cp1" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "kube-system"' <<<"$said" ||
  fail "bob's delete refusal: $said"

# A user without groups, given one namespace by a RoleBinding to its name.
user carol.conf --client-name carol --validity-period 720h
whoami_is carol.conf carol "[system:authenticated]"
as alice.conf create rolebinding carol-edit -n default --clusterrole edit --user carol >/dev/null
expect_can yes carol.conf auth can-i create deployments -n default
expect_can no carol.conf auth can-i create deployments -n kube-system
as carol.conf create deployment web -n default --image registry.k8s.io/pause:3.10 >/dev/null || fail "carol cannot create a deployment"

# A node's identity: the node authorizer and NodeRestriction apply, as to a kubelet.
user node.conf --client-name system:node:cp1 --org system:nodes
whoami_is node.conf system:node:cp1 "[system:nodes system:authenticated]"
expect_can no node.conf auth can-i get secrets -n kube-system
expect_can no node.conf auth can-i create deployments

# -o json: one document whose kubeconfig field is the same kubeconfig.
"$lab" exec cp1 -- kubestrap kubeconfig user --client-name dave --org dev -o json >"$scratch/dave.json"
jq -e '.exitCode == 0 and .clientName == "dave" and .context == "dave@kubernetes" and .groups == ["dev"]
  and .credential == "client-certificate" and (.notAfter | length) > 0' "$scratch/dave.json" >/dev/null ||
  fail "dave's document: $(jq 'del(.kubeconfig)' "$scratch/dave.json")"
jq -r .kubeconfig "$scratch/dave.json" >"$scratch/dave.conf"
whoami_is dave.conf dave "[dev system:authenticated]"

# An expired certificate is Unauthorized, as kube-apiserver's x509 authenticator makes it (not anonymous,
# and not a TLS failure).
user eve.conf --client-name eve --org kubeadm:cluster-admins --validity-period 4s
whoami_is eve.conf eve "[kubeadm:cluster-admins system:authenticated]"
for _ in $(seq 1 50); do as eve.conf auth whoami >/dev/null 2>&1 || break; sleep 0.2; done
said=$(as eve.conf auth whoami 2>&1) && fail "eve still works after her certificate expired: $said"
[ "$said" = "error: You must be logged in to the server (Unauthorized)" ] || fail "expired certificate: $said"

# A CA key only on cp1: another node's root with ca.crt alone (external CA mode) cannot sign, exit 1, and
# says how out; it can still hand out a token user, which needs no key.
other=$scratch/external
mkdir -p "$other/etc/kubernetes/pki"
cp "$cp1/etc/kubernetes/pki/ca.crt" "$other/etc/kubernetes/pki/"
set +e
said=$("$lab" exec cp1 -- kubestrap kubeconfig user --root-dir "$other" --client-name frank 2>&1 >"$scratch/frank.conf")
code=$?
set -e
[ $code = 1 ] || fail "without ca.key: exit $code: $said"
grep -Fq 'error: cannot sign a client certificate for "frank": /etc/kubernetes/pki/ca.key is not on this node (external CA mode' <<<"$said" &&
  grep -Fq -- '--token' <<<"$said" || fail "without ca.key: $said"
[ ! -s "$scratch/frank.conf" ] || fail "without ca.key, something was printed: $(cat "$scratch/frank.conf")"
token=$("$lab" exec cp1 -- kubestrap token create)
"$lab" exec cp1 -- kubestrap kubeconfig user --root-dir "$other" --client-name ci --token "$token" >"$scratch/ci.conf" ||
  fail "token user"
[ "$(view ci.conf '{.users[0].name}')" = ci ] && [ "$(view ci.conf '{.users[0].user.token}')" = "$token" ] ||
  fail "ci.conf: $(cat "$scratch/ci.conf")"
whoami_is ci.conf "system:bootstrap:${token%%.*}" "[system:bootstrappers system:bootstrappers:kubeadm:default-node-token system:authenticated]"
expect_can no ci.conf auth can-i list secrets -n kube-system
[ "$(find "$other" -type f)" = "$other/etc/kubernetes/pki/ca.crt" ] || fail "files appeared in $other"

# A client certificate of another cluster's CA, sent to this one: Unauthorized.
mallory=$scratch/mallory-root
"$lab" exec cp1 -- kubestrap init phase certs ca --root-dir "$mallory" >/dev/null 2>&1
"$lab" exec cp1 -- kubestrap kubeconfig user --root-dir "$mallory" --client-name mallory --org kubeadm:cluster-admins \
  >"$scratch/mallory.conf"
kubectl config set-cluster kubernetes --kubeconfig "$scratch/mallory.conf" --embed-certs \
  --certificate-authority "$cp1/etc/kubernetes/pki/ca.crt" >/dev/null
said=$(as mallory.conf auth whoami 2>&1) && fail "another CA's certificate was accepted: $said"
[ "$said" = "error: You must be logged in to the server (Unauthorized)" ] || fail "another CA's certificate: $said"

# Refusals: exit 3 for bad input, the flag named, nothing printed on stdout.
refused() { # refused WHY ARGS...
  local why=$1 code; shift
  set +e
  said=$("$lab" exec cp1 -- kubestrap kubeconfig user "$@" 2>&1 >"$scratch/refused.conf")
  code=$?
  set -e
  [ $code = 3 ] || fail "kubeconfig user $*: exit $code: $said"
  grep -Fq -- "$why" <<<"$said" || fail "kubeconfig user $*: $said"
  [ ! -s "$scratch/refused.conf" ] || fail "kubeconfig user $* printed $(cat "$scratch/refused.conf")"
}
refused "error: --client-name: it is required" --org dev
refused 'error: --client-name "": it is empty' --client-name ""
refused 'error: --validity-period "0": it must be positive' --client-name x --validity-period 0
refused 'error: --validity-period "1y": unknown unit "y"' --client-name x --validity-period 1y
refused 'error: --org "a\nb": it holds a control character' --client-name x --org $'a\nb'
set +e
json=$("$lab" exec cp1 -- kubestrap kubeconfig user --client-name x --validity-period=-5m -o json 2>/dev/null)
set -e
jq -e '.exitCode == 3 and .error.kind == "InvalidInput" and (.kubeconfig | not)' <<<"$json" >/dev/null ||
  fail "refusal document: $json"

[ "$(state)" = "$before" ] || fail "cp1's files changed: $(diff <(echo "$before") <(state))"
"$lab" down
trap 'rm -rf "$scratch"' EXIT
ip netns list | grep -q "$KUBESTRAP_LAB_NAME" && fail "namespaces left behind"
echo "kubeconfig user: ok"
