# photon-build builder image: every build step runs in a container of this image.
# photon-build builds it with a context holding only this file (no COPY/ADD from the
# context): its sha256 is the image's org.photon-build.dockerfile-sha256 label, and the
# docker/*.sh scripts are mounted at run time instead of baked in.
# Base: Debian bookworm by default. No registry is needed: `photon-build check-pre-reqs`
# bootstraps photon-build/base:bookworm offline with debootstrap + `docker import` when
# the base cannot be found locally. BASE can point at any Debian-like image.
ARG BASE=photon-build/base:bookworm
FROM ${BASE}

# Bump RECIPE when this file changes in a way that changes build outputs; it is part of
# every step's cache key through the image ID and is shown by `photon-build plan`.
LABEL org.photon-build.recipe="1"

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      rpm createrepo-c dnf \
      xorriso grub-common grub-efi-amd64-bin grub-pc-bin isolinux syslinux-common \
      qemu-utils mtools dosfstools e2fsprogs fdisk squashfs-tools \
      cpio xz-utils zstd gzip tar \
      gcc libc6-dev make file busybox-static \
 && apt-get clean && rm -rf /var/lib/apt/lists/*

# A Linux kernel for the sample tree's kernel package (compiling Linux is out of reach on
# the build machines). Unpacked with dpkg -x: no initramfs-tools run, no /boot churn.
# Also kept: the modules an initrd needs to read a CD (SCSI/ATA, sr_mod, isofs), at
# /opt/photon-build/kernel/modules/kernel/... as in /lib/modules/<kver>/.
RUN apt-get update \
 && cd /tmp && apt-get download linux-image-amd64 \
 && KPKG=$(dpkg-deb -f linux-image-amd64_*.deb Depends | tr ',' '\n' | grep -o 'linux-image-[0-9][^ ]*' | head -n1) \
 && apt-get download "$KPKG" \
 && mkdir -p /opt/photon-build/kernel/modules /tmp/k && dpkg -x "$KPKG"_*.deb /tmp/k \
 && cp /tmp/k/boot/vmlinuz-* /opt/photon-build/kernel/vmlinuz \
 && ls /tmp/k/boot/ | sed -n 's/^vmlinuz-//p' > /opt/photon-build/kernel/version \
 && KVER=$(cat /opt/photon-build/kernel/version) && cd /tmp/k/lib/modules/$KVER \
 && for m in scsi_common scsi_mod cdrom libata libahci ahci ata_piix ata_generic sr_mod isofs virtio_scsi; do \
      find kernel -name "$m.ko*" -exec cp --parents {} /opt/photon-build/kernel/modules/ \; ; done \
 && find /opt/photon-build/kernel/modules -name "*.ko.xz" -exec xz -d {} + \
 && cd / && rm -rf /tmp/k /tmp/*.deb && apt-get clean && rm -rf /var/lib/apt/lists/*

# aarch64 (docs/aarch64.md): packages for aarch64 are cross-built (gcc-aarch64-linux-gnu,
# rpmbuild --target aarch64) and the sample tree repackages Debian's arm64 binaries, which
# are only unpacked here (apt-get download + dpkg -x; nothing arm64 is installed, so the
# arm64 dpkg architecture is removed again). raspi-firmware needs non-free-firmware.
#   /opt/photon-build/aarch64/root/    libc6, libc-bin, busybox-static, u-boot-rpi (arm64)
#                                      and raspi-firmware, unpacked (docs and locales dropped)
#   /opt/photon-build/aarch64/kernel/  vmlinuz, version, dtbs/broadcom/bcm2837-rpi-3-*.dtb, …
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
 && sed -i 's/ main$/ main non-free-firmware/' /etc/apt/sources.list \
 && dpkg --add-architecture arm64 && apt-get update \
 && mkdir -p /tmp/a && cd /tmp/a \
 && apt-get download libc6:arm64 libc-bin:arm64 busybox-static:arm64 u-boot-rpi:arm64 raspi-firmware linux-image-arm64:arm64 \
 && KPKG=$(dpkg-deb -f linux-image-arm64_*.deb Depends | tr ',' '\n' | grep -o 'linux-image-[0-9][^ ]*' | head -n1) \
 && apt-get download "$KPKG:arm64" \
 && R=/opt/photon-build/aarch64/root K=/opt/photon-build/aarch64/kernel && mkdir -p $R $K/dtbs/broadcom /tmp/k \
 && for d in libc6_*.deb libc-bin_*.deb busybox-static_*.deb u-boot-rpi_*.deb raspi-firmware_*.deb; do dpkg -x "$d" $R; done \
 && rm -rf $R/usr/share $R/etc/kernel $R/etc/initramfs $R/usr/sbin/*raspi* $R/lib/aarch64-linux-gnu/gconv \
 && dpkg -x "$KPKG"_*.deb /tmp/k \
 && cp /tmp/k/boot/vmlinuz-* $K/vmlinuz && ls /tmp/k/boot/ | sed -n 's/^vmlinuz-//p' > $K/version \
 && cp /tmp/k/usr/lib/linux-image-*/broadcom/bcm2837-rpi-3-*.dtb /tmp/k/usr/lib/linux-image-*/broadcom/bcm2711-rpi-4-b.dtb $K/dtbs/broadcom/ \
 && test -s $R/usr/lib/u-boot/rpi_arm64/u-boot.bin -a -s $R/usr/lib/raspi-firmware/start.elf -a -x $R/bin/busybox \
 && dpkg --remove-architecture arm64 \
 && cd / && rm -rf /tmp/a /tmp/k && apt-get clean && rm -rf /var/lib/apt/lists/*

WORKDIR /build
