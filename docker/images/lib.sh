# lib.sh — helpers sourced by the image scripts (run inside photon-build/builder).
# Defines sde_run: run a command with the wall clock pinned to SOURCE_DATE_EPOCH (for
# tools without SOURCE_DATE_EPOCH support such as mtools). Sourcing has no side effects.

sde_run() {
  if [ -z "${SDE_SHIM:-}" ]; then
    SDE_SHIM=$(mktemp -d)/sde-clock.so
    gcc -O2 -w -shared -fPIC -o "$SDE_SHIM" "$(dirname "${BASH_SOURCE[0]}")/sde-clock.c" -ldl \
      || { echo "sde_run: cannot compile sde-clock.c" >&2; exit 1; }
  fi
  LD_PRELOAD="$SDE_SHIM" "$@"
}
