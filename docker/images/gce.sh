#!/bin/bash
# gce.sh — runs inside photon-build/builder (network none). Builds the dual-boot raw disk
# (lib-disk.sh) as disk.raw in a gzipped tar in the old GNU format with sparse entries,
# which is what Google Compute Engine's image import requires.
# env: lib-disk.sh's, plus OUT (path under /out)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-disk.sh"
: "${OUT:?}"
export LC_ALL=C TZ=UTC
W=$(mktemp -d)
make_disk "$W/disk.raw"
touch -d "@$SOURCE_DATE_EPOCH" "$W/disk.raw"
tar -C "$W" --format=oldgnu -S --numeric-owner --owner=0 --group=0 -cf - disk.raw | gzip -n -6 > "$OUT"
rm -rf "$W"
