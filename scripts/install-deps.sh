#!/usr/bin/env bash
# Installs every build and test dependency of kubestrap from Debian's packages and the npm registry.
# Idempotent: packages already present are left alone, so a second run takes about a second.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

debian_packages=(
  build-essential cmake pkg-config clang-format clang-16 libclang-rt-16-dev
  libssl-dev openssl libboost-dev libboost-filesystem-dev libyaml-cpp-dev libcxxopts-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev libcurl4-openssl-dev
  libtomlplusplus-dev libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  libgtest-dev libgmock-dev libcpp-httplib-dev
  etcd-server etcd-client containerd runc iptables iproute2 curl jq
  nodejs npm python3-kubernetes
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodejs/npm may come from elsewhere on a developer machine; only ask apt when the commands are missing.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# kubectl is not packaged in a usable form by Debian (kubernetes-client 1.20 conflicts); tests that need it
# are skipped with a message when it is absent.
command -v kubectl >/dev/null || echo "note: kubectl not found; kubectl tests will be skipped" >&2

# Independent schema validator for rendered Pods (tests only).
if [[ ! -d "$here/tests/node/node_modules/kubernetes-models" ]]; then
  (cd "$here/tests/node" && npm ci --no-audit --no-fund --silent)
fi
