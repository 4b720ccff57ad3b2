#!/usr/bin/env bash
# Sets up, builds, and runs kubestrap's main job on its built-in defaults: a dry-run `init` into a scratch
# root directory (nothing outside that directory changes), then lists what it wrote.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
"$here/scripts/install-deps.sh"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target kubestrap
root="$(mktemp -d "${TMPDIR:-/tmp}/kubestrap-demo-XXXXXX")"
./build/cli/kubestrap init --dry-run --root-dir "$root" --pod-network-cidr 10.244.0.0/16 "$@"
echo
echo "Files written under $root:"
(cd "$root" && find . -type f | sort)
