#!/bin/bash
# Writes repodata/ for the RPMs under /repo (mounted read-write) inside the builder.
# Usage: create-repo.sh <revision>
# Reproducible: gzip metadata (Photon's --general-compress-type=gz), no sqlite databases
# (they embed build times), and every timestamp set to the fixed revision.
set -euo pipefail
revision=$1
cd /repo
createrepo_c --general-compress-type=gz --no-database \
  --revision "$revision" --set-timestamp-to-revision \
  --workers 2 /repo
ls -l /repo/repodata
