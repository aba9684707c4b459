#!/bin/bash
# iso.sh — runs inside photon-build/builder (network none, unprivileged, no loop devices).
# Assembles a Photon-style installer ISO: /RPMS (+ createrepo_c repodata), the kernel and
# an initrd (cpio.gz of the installer rootfs), isolinux for BIOS, a GRUB EFI image in
# efiboot.img for UEFI, isohybrid MBR+GPT, serial console. Reproducible for fixed inputs.
# It does not choose packages or build rootfs tarballs (the caller passes them).
# env: ARCH, BOOTABLE (1|0: 0 = source ISO, files + repodata only), RPM_LIST (file of
#      paths under /repo), RPMS_DIR (RPMS|SRPMS), VOLID, TITLE, OUT (path under /out),
#      SOURCE_DATE_EPOCH; mounts: /repo (ro), /in/initrd.tar, /in/kernel.tar (ro), /out
# exit: 0 ok, 65 bad input (no kernel in kernel.tar, no /init in initrd.tar, missing RPM)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}" "${RPM_LIST:?}" "${VOLID:?}" "${TITLE:?}" "${OUT:?}" "${SOURCE_DATE_EPOCH:?}"
BOOTABLE=${BOOTABLE:-1}
RPMS_DIR=${RPMS_DIR:-RPMS}
export SOURCE_DATE_EPOCH LC_ALL=C TZ=UTC
W=$(mktemp -d)
ISO="$W/iso"
mkiso() {  # xorriso -as mkisofs, with its progress chatter kept out of the log unless it fails
  if ! xorriso -as mkisofs "$@" >"$W/xorriso.log" 2>&1; then cat "$W/xorriso.log" >&2; echo "iso: xorriso failed" >&2; exit 1; fi
  grep -vE '^(xorriso|Drive current|Media current|Media status|Media summary|Added to ISO|Writing to|Written to medium|ISO image produced|libisofs: NOTE : Aligned)|^$' "$W/xorriso.log" || true
}
mkdir -p "$ISO/$RPMS_DIR"

# --- RPMS/<arch>, RPMS/noarch (or flat SRPMS) + repodata (timestamps pinned, no sqlite)
while IFS= read -r f; do
  [ -n "$f" ] || continue
  [ -f "$f" ] || { echo "iso: RPM not found: $f" >&2; exit 65; }
  d="$ISO/$RPMS_DIR"
  [ "$RPMS_DIR" = SRPMS ] || d="$d/$(basename "$(dirname "$f")")"
  mkdir -p "$d"
  cp "$f" "$d/"
done < "$RPM_LIST"
find "$ISO/$RPMS_DIR" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
createrepo_c -q --general-compress-type=gz --no-database --revision "$SOURCE_DATE_EPOCH" \
  --set-timestamp-to-revision "$ISO/$RPMS_DIR"

if [ "$BOOTABLE" = 0 ]; then
  find "$ISO" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  mkiso -R -J -joliet-long -V "$VOLID" -o "$OUT" "$ISO"
  rm -rf "$W"
  exit 0
fi
mkdir -p "$ISO/isolinux" "$ISO/boot/grub2" "$ISO/EFI/BOOT"

# --- kernel from the kernel rootfs tar
K=$(tar -tf /in/kernel.tar | grep -E '^(\./)?boot/vmlinuz-[^/]+$' | sort | tail -n1 || true)
[ -n "$K" ] || { echo "iso: no boot/vmlinuz-* in the kernel rootfs" >&2; exit 65; }
tar -xOf /in/kernel.tar "$K" > "$ISO/isolinux/vmlinuz"

# --- initrd: cpio newc of the installer rootfs, sorted, fixed mtimes, gzip -n
I="$W/initrd"
mkdir -p "$I"
tar -C "$I" --numeric-owner -xf /in/initrd.tar
[ -x "$I/init" ] || { echo "iso: the installer rootfs has no executable /init" >&2; exit 65; }
# The installer needs the booted kernel's modules (CD-ROM, isofs) to read the media: take
# them from the kernel rootfs when the initrd package list did not bring its own.
KVER=${K##*/vmlinuz-}
if [ ! -d "$I/usr/lib/modules/$KVER" ] && [ ! -d "$I/lib/modules/$KVER" ]; then
  tar -tf /in/kernel.tar | grep -E "^(\./)?(usr/)?lib/modules/$KVER(/|$)" > "$W/modules.list" || true
  if [ -s "$W/modules.list" ]; then
    tar -C "$I" --numeric-owner --no-recursion -xf /in/kernel.tar -T "$W/modules.list"
    echo "iso: added $(grep -c '\.ko' "$W/modules.list" || true) kernel modules of $KVER to the initrd"
  fi
fi
mkdir -p "$I/dev"
[ -e "$I/dev/console" ] || mknod -m 600 "$I/dev/console" c 5 1
[ -e "$I/dev/null" ] || mknod -m 666 "$I/dev/null" c 1 3
find "$I" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$I" && find . -mindepth 1 | sort | cpio -o -H newc --quiet --reproducible --owner=+0:+0) \
  | gzip -n -9 > "$ISO/isolinux/initrd.img"
rm -rf "$I"

CMDLINE="root=/dev/ram0 loglevel=3 photon.media=cdrom console=tty0 console=ttyS0,115200"
# --- BIOS: isolinux
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$ISO/isolinux/"
cat > "$ISO/isolinux/isolinux.cfg" <<EOC
serial 0 115200
default install
prompt 0
timeout 10
label install
  menu label Install $TITLE
  kernel vmlinuz
  append initrd=initrd.img $CMDLINE
EOC

# --- UEFI: GRUB menu on the ISO + a grub-mkimage BOOTX64.EFI with an embedded config that
# finds the ISO. grub-mkimage (what grub-mkstandalone wraps, minus its memdisk tarball
# with build-time mtimes) keeps the EFI binary byte-stable; modules are restricted so the
# image stays ~1 MB (all modules: 10 MB, which no longer fits a small efiboot.img).
cat > "$ISO/boot/grub2/grub.cfg" <<EOG
set timeout=1
set default=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
menuentry "Install $TITLE" {
  linux /isolinux/vmlinuz $CMDLINE
  initrd /isolinux/initrd.img
}
EOG
cat > "$W/embed.cfg" <<'EOE'
search --no-floppy --set=root --file /isolinux/vmlinuz
set prefix=($root)/boot/grub2
configfile ($root)/boot/grub2/grub.cfg
EOE
MODS="part_gpt part_msdos iso9660 fat search search_fs_file normal linux configfile echo serial terminal efi_gop all_video"
grub-mkimage -O x86_64-efi -o "$ISO/EFI/BOOT/BOOTX64.EFI" -p /boot/grub2 -c "$W/embed.cfg" $MODS
KB=$(( $(stat -c %s "$ISO/EFI/BOOT/BOOTX64.EFI") / 1024 + 512 ))
find "$ISO/EFI" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkfs.vfat --invariant -i 50484f54 -n EFIBOOT -C "$ISO/boot/grub2/efiboot.img" "$KB" >/dev/null
sde_run mcopy -s -m -i "$ISO/boot/grub2/efiboot.img" "$ISO/EFI" ::/

# --- ISO 9660 + Rock Ridge + Joliet, El Torito BIOS + UEFI, isohybrid MBR + GPT
find "$ISO" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkiso -R -J -joliet-long -V "$VOLID" -o "$OUT" \
  -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
  -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
  -eltorito-alt-boot -e boot/grub2/efiboot.img -no-emul-boot -isohybrid-gpt-basdat \
  "$ISO"
rm -rf "$W"
