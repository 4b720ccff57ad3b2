#!/bin/bash
# kubestrap join refusing to join, in the lab: a wrong CA pin, a server posing as the cluster with a
# tampered cluster-info, an expired token (removed by the token cleaner), a deleted token, a token not for
# signing, and an address inside the lab where nothing listens. Each is its own message with its fix, exit
# code 1, and the machine's root unchanged. (An expired and a deleted token look alike from the joining
# machine: the cluster no longer accepts either.) Discovery's timeout comes from a JoinConfiguration (4 s).
set -euo pipefail
repo=$1
export KUBESTRAP_BIN=$2 KUBESTRAP_STANDIN_DIR=$3
export KUBESTRAP_LAB_NAME=ksjoinref$$ KUBESTRAP_LAB_DIR=$(mktemp -d)/lab
lab=$repo/scripts/lab
trap '"$lab" down' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$lab" up >/dev/null
"$lab" add w1 >/dev/null
cp1=$KUBESTRAP_LAB_DIR/cp1 w1=$KUBESTRAP_LAB_DIR/w1
pin=$("$lab" exec cp1 -- kubestrap certs ca-hash)
new_token() { "$lab" exec cp1 -- kubestrap token create "$@"; }

# join_refused NAME TOKEN ENDPOINT PIN EXPECTED...: the join fails with exit 1, says every EXPECTED, and
# leaves w1's root as it was.
join_refused() {
  local name=$1 token=$2 endpoint=$3 hash=$4; shift 4
  local config=$KUBESTRAP_LAB_DIR/$name.yaml before after output code
  cat >"$config" <<EOF
apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
nodeRegistration:
  name: w1
discovery:
  bootstrapToken:
    token: $token
    apiServerEndpoint: $endpoint
    caCertHashes: [$hash]
skipPhases: [preflight]
timeouts:
  discovery: 4s
EOF
  before=$(cd "$w1" && find . | sort)
  set +e
  output=$("$lab" exec w1 -- kubestrap join --config "$config" 2>&1)
  code=$?
  set -e
  [ $code = 1 ] || fail "$name: exit $code: $output"
  for expected in "$@"; do
    grep -qF -- "$expected" <<<"$output" || fail "$name: no '$expected' in: $output"
  done
  grep -qF -- "$token" <<<"$output" && fail "$name: the token is in the output: $output"
  after=$(cd "$w1" && find . | sort)
  [ "$before" = "$after" ] || fail "$name: w1 changed"
  echo "$name: refused: $(grep "^error:" <<<"$output")"
}

endpoint=10.90.0.11:6443
token=$(new_token)
join_refused wrong-pin "$token" $endpoint "sha256:$(printf '0%.0s' {1..64})" \
  "is not the one pinned: it presented $pin" "kubestrap certs ca-hash"

# A server posing as the cluster: cluster-info with the API server address changed, the real signature kept.
"$lab" add w9 >/dev/null
poser=$KUBESTRAP_LAB_DIR/poser
mkdir -p "$poser"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=poser -days 1 \
  -keyout "$poser/key.pem" -out "$poser/cert.pem" 2>/dev/null
"$lab" kubectl get configmap cluster-info -n kube-public -o json |
  jq '.data.kubeconfig |= sub("https://10.90.0.11:6443"; "https://10.90.0.29:6443")' >"$poser/cluster-info.json"
cat >"$poser/serve.py" <<'EOF'
import http.server, ssl, sys
body = open(sys.argv[1], 'rb').read()
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(('10.90.0.29', 6443), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[2], sys.argv[3])
server.socket = context.wrap_socket(server.socket, server_side=True)
print('listening', flush=True)
server.serve_forever()
EOF
"$lab" exec w9 -- python3 "$poser/serve.py" "$poser/cluster-info.json" "$poser/cert.pem" "$poser/key.pem" \
  >"$poser/log" 2>&1 &
for _ in $(seq 100); do grep -q listening "$poser/log" && break; sleep 0.1; done
join_refused tampered-cluster-info "$token" 10.90.0.29:6443 "$pin" \
  "signature for token id \"${token:0:6}\" does not match this token's secret" "token create --print-join-command"

expired=$(new_token --ttl 2s)
"$lab" kubectl wait --for=delete "secret/bootstrap-token-${expired:0:6}" -n kube-system --timeout=60s >/dev/null ||
  fail "the token cleaner did not remove the expired token"
join_refused expired-token "$expired" $endpoint "$pin" \
  "the cluster does not accept this token" "token create --print-join-command"

# For the expired and the deleted token, discovery finds no signature, or, when the bootstrapsigner has not yet
# taken the signature out of cluster-info, the cluster refuses the token when join reads its settings: both
# say that the cluster does not accept this token.
deleted=$(new_token)
"$lab" exec cp1 -- kubestrap token delete "$deleted" >/dev/null
join_refused deleted-token "$deleted" $endpoint "$pin" \
  "the cluster does not accept this token" "token create --print-join-command"

unsigned=$(new_token --usages authentication)
join_refused token-not-for-signing "$unsigned" $endpoint "$pin" \
  "no signature for token id \"${unsigned:0:6}\"" "the cluster accepts this token" "the token is not for signing" \
  "usages signing and authentication"

join_refused nothing-listens "$token" 10.90.0.99:6443 "$pin" "10.90.0.99:6443" "nothing answered"

"$lab" down
trap - EXIT
echo "join refusals: ok"
