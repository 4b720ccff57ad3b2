#!/usr/bin/env bash
# Copies the kernel and configuration files that kubestrap's preflight checks read from this machine into
# DIR, keeping their paths (DIR/proc/..., DIR/sys/..., DIR/etc/...). The result, given as --root-dir or
# placed under tests/fixtures/hosts/, acts as this machine for the checks. Reads only; run it on the
# machine you want to capture.
# Usage: capture-host-fixture.sh DIR
set -euo pipefail
out="${1:?usage: capture-host-fixture.sh DIR}"
files=(
  /proc/self/status /proc/cpuinfo /proc/meminfo /proc/swaps /proc/cgroups /proc/sys/kernel/osrelease
  /proc/sys/kernel/hostname /proc/net/route /proc/net/ipv6_route /proc/net/tcp /proc/net/tcp6
  /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/default/forwarding
  /proc/sys/net/bridge/bridge-nf-call-iptables /sys/fs/cgroup/cgroup.controllers
  /etc/fstab /etc/containerd/config.toml /etc/os-release
  /boot/firmware/cmdline.txt /boot/cmdline.txt
)
for f in "${files[@]}"; do
  [[ -r "$f" ]] || continue
  mkdir -p "$out$(dirname "$f")"
  cat "$f" > "$out$f"
done
# Whether systemd is the init system (the directory exists only then); git keeps a directory by a file in it.
if [[ -d /run/systemd/system ]]; then
  mkdir -p "$out/run/systemd/system" && echo "systemd was running on this machine" > "$out/run/systemd/system/.captured"
fi
# Keep only the user ids from the process status: the rest describes the capturing shell.
[[ -f "$out/proc/self/status" ]] && grep -E '^(Name|Uid|Gid):' "$out/proc/self/status" > "$out/proc/self/status.tmp" &&
  mv "$out/proc/self/status.tmp" "$out/proc/self/status"
echo "captured $(find "$out" -type f | wc -l) files into $out"
