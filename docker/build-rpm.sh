#!/bin/bash
# Builds one package inside a fresh photon-build/builder container (network none).
#   /photon            the source tree, read-only
#   /work              this step's work dir: top/SOURCES (verified sources, put there by
#                      photon-build), buildroot-rpms/ (RPMs for the build root), out/ (result)
# Usage: build-rpm.sh <spec path in the container> <-bb|-ba> [rpmbuild args...]
# The build root is this throwaway container: buildroot-rpms are installed with
# `rpm -i --nodeps --force` (toolchain first, in the order given), then rpmbuild checks
# BuildRequires against them (no --nodeps). RPMs reach /work/out only when everything
# succeeded: they are built under /work/top and renamed into place at the end.
set -euo pipefail
spec=$1 mode=$2
shift 2
W=/work
T=$W/top

if compgen -G "$W/buildroot-rpms/*.rpm" >/dev/null; then
  echo "== build root: installing $(ls "$W"/buildroot-rpms | wc -l) RPMs"
  # ls sorts by name; photon-build prefixes each file with its position.
  mapfile -t rpms < <(ls -1 "$W"/buildroot-rpms/*.rpm)
  # The container's own mounts (proc, sys, dev, and the hosts/hostname/resolv.conf files
  # the engine binds) cannot be replaced: skip them, as a chroot build root would not
  # have them mounted yet.
  rpm -i --nodeps --force \
    --excludepath /proc --excludepath /sys --excludepath /dev \
    --excludepath /etc/hosts --excludepath /etc/hostname --excludepath /etc/resolv.conf \
    "${rpms[@]}" 2>&1 | grep -v -e 'should not be used directly install RPM packages' -e 'assuming you know what you are doing' || true
  rpm -q --qf '%{NEVRA}\n' -p "${rpms[@]}" | while read -r nevra; do
    rpm -q "$nevra" >/dev/null || { echo "build root: $nevra did not install" >&2; exit 1; }
  done
fi

rm -rf "$T/BUILD" "$T/BUILDROOT" "$T/RPMS" "$T/SRPMS" "$W/out" "$W/out.partial"
mkdir -p "$T/BUILD" "$T/RPMS" "$T/SRPMS" "$T/SOURCES" "$T/SPECS"

echo "== rpmbuild $mode $spec (SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-unset})"
rpmbuild "$mode" --clean \
  --define "_topdir $T" \
  --define "_buildhost photon-builder" \
  --define "_buildshell /bin/bash" \
  --define "_build_id_links none" \
  --define "debug_package %{nil}" \
  --define "source_date_epoch_from_changelog 1" \
  --define "use_source_date_epoch_as_buildtime 1" \
  --define "clamp_mtime_to_source_date_epoch 1" \
  "$@" "$spec"

mkdir -p "$W/out.partial"
mv "$T/RPMS" "$W/out.partial/RPMS"
if [ "$mode" = "-ba" ]; then mv "$T/SRPMS" "$W/out.partial/SRPMS"; fi
mv "$W/out.partial" "$W/out"
rm -rf "$T"
echo "== done:"
cd "$W/out" && find . -name '*.rpm' | sort
