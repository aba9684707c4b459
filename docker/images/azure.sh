#!/bin/bash
# azure.sh — runs inside photon-build/builder (network none). Builds the dual-boot raw disk
# (lib-disk.sh), converts it to a fixed VHD whose size is a whole number of MiB (Azure
# rejects others) and packs <name>.vhd in a gzipped tar (Photon's .vhd.tar.gz).
# env: lib-disk.sh's, plus VHD_NAME (file name inside the tar), OUT (path under /out)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-disk.sh"
: "${VHD_NAME:?}" "${OUT:?}"
export LC_ALL=C TZ=UTC
W=$(mktemp -d)
make_disk "$W/disk.raw"
size=$(stat -c %s "$W/disk.raw")
[ $((size % 1048576)) = 0 ] || qemu-img resize -f raw "$W/disk.raw" $(((size / 1048576 + 1) * 1048576))
qemu-img convert -f raw -O vpc -o subformat=fixed,force_size "$W/disk.raw" "$W/$VHD_NAME"
rm -f "$W/disk.raw"
# The VHD footer (last 512 bytes) holds a creation time and a random unique id; pin both
# and recompute its checksum (one's complement of the byte sum, checksum field as zero).
vhd="$W/$VHD_NAME"
foot=$(( $(stat -c %s "$vhd") - 512 ))
t=$(( SOURCE_DATE_EPOCH - 946684800 ))   # VHD time counts from 2000-01-01
printf "$(printf '\\x%02x' $(((t >> 24) & 255)) $(((t >> 16) & 255)) $(((t >> 8) & 255)) $((t & 255)))" \
  | dd of="$vhd" bs=1 seek=$((foot + 24)) conv=notrunc status=none
id=$(printf '%s/%s/vhd' "$NAME" "$SOURCE_DATE_EPOCH" | sha256sum | cut -c1-32)
printf "$(echo "$id" | sed 's/../\\x&/g')" | dd of="$vhd" bs=1 seek=$((foot + 68)) conv=notrunc status=none
printf '\0\0\0\0' | dd of="$vhd" bs=1 seek=$((foot + 64)) conv=notrunc status=none
sum=$(dd if="$vhd" bs=1 skip="$foot" count=512 status=none | od -An -v -tu1 | tr -s ' ' '\n' | awk 'NF{s+=$1} END{print s}')
c=$(( ~sum & 0xffffffff ))
printf "$(printf '\\x%02x' $(((c >> 24) & 255)) $(((c >> 16) & 255)) $(((c >> 8) & 255)) $((c & 255)))" \
  | dd of="$vhd" bs=1 seek=$((foot + 64)) conv=notrunc status=none
touch -d "@$SOURCE_DATE_EPOCH" "$vhd"
tar -C "$W" --format=gnu -S --numeric-owner --owner=0 --group=0 -cf - "$VHD_NAME" | gzip -n -6 > "$OUT"
rm -rf "$W"
