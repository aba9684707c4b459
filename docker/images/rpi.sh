#!/bin/bash
# rpi.sh — runs inside photon-build/builder (network none, no loop devices or mounts).
# Builds the Raspberry Pi 3 SD-card image (Photon's rpi: MBR, FAT32 boot partition + ext4
# root) from an aarch64 rootfs tar and writes it xz-compressed to $OUT:
#   p1 FAT32 "PHOTON_BOOT" (64 MiB, type c, bootable), the rootfs' /boot/efi: the Pi
#      firmware (bootcode.bin, start.elf, fixup.dat from raspberrypi-firmware), u-boot.bin
#      (u-boot-rpi3), plus config.txt (arm_64bit, enable_uart, kernel=u-boot.bin; kept when
#      the rootfs has one), the device trees, vmlinuz, initrd.img and
#      extlinux/extlinux.conf, which U-Boot's distro boot reads;
#   p2 ext4 "PHOTON_ROOT", the rest of the rootfs (/boot/efi left as its mount point).
# Filesystems are written at their partition offsets (mkfs.vfat --offset, mcopy -i img@@off,
# mkfs.ext4 -E offset). Ids, UUIDs and timestamps derive from NAME and SOURCE_DATE_EPOCH
# (lib-disk.sh's uuid_for, lib.sh's sde_run): the same inputs give the same bytes.
# It does not install packages or boot anything.
# env: ROOTFS (/in/rootfs.tar), optional INITRD_ROOTFS (/in/initrd.tar, packed as the
#      initrd), DISK_MIB (power of two; QEMU's raspi3b wants one), NAME, OUT (under /out),
#      XZ_PRESET (0-9, default 6 as Photon's `xz -c`), SOURCE_DATE_EPOCH
# exit: 0 ok, 65 bad input (no kernel, no device tree, no firmware, disk too small)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-disk.sh"
: "${ROOTFS:?}" "${DISK_MIB:?}" "${NAME:?}" "${OUT:?}" "${SOURCE_DATE_EPOCH:?}"
export LC_ALL=C TZ=UTC
DTB=bcm2837-rpi-3-b.dtb
BOOT_START=8192                 # 4 MiB, as Raspberry Pi OS and the Pi's ROM like it
BOOT_SECT=$((64 * 2048))        # 64 MiB: FAT32 with 512-byte clusters needs >= 33 MiB (mtools)
ROOT_START=$((BOOT_START + BOOT_SECT))

W=$(mktemp -d)
r="$W/root" b="$W/boot"
mkdir -p "$r" "$b/extlinux"
tar -C "$r" --numeric-owner -xf "$ROOTFS"

kver=$(cd "$r/boot" 2>/dev/null && ls vmlinuz-* 2>/dev/null | sed 's/^vmlinuz-//' | sort | tail -n1 || true)
[ -n "$kver" ] || { echo "rpi: the rootfs has no /boot/vmlinuz-*" >&2; exit 65; }
dtb=$(find "$r/boot" -name "$DTB" -type f | sort | head -n1)
[ -n "$dtb" ] || { echo "rpi: the rootfs has no $DTB under /boot (linux for aarch64 ships it)" >&2; exit 65; }
for f in bootcode.bin start.elf fixup.dat u-boot.bin; do
  [ -s "$r/boot/efi/$f" ] || { echo "rpi: the rootfs has no /boot/efi/$f (raspberrypi-firmware, u-boot-rpi3)" >&2; exit 65; }
done
ROOT_SECT=$((DISK_MIB * 2048 - ROOT_START))
[ "$ROOT_SECT" -ge $((64 * 2048)) ] || { echo "rpi: DISK_MIB=$DISK_MIB leaves less than 64 MiB for the root" >&2; exit 65; }

# --- boot partition contents: /boot/efi moves there; the root keeps an empty mount point
find "$(dirname "$dtb")" -maxdepth 1 -name '*.dtb' -exec cp {} "$b/" \;
cp -a "$r/boot/efi/." "$b/"
find "$r/boot/efi" -mindepth 1 -delete
cp "$r/boot/vmlinuz-$kver" "$b/vmlinuz"
initrd_line=""
if [ -n "${INITRD_ROOTFS:-}" ]; then
  pack_initrd "$INITRD_ROOTFS" "$b/initrd.img"
  initrd_line="  initrd /initrd.img"
fi
if [ ! -e "$b/config.txt" ]; then
  # device_tree: the firmware's own name for the Pi 3 tree is bcm2710-rpi-3-b.dtb; point it
  # at the kernel's. U-Boot then loads the tree extlinux.conf names.
  printf 'arm_64bit=1\nenable_uart=1\nkernel=u-boot.bin\ndevice_tree=%s\n' "$DTB" > "$b/config.txt"
fi
printf 'console=ttyAMA0,115200 root=LABEL=PHOTON_ROOT rootfstype=ext4 rootwait ro\n' > "$b/cmdline.txt"
{
  printf 'default photon\ntimeout 1\nlabel photon\n  kernel /vmlinuz\n  fdt /%s\n' "$DTB"
  [ -z "$initrd_line" ] || printf '%s\n' "$initrd_line"
  printf '  append console=ttyAMA0,115200 root=LABEL=PHOTON_ROOT rootfstype=ext4 rootwait ro\n'
} > "$b/extlinux/extlinux.conf"

# --- root partition contents
mkdir -p "$r/etc" "$r/dev" "$r/boot/efi"
printf 'LABEL=PHOTON_ROOT / ext4 defaults 0 1\nLABEL=PHOTON_BOOT /boot/efi vfat defaults 0 2\n' > "$r/etc/fstab"
[ -e "$r/dev/console" ] || mknod -m 600 "$r/dev/console" c 5 1
[ -e "$r/dev/null" ] || mknod -m 666 "$r/dev/null" c 1 3

# --- the disk: MBR (the Pi's ROM reads only MBR), written without loop devices
raw="$W/disk.raw"
truncate -s "${DISK_MIB}M" "$raw"
sfdisk -q --no-reread --no-tell-kernel "$raw" <<EOS
label: dos
label-id: 0x$(uuid_for mbr | cut -c1-8)
unit: sectors
start=$BOOT_START, size=$BOOT_SECT, type=c, bootable
start=$ROOT_START, size=$ROOT_SECT, type=83
EOS
find "$b" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkfs.vfat --invariant -F 32 -s 1 -S 512 -h "$BOOT_START" -i "$(uuid_for boot | cut -c1-8)" -n PHOTON_BOOT \
  --offset "$BOOT_START" "$raw" $((BOOT_SECT / 2)) >/dev/null 2>&1
# sorted, so directory entries come out in the same order every time
(cd "$b" && find . -mindepth 1 -maxdepth 1 | sed 's|^\./||' | sort) > "$W/boot.list"
mapfile -t top < "$W/boot.list"
(cd "$b" && sde_run mcopy -s -m -i "$raw@@$((BOOT_START * 512))" "${top[@]}" ::/)
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH sde_run mkfs.ext4 -q -F -b 4096 -L PHOTON_ROOT -U "$(uuid_for root)" \
  -E "offset=$((ROOT_START * 512)),hash_seed=$(uuid_for hash),root_owner=0:0" \
  -d "$r" "$raw" $((ROOT_SECT / 8))
echo "rpi: ${DISK_MIB} MiB MBR, kernel $kver, boot FAT32 at sector $BOOT_START, root ext4 at sector $ROOT_START"

# --- xz, as Photon ships it (xz -c of the raw image). -T+0: multi-threaded mode on every
# core count, whose output does not depend on the number of threads (plain -T1 differs)
xz -T+0 "-${XZ_PRESET:-6}" -c "$raw" > "$OUT"
echo "rpi: $(stat -c %s "$OUT") bytes xz"
rm -rf "$W"
