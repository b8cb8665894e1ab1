#!/usr/bin/env bash
# Builds the ISA conformance images (guests/isa/<group>/<group>.elf) with clang 14 +
# ld.lld, byte-reproducibly, writes MANIFEST.sha256 and, when qemu-system-riscv32 is
# installed, checks that every image passes on QEMU's spike board (qemu_run.sh).
#
#   build.sh              build into the tree, write the manifest, check on QEMU
#   build.sh --out DIR    build into DIR/<group>/<group>.elf only (no manifest, no QEMU)
#
# Reproducibility: no debug info, no build-id, fixed working directory and link order.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here"
record=1
if [ "${1:-}" = "--out" ]; then
  [ -n "${2:-}" ] || { echo "isa build: --out needs a directory" >&2; exit 2; }
  out="$(mkdir -p "$2" && cd "$2" && pwd)"
  record=0
fi

CC="${CC:-clang}"
LD="${LD:-ld.lld}"
for tool in "$CC" "$LD"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "isa build: '$tool' not found; install clang 14 and lld (apt-get install -y clang lld)" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

AFLAGS=(--target=riscv32 -march=rv32ima -mabi=ilp32 -mno-relax -ffreestanding -nostdlib
  -fno-pic -mcmodel=medany -Werror -I "$here/common")
LDFLAGS=(-m elf32lriscv --build-id=none -nostdlib --no-relax -T "$here/common/isa.ld")
GROUPS_=(rv32ui rv32um rv32ua rv32mi rv32si)

for g in "${GROUPS_[@]}"; do
  mkdir -p "$tmp/$g" "$out/$g"
  (cd "$here" && "$CC" "${AFLAGS[@]}" -c common/entry.S -o "$tmp/$g/entry.o")
  (cd "$here" && "$CC" "${AFLAGS[@]}" -c "$g/$g.S" -o "$tmp/$g/$g.o")
  "$LD" "${LDFLAGS[@]}" "$tmp/$g/entry.o" "$tmp/$g/$g.o" -o "$out/$g/$g.elf"
  echo "  built $g/$g.elf"
done

[ "$record" = 1 ] || exit 0

(cd "$here" && for g in "${GROUPS_[@]}"; do sha256sum "$g/$g.elf"; done) > "$here/MANIFEST.sha256"
echo "  wrote MANIFEST.sha256"

if command -v qemu-system-riscv32 >/dev/null 2>&1; then
  for g in "${GROUPS_[@]}"; do
    if ! bash "$here/qemu_run.sh" "$here/$g/$g.elf"; then
      echo "isa build: $g/$g.elf does not pass on QEMU (exit status = failing sub-test)" >&2
      exit 1
    fi
    echo "  $g passes on QEMU"
  done
else
  echo "  qemu-system-riscv32 not found: images not checked on QEMU" >&2
fi
