#!/bin/bash
# ova.sh — runs inside photon-build/builder (network none, no loop devices). Builds the
# dual-boot raw disk (lib-disk.sh) and converts it to a stream-optimized VMDK for an OVA.
# The OVF descriptor, the .mf manifest and the OVA tar are written by src/images/ova.ts.
# env: lib-disk.sh's, plus HWVERSION (11 | 13), VMDK (path under /out), INFO (path under
#      /out: capacity=<bytes> and populated=<bytes> lines for the OVF)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-disk.sh"
: "${HWVERSION:?}" "${VMDK:?}" "${INFO:?}"
export LC_ALL=C TZ=UTC
W=$(mktemp -d)
make_disk "$W/disk.raw"
qemu-img convert -f raw -O vmdk -o "subformat=streamOptimized,adapter_type=lsilogic,hwversion=$HWVERSION" "$W/disk.raw" "$VMDK"
# qemu-img writes a random content id into the embedded descriptor's "CID=<hex>" line (printed
# with %x, so 1-8 digits); pin it so the VMDK is reproducible. The replacement has the same
# number of digits, so no offsets move; the anchor keeps "parentCID=" untouched.
hit=$(grep -abo -m1 '^CID=[0-9a-f]*' "$VMDK" || true)
[ -n "$hit" ] || { echo "ova: no CID in the VMDK descriptor" >&2; exit 1; }
off=${hit%%:*}
old=${hit#*:CID=}
cid=$(printf '%s/%s' "$NAME" "$SOURCE_DATE_EPOCH" | sha256sum | tr 0 1 | cut -c1-${#old})
printf 'CID=%s' "$cid" | dd of="$VMDK" bs=1 seek="$off" conv=notrunc status=none
{
  echo "capacity=$(stat -c %s "$W/disk.raw")"
  # bytes holding data (holes excluded), as the OVF's populatedSize
  echo "populated=$(qemu-img map -f raw --output=json "$W/disk.raw" | tr '{' '\n' | awk -F'[:,]' '/"data": true/ { for (i = 1; i < NF; i++) if ($i ~ /"length"/) s += $(i + 1) } END { print s + 0 }')"
} > "$INFO"
qemu-img check "$VMDK" >/dev/null
rm -rf "$W"
