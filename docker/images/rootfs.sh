#!/bin/bash
# rootfs.sh — runs inside photon-build/builder (network none, unprivileged).
# Installs exactly the named RPMs from /repo/RPMS/{$ARCH,noarch} into an empty root with
# `rpm --root` (dependencies checked: the caller's install closure must be complete) and
# writes a reproducible tar of that root to $OUT. It resolves names, it does not resolve
# dependencies.
# env: ARCH, PACKAGES (space separated names), OUT (path under /out), SOURCE_DATE_EPOCH
# exit: 0 ok, 65 a name has no RPM in the repo, 66 rpm refused the install (deps/conflicts)
set -euo pipefail
: "${ARCH:?}" "${PACKAGES:?}" "${OUT:?}" "${SOURCE_DATE_EPOCH:?}"
export SOURCE_DATE_EPOCH LC_ALL=C TZ=UTC
W=$(mktemp -d)
R="$W/root"
mkdir -p "$R"

# name -> highest EVR file, over every RPM of this arch and noarch
shopt -s nullglob
files=(/repo/RPMS/"$ARCH"/*.rpm /repo/RPMS/noarch/*.rpm)
[ ${#files[@]} -gt 0 ] || { echo "rootfs: no RPMs under /repo/RPMS/$ARCH or /repo/RPMS/noarch" >&2; exit 65; }
printf '%s\n' "${files[@]}" > "$W/files"
rpm -qp --nosignature --qf '%{NAME}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\n' "${files[@]}" > "$W/headers"
[ "$(wc -l < "$W/files")" = "$(wc -l < "$W/headers")" ] || { echo "rootfs: rpm -qp output does not match the file list" >&2; exit 1; }
paste "$W/headers" "$W/files" > "$W/index"
rpm --eval "%{lua:
local best = {}
for line in io.lines('$W/index') do
  local n, e, v, r, f = line:match('^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$')
  local b = best[n]
  local newer = b == nil
  if b then
    local c = (tonumber(e) > tonumber(b.e)) and 1 or ((tonumber(e) < tonumber(b.e)) and -1 or 0)
    if c == 0 then c = rpm.vercmp(v, b.v) end
    if c == 0 then c = rpm.vercmp(r, b.r) end
    newer = c > 0
  end
  if newer then best[n] = {e=e, v=v, r=r, f=f} end
end
local out = io.open('$W/best', 'w')
for n, b in pairs(best) do out:write(n, '\t', b.f, '\n') end
out:close()
}" >/dev/null

: > "$W/install"
missing=0
for p in $PACKAGES; do
  f=$(awk -F'\t' -v n="$p" '$1 == n { print $2 }' "$W/best")
  if [ -z "$f" ]; then echo "rootfs: no RPM named '$p' in /repo/RPMS/$ARCH or /repo/RPMS/noarch" >&2; missing=1; continue; fi
  echo "$f" >> "$W/install"
done
[ $missing = 0 ] || exit 65
sort -u -o "$W/install" "$W/install"
echo "rootfs: installing $(wc -l < "$W/install") packages"

RPMOPTS=(--root "$R" --dbpath /var/lib/rpm --define "_install_langs all")
INSTALLOPTS=(--nosignature --quiet)
if [ "$ARCH" != "$(uname -m)" ]; then
  # A foreign-arch root: rpm must be told the arch is fine (install only; --initdb and -q
  # reject the flag), and its scriptlets are foreign binaries that can run only through a
  # registered binfmt handler (qemu-user, recipe §16); without one they are skipped.
  INSTALLOPTS+=(--ignorearch)
  if ! grep -qs '^enabled' "/proc/sys/fs/binfmt_misc/qemu-$ARCH"; then
    INSTALLOPTS+=(--noscripts)
    echo "rootfs: no binfmt handler for $ARCH: scriptlets skipped (--noscripts)"
  fi
fi
rpm "${RPMOPTS[@]}" --initdb
if ! xargs -a "$W/install" -d '\n' rpm "${RPMOPTS[@]}" -i "${INSTALLOPTS[@]}" 2>"$W/rpm.err"; then
  grep -vE 'should not be used directly|However assuming you know' "$W/rpm.err" >&2 || true
  exit 66
fi
grep -vE 'should not be used directly|However assuming you know' "$W/rpm.err" >&2 || true
rpm "${RPMOPTS[@]}" -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\n' | sort

# rpm's lock and sqlite side files are run state, not content; ldconfig's aux-cache records
# inode numbers and ctimes of this run (ldconfig rebuilds it), so it would break
# reproducibility
rm -f "$R"/var/lib/rpm/.rpm.lock "$R"/var/lib/rpm/*-shm "$R"/var/lib/rpm/*-wal "$R"/var/cache/ldconfig/aux-cache
tar -C "$R" --sort=name --format=gnu --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime \
  -cf "$OUT" .
rm -rf "$W"
