#!/bin/bash
# Writes repodata/ for the RPMs under /repo (mounted read-write) inside the builder.
# Usage: create-repo.sh <revision>
# Reproducible: gzip metadata (Photon's --general-compress-type=gz), no sqlite databases
# (they embed build times), and every timestamp — repomd's and each RPM's mtime as
# recorded in primary.xml — set to the fixed revision.
set -euo pipefail
revision=$1
cd /repo
# primary.xml records each RPM's mtime (<time file=…>): pin it to the revision so RPMs
# restored from a cache or copied at another time give the same metadata. Only the
# mtime changes, never the content.
find /repo -name '*.rpm' -type f -exec touch -m -d "@$revision" {} +
createrepo_c --general-compress-type=gz --no-database \
  --revision "$revision" --set-timestamp-to-revision \
  --workers 2 /repo
ls -l /repo/repodata
