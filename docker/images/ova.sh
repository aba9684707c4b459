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
# qemu-img writes a random content id into the embedded descriptor's "CID=<hex>" line,
# printed with %x (1-8 digits). Pin it: rewrite the descriptor text inside its reserved
# sectors (offset and size from the sparse header), padded with NULs as qemu leaves it.
cid=$(printf '%s/%s' "$NAME" "$SOURCE_DATE_EPOCH" | sha256sum | cut -c1-8)
doff=$(od -An -tu8 -j 28 -N 8 "$VMDK" | tr -d ' ')
dsz=$(od -An -tu8 -j 36 -N 8 "$VMDK" | tr -d ' ')
dd if="$VMDK" bs=512 skip="$doff" count="$dsz" status=none | tr -d '\0' > "$W/desc"
grep -q '^CID=[0-9a-f]*$' "$W/desc" || { echo "ova: no CID in the VMDK descriptor" >&2; exit 1; }
sed -i "s/^CID=[0-9a-f]*\$/CID=$cid/" "$W/desc"
pad=$(( dsz * 512 - $(stat -c %s "$W/desc") ))
[ "$pad" -ge 0 ] || { echo "ova: the VMDK descriptor outgrew its sectors" >&2; exit 1; }
{ cat "$W/desc"; head -c "$pad" /dev/zero; } | dd of="$VMDK" bs=512 seek="$doff" conv=notrunc status=none
{
  echo "capacity=$(stat -c %s "$W/disk.raw")"
  # The OVF's populatedSize: bytes of the grains the streamOptimized VMDK stores (qemu-img
  # skips all-zero grains). Mapped from the VMDK, not the raw file: the raw file's holes
  # depend on how the host filesystem allocated it, which made the OVF differ between runs.
  echo "populated=$(qemu-img map -f vmdk --output=json "$VMDK" | tr '{' '\n' | awk -F'[:,]' '/"data": true/ { for (i = 1; i < NF; i++) if ($i ~ /"length"/) s += $(i + 1) } END { print s + 0 }')"
} > "$INFO"
qemu-img check "$VMDK" >/dev/null
rm -rf "$W"
