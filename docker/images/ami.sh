#!/bin/bash
# ami.sh — runs inside photon-build/builder (network none). Builds the dual-boot raw disk
# (lib-disk.sh) and packs it as <name>.raw in a gzipped tar, as Photon's ami target does.
# env: lib-disk.sh's, plus RAW_NAME (file name inside the tar), OUT (path under /out)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-disk.sh"
: "${RAW_NAME:?}" "${OUT:?}"
export LC_ALL=C TZ=UTC
W=$(mktemp -d)
make_disk "$W/$RAW_NAME"
touch -d "@$SOURCE_DATE_EPOCH" "$W/$RAW_NAME"
tar -C "$W" --format=gnu -S --numeric-owner --owner=0 --group=0 -cf - "$RAW_NAME" | gzip -n -6 > "$OUT"
rm -rf "$W"
