#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu host for photon-build (run as root): the container
# engine (docker.io, started without systemd when needed), debootstrap for the offline
# base image, and the tools the tests use on the host (QEMU/OVMF for boot tests,
# xorriso/mtools/e2fsprogs/fdisk/qemu-utils for artifact checks, nginx for the remote
# cache tests, rpm for package inspection, graphviz for graph rendering).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

PACKAGES=(docker.io debootstrap qemu-system-x86 qemu-system-arm ovmf qemu-efi-aarch64 qemu-utils
  xorriso mtools dosfstools e2fsprogs fdisk nginx-light rpm graphviz podman runc cpio xz-utils
  squashfs-tools ca-certificates git)
missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# No systemd on CI machines: start dockerd ourselves and wait until it answers.
if ! /usr/bin/docker info >/dev/null 2>&1; then
  ($SUDO dockerd >/var/log/dockerd.log 2>&1 &)
  for _ in $(seq 90); do /usr/bin/docker info >/dev/null 2>&1 && break; sleep 1; done
fi
/usr/bin/docker info >/dev/null 2>&1 || { echo "setup-host: dockerd did not start; see /var/log/dockerd.log" >&2; exit 4; }
echo "setup-host: docker $(/usr/bin/docker version --format '{{.Server.Version}}') ready"
