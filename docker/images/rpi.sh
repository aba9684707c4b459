#!/bin/bash
# rpi.sh — runs inside photon-build/builder (network none, no loop devices). Builds
# Photon's Raspberry Pi image from an aarch64 rootfs tar: an MBR disk with a FAT32
# /boot/efi partition (the rootfs' /boot/efi: RPi firmware, U-Boot, device trees,
# config.txt — plus the kernel, an optional initrd and extlinux/extlinux.conf, which
# U-Boot's distro boot reads) and an ext4 root, compressed with xz (single-threaded, so
# reproducible). It runs no aarch64 code and does not fetch firmware.
# env: ROOTFS (/in/rootfs.tar), optional INITRD_ROOTFS, DISK_MIB, NAME, OUT (under /out),
#      XZ_PRESET (0-9, default 6 as Photon's `xz -c`),
#      SOURCE_DATE_EPOCH
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-disk.sh"
: "${ROOTFS:?}" "${DISK_MIB:?}" "${NAME:?}" "${OUT:?}" "${SOURCE_DATE_EPOCH:?}"
export LC_ALL=C TZ=UTC
W=$(mktemp -d); R="$W/root"; B="$W/boot"
mkdir -p "$R" "$B"
tar -C "$R" --numeric-owner -xf "$ROOTFS"
kver=$(cd "$R/boot" 2>/dev/null && ls vmlinuz-* 2>/dev/null | sed 's/^vmlinuz-//' | sort | tail -n1 || true)
[ -n "$kver" ] || { echo "rpi: the rootfs has no /boot/vmlinuz-*" >&2; exit 65; }
[ -d "$R/boot/efi" ] && [ -n "$(ls -A "$R/boot/efi")" ] || { echo "rpi: the rootfs has no /boot/efi content (firmware, U-Boot)" >&2; exit 65; }
# /boot/efi is the FAT partition's mount point: its files go to the FAT, the dir stays
mv "$R/boot/efi/"* "$B/"
cp "$R/boot/vmlinuz-$kver" "$B/vmlinuz"
initrd_line=""
if [ -n "${INITRD_ROOTFS:-}" ]; then
  pack_initrd "$INITRD_ROOTFS" "$B/initrd.img"
  initrd_line="  initrd /initrd.img"
fi
dtb=$(cd "$B" && ls bcm2837-rpi-3-b.dtb 2>/dev/null || ls *.dtb 2>/dev/null | head -n1 || true)
mkdir -p "$B/extlinux"
{
  printf 'default photon\ntimeout 1\nlabel photon\n  kernel /vmlinuz\n'
  if [ -n "$dtb" ]; then printf '  fdt /%s\n' "$dtb"; else printf '  fdtdir /\n'; fi
  [ -z "$initrd_line" ] || printf '%s\n' "$initrd_line"
  printf '  append console=tty1 console=ttyAMA0,115200 root=LABEL=PHOTON_ROOT rootfstype=ext4 rootwait\n'
} > "$B/extlinux/extlinux.conf"
mkdir -p "$R/etc"
printf 'LABEL=PHOTON_ROOT / ext4 defaults 0 1\nLABEL=PHOTON_BOOT /boot/efi vfat defaults 0 2\n' > "$R/etc/fstab"

boot_start=8192; boot_sect=$((64 * 2048))   # FAT32 with 512-byte clusters needs >= 33 MiB
root_start=$((boot_start + boot_sect)); root_sect=$((DISK_MIB * 2048 - root_start))
[ "$root_sect" -gt $((64 * 2048)) ] || { echo "rpi: DISK_MIB=$DISK_MIB is too small" >&2; exit 65; }
raw="$W/disk.img"
truncate -s "${DISK_MIB}M" "$raw"
sfdisk -q --no-reread --no-tell-kernel "$raw" <<EOS
label: dos
label-id: 0x$(uuid_for mbr | cut -c1-8)
start=$boot_start, size=$boot_sect, type=c, bootable
start=$root_start, size=$root_sect, type=83
EOS
find "$B" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkfs.vfat --invariant -F 32 -s 1 -S 512 -h "$boot_start" -i "$(uuid_for fat | cut -c1-8)" -n PHOTON_BOOT \
  --offset "$boot_start" "$raw" $((boot_sect / 2)) >/dev/null 2>&1
(cd "$B" && sde_run mcopy -s -m -i "$raw@@$((boot_start * 512))" ./* ::/)
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH sde_run mkfs.ext4 -q -F -b 4096 -L PHOTON_ROOT -U "$(uuid_for root)" \
  -E "offset=$((root_start * 512)),hash_seed=$(uuid_for hash),root_owner=0:0" -d "$R" "$raw" $((root_sect / 8))
xz -T1 "-${XZ_PRESET:-6}" -c "$raw" > "$OUT"
rm -rf "$W"
echo "rpi: ${DISK_MIB} MiB MBR, kernel $kver, boot FAT32 at sector $boot_start, root at sector $root_start"
