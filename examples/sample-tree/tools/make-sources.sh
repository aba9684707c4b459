#!/bin/sh
# Regenerates SOURCES/*.tar.gz from tools/src/<name>-<version>/ byte for byte: sorted
# entries, numeric owner 0, a fixed mtime, gzip without name or time. Prints the
# "%define sha512 <name>=<hex>" line each spec carries.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tree=$(dirname "$here")
for dir in "$here"/src/*/; do
  base=$(basename "$dir")
  name=${base%-*}
  out="$tree/SOURCES/$base.tar.gz"
  tar -C "$here/src" --sort=name --mtime=@1704067200 --owner=0 --group=0 --numeric-owner \
      --mode=u+rw,go+r,go-w --format=gnu -cf - "$base" | gzip -9 -n > "$out"
  echo "$base.tar.gz: %define sha512 $name=$(sha512sum "$out" | cut -d' ' -f1)"
done
