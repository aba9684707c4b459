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
# Cross builds (TARGET_ARCH set and not this container's arch; docs/aarch64.md): the
# build-root RPMs go into a sysroot (rpm --root, --ignorearch, --noscripts: foreign
# scriptlets cannot run without binfmt emulation), noarch ones into / as well (rpm macros,
# data); BuildRequires are checked against the sysroot's rpmdb; a PATH shim maps gcc, cc,
# strip, … to the <arch>-linux-gnu cross tools with the sysroot's headers and libraries;
# rpmbuild runs with --target <arch>, --nocheck (target binaries cannot run here) and
# Photon's /usr/lib library directory.
set -euo pipefail
spec=$1 mode=$2
shift 2
W=/work
T=$W/top
HOST_ARCH=$(uname -m)
TARGET_ARCH=${TARGET_ARCH:-$HOST_ARCH}
CROSS=0
[ "$TARGET_ARCH" = "$HOST_ARCH" ] || CROSS=1
S=/opt/photon-build/sysroot-$TARGET_ARCH
cross_args=()

# rpm -i output without the two lines rpm prints for every --root/--force install of this kind
quiet_rpm() {
  "$@" 2>&1 | grep -v -e 'should not be used directly install RPM packages' -e 'assuming you know what you are doing' || true
}

if [ $CROSS = 1 ]; then
  command -v "$TARGET_ARCH-linux-gnu-gcc" >/dev/null || { echo "build-rpm: no cross compiler $TARGET_ARCH-linux-gnu-gcc in the builder image" >&2; exit 1; }
  [ -d "/usr/lib/rpm/platform/$TARGET_ARCH-linux" ] || { echo "build-rpm: rpm has no platform $TARGET_ARCH-linux" >&2; exit 1; }
  mkdir -p "$S/usr/include" "$S/usr/lib" "$S/usr/lib64"
  rpm --root "$S" --dbpath /var/lib/rpm --initdb
  X=/opt/photon-build/cross-$TARGET_ARCH/bin
  mkdir -p "$X"
  for tool in ar as ld nm objcopy objdump ranlib readelf strip; do
    ln -sf "/usr/bin/$TARGET_ARCH-linux-gnu-$tool" "$X/$tool"
  done
  for cc in gcc cc; do
    cat > "$X/$cc" <<EOC
#!/bin/sh
exec /usr/bin/$TARGET_ARCH-linux-gnu-gcc "\$@" -isystem $S/usr/include -L$S/usr/lib -L$S/usr/lib64 -Wl,-rpath-link,$S/usr/lib:$S/usr/lib64
EOC
    chmod 0755 "$X/$cc"
  done
  ln -sf "/usr/bin/$TARGET_ARCH-linux-gnu-cpp" "$X/cpp"
  export PATH="$X:$PATH" CC=gcc CPP=cpp AR=ar LD=ld NM=nm RANLIB=ranlib STRIP=strip OBJDUMP=objdump OBJCOPY=objcopy
  cross_args=(--target "$TARGET_ARCH" --nocheck --define "_dbpath $S/var/lib/rpm"
    --define "_lib lib" --define "_libdir %{_prefix}/lib"
    --define "__cc $X/gcc" --define "__cpp $X/cpp" --define "__ar $X/ar" --define "__as $X/as"
    --define "__ld $X/ld" --define "__nm $X/nm" --define "__objcopy $X/objcopy"
    --define "__objdump $X/objdump" --define "__ranlib $X/ranlib" --define "__strip $X/strip")
  echo "== cross build for $TARGET_ARCH on $HOST_ARCH: sysroot $S"
fi

if compgen -G "$W/buildroot-rpms/*.rpm" >/dev/null; then
  echo "== build root: installing $(ls "$W"/buildroot-rpms | wc -l) RPMs"
  # ls sorts by name; photon-build prefixes each file with its position.
  mapfile -t rpms < <(ls -1 "$W"/buildroot-rpms/*.rpm)
  # The container's own mounts (proc, sys, dev, and the hosts/hostname/resolv.conf files
  # the engine binds) cannot be replaced: skip them, as a chroot build root would not
  # have them mounted yet.
  native=("${rpms[@]}")
  if [ $CROSS = 1 ]; then
    quiet_rpm rpm --root "$S" --dbpath /var/lib/rpm -i --nodeps --force --ignorearch --noscripts "${rpms[@]}"
    rpm -q --qf '%{NEVRA}\n' -p "${rpms[@]}" | while read -r nevra; do
      rpm --root "$S" --dbpath /var/lib/rpm -q "$nevra" >/dev/null || { echo "build root: $nevra did not install into $S" >&2; exit 1; }
    done
    native=()
    for r in "${rpms[@]}"; do
      [ "$(rpm -qp --qf '%{ARCH}' "$r")" = noarch ] && native+=("$r")
    done
  fi
  if [ ${#native[@]} -gt 0 ]; then
    quiet_rpm rpm -i --nodeps --force \
      --excludepath /proc --excludepath /sys --excludepath /dev \
      --excludepath /etc/hosts --excludepath /etc/hostname --excludepath /etc/resolv.conf \
      "${native[@]}"
    rpm -q --qf '%{NEVRA}\n' -p "${native[@]}" | while read -r nevra; do
      rpm -q "$nevra" >/dev/null || { echo "build root: $nevra did not install" >&2; exit 1; }
    done
  fi
fi

rm -rf "$T/BUILD" "$T/BUILDROOT" "$T/RPMS" "$T/SRPMS" "$W/out" "$W/out.partial"
mkdir -p "$T/BUILD" "$T/RPMS" "$T/SRPMS" "$T/SOURCES" "$T/SPECS"

echo "== rpmbuild $mode $spec for $TARGET_ARCH (SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-unset})"
rpmbuild "$mode" --clean \
  --define "_topdir $T" \
  --define "_buildhost photon-builder" \
  --define "_buildshell /bin/bash" \
  --define "_build_id_links none" \
  --define "debug_package %{nil}" \
  --define "source_date_epoch_from_changelog 1" \
  --define "use_source_date_epoch_as_buildtime 1" \
  --define "clamp_mtime_to_source_date_epoch 1" \
  ${cross_args[@]+"${cross_args[@]}"} "$@" "$spec"

mkdir -p "$W/out.partial"
mv "$T/RPMS" "$W/out.partial/RPMS"
if [ "$mode" = "-ba" ]; then mv "$T/SRPMS" "$W/out.partial/SRPMS"; fi
mv "$W/out.partial" "$W/out"
rm -rf "$T"
echo "== done:"
cd "$W/out" && find . -name '*.rpm' | sort
