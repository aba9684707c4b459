# lib-disk.sh — sourced by the disk-image scripts (ova.sh, ami.sh, gce.sh, azure.sh) inside
# photon-build/builder. make_disk writes a raw GPT disk without loop devices or mounts:
#   p1 BIOS boot (1 MiB: GRUB i386-pc core.img, boot.img in the protective MBR),
#   p2 EFI system partition (FAT32: GRUB EFI), p3 ext4 root (mkfs.ext4 -d from the rootfs
#   tar, written at its partition offset). Both GRUBs find the root by its label and read
#   /boot/grub2/grub.cfg there, so one disk boots under BIOS and UEFI (Photon's dualboot).
# GUIDs, UUIDs, volume ids and timestamps derive from SOURCE_DATE_EPOCH and the image name,
# so the raw disk is byte-reproducible. It does not convert formats or pack artifacts.
# env: ROOTFS (/in/rootfs.tar), optional INITRD_ROOTFS (/in/initrd.tar), DISK_MIB, NAME,
#      SOURCE_DATE_EPOCH

# uuid_for <salt>: a stable RFC 4122-shaped UUID from NAME, SOURCE_DATE_EPOCH and salt
uuid_for() {
  local h
  h=$(printf '%s/%s/%s' "$NAME" "$SOURCE_DATE_EPOCH" "$1" | sha256sum | cut -c1-32)
  printf '%s-%s-4%s-a%s-%s\n' "${h:0:8}" "${h:8:4}" "${h:13:3}" "${h:17:3}" "${h:20:12}"
}

# pack_initrd <rootfs.tar> <out.cpio.gz>: reproducible newc cpio of a rootfs, gzip -n
pack_initrd() {
  local d
  d=$(mktemp -d)
  tar -C "$d" --numeric-owner -xf "$1"
  [ -x "$d/init" ] || { echo "disk: the initrd rootfs has no executable /init" >&2; exit 65; }
  mkdir -p "$d/dev"
  [ -e "$d/dev/console" ] || mknod -m 600 "$d/dev/console" c 5 1
  [ -e "$d/dev/null" ] || mknod -m 666 "$d/dev/null" c 1 3
  find "$d" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  (cd "$d" && find . -mindepth 1 | sort | cpio -o -H newc --quiet --reproducible --owner=+0:+0) | gzip -n -9 > "$2"
  rm -rf "$d"
}

# le_bytes <value> <n>: n little-endian bytes of value, as printf escapes
le_bytes() {
  local v=$1 n=$2 i out=""
  for ((i = 0; i < n; i++)); do out+=$(printf '\\x%02x' $(((v >> (8 * i)) & 255))); done
  printf '%s' "$out"
}

# bios_boot <disk> <core_lba>: GRUB i386-pc without grub-install (which wants a block
# device): core.img goes into the BIOS boot partition, boot.img's code into the MBR (the
# partition table bytes 440-511 stay), then the two sector pointers grub-bios-setup
# would patch: boot.img's kernel sector (0x5c) and diskboot's first blocklist (0x1f4).
bios_boot() {
  local disk=$1 lba=$2 d core sectors
  d=$(mktemp -d)
  cat > "$d/embed.cfg" <<'EOE'
search --no-floppy --set=root --label PHOTON_ROOT
set prefix=($root)/boot/grub2
configfile ($root)/boot/grub2/grub.cfg
EOE
  grub-mkimage -O i386-pc -o "$d/core.img" -p /boot/grub2 -c "$d/embed.cfg" \
    biosdisk part_gpt part_msdos ext2 search search_label normal linux gzio configfile echo serial terminal
  core="$d/core.img"
  sectors=$((($(stat -c %s "$core") + 511) / 512))
  [ "$sectors" -le 2048 ] || { echo "disk: core.img does not fit the BIOS boot partition" >&2; exit 1; }
  printf "$(le_bytes $((lba + 1)) 8)$(le_bytes $((sectors - 1)) 2)" | dd of="$core" bs=1 seek=$((0x1f4)) conv=notrunc status=none
  dd if="$core" of="$disk" bs=512 seek="$lba" conv=notrunc status=none
  dd if=/usr/lib/grub/i386-pc/boot.img of="$disk" bs=440 count=1 conv=notrunc status=none
  printf "$(le_bytes "$lba" 8)" | dd of="$disk" bs=1 seek=$((0x5c)) conv=notrunc status=none
  rm -rf "$d"
}

# make_disk <out.raw>
make_disk() {
  local out=$1 w r kver esp_start=4096 esp_sect=$((64 * 2048)) root_start total_sect root_sect
  : "${ROOTFS:?}" "${DISK_MIB:?}" "${NAME:?}" "${SOURCE_DATE_EPOCH:?}"
  w=$(mktemp -d)
  r="$w/root"
  mkdir -p "$r"
  tar -C "$r" --numeric-owner -xf "$ROOTFS"
  kver=$(cd "$r/boot" 2>/dev/null && ls vmlinuz-* 2>/dev/null | sed 's/^vmlinuz-//' | sort | tail -n1 || true)
  [ -n "$kver" ] || { echo "disk: the rootfs has no /boot/vmlinuz-*" >&2; exit 65; }
  local initrd_line=""
  if [ -n "${INITRD_ROOTFS:-}" ]; then
    pack_initrd "$INITRD_ROOTFS" "$r/boot/initrd.img-$kver"
    initrd_line="  initrd /boot/initrd.img-$kver"
  fi
  mkdir -p "$r/boot/efi" "$r/boot/grub2" "$r/etc"
  printf 'LABEL=PHOTON_ROOT / ext4 defaults 0 1\nLABEL=ESP /boot/efi vfat defaults 0 2\n' > "$r/etc/fstab"
  cat > "$r/boot/grub2/grub.cfg" <<EOG
set timeout=1
set default=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
menuentry "Photon" {
  linux /boot/vmlinuz-$kver root=LABEL=PHOTON_ROOT ro rootwait console=tty0 console=ttyS0,115200
$initrd_line
}
EOG

  root_start=$((esp_start + esp_sect))
  total_sect=$((DISK_MIB * 2048))
  root_sect=$((total_sect - root_start - 2048))   # leave 1 MiB for the backup GPT
  [ "$root_sect" -gt $((64 * 2048)) ] || { echo "disk: DISK_MIB=$DISK_MIB is too small" >&2; exit 65; }
  rm -f "$out"
  truncate -s "${DISK_MIB}M" "$out"
  sfdisk -q --no-reread --no-tell-kernel "$out" <<EOS
label: gpt
label-id: $(uuid_for disk)
start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, uuid=$(uuid_for p1), name="BIOS"
start=$esp_start, size=$esp_sect, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$(uuid_for p2), name="ESP"
start=$root_start, size=$root_sect, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$(uuid_for p3), name="PHOTON_ROOT"
EOS

  # ESP: FAT32 written at its offset; mtools under a pinned clock
  cat > "$w/embed.cfg" <<'EOE'
search --no-floppy --set=root --label PHOTON_ROOT
set prefix=($root)/boot/grub2
configfile ($root)/boot/grub2/grub.cfg
EOE
  mkdir -p "$w/esp/EFI/BOOT"
  grub-mkimage -O x86_64-efi -o "$w/esp/EFI/BOOT/BOOTX64.EFI" -p /boot/grub2 -c "$w/embed.cfg" \
    part_gpt part_msdos fat ext2 search search_label search_fs_uuid normal linux gzio configfile echo serial terminal efi_gop all_video
  find "$w/esp" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  mkfs.vfat --invariant -F 32 -s 1 -S 512 -h "$esp_start" -i "$(uuid_for esp | cut -c1-8)" -n ESP \
    --offset "$esp_start" "$out" $((esp_sect / 2)) >/dev/null 2>&1
  sde_run mcopy -s -m -i "$out@@$((esp_start * 512))" "$w/esp/EFI" ::/

  # root: ext4 from the directory; fixed UUID/hash seed, clock and inode times (sde_run)
  E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH sde_run mkfs.ext4 -q -F -b 4096 -L PHOTON_ROOT -U "$(uuid_for root)" \
    -E "offset=$((root_start * 512)),hash_seed=$(uuid_for hash),root_owner=0:0" \
    -d "$r" "$out" $((root_sect / 8))
  bios_boot "$out" 2048
  rm -rf "$w"
  echo "disk: ${DISK_MIB} MiB GPT, kernel $kver, ESP at sector $esp_start, root at sector $root_start"
}
