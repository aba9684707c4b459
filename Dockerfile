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

WORKDIR /build
