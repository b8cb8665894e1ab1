#!/usr/bin/env bash
# Builds the native baselines (guests/native/<name>/<name>.elf): bare-metal images
# for the machine's `virt` board that run the privileged operations behind the hot
# hypercalls themselves, in S-mode. They reuse the bare-metal start code, console
# and trap entries of guests/baremetal/common. Byte-reproducible: fixed flags, no
# debug info or build-id, source paths mapped, objects in a temporary directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
common="$(cd "$here/../baremetal/common" && pwd)"
CC="${CC:-clang}"
LD="${LD:-ld.lld}"
for tool in "$CC" "$LD"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "native build: '$tool' not found (apt-get install -y clang lld)" >&2; exit 1; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

CFLAGS=(--target=riscv32 -march=rv32ima -mabi=ilp32 -mno-relax -ffreestanding -nostdlib
  -O2 -Wall -Wextra -Werror -fno-pic -mcmodel=medany -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fno-ident "-ffile-prefix-map=$here/=native/" "-ffile-prefix-map=$common/=baremetal/common/"
  -I "$common")
LDFLAGS=(-m elf32lriscv --build-id=none -nostdlib --no-relax -T "$common/virt.ld")
COMMON_SRC=(start.S trap.S virt.c printf.c mem.c trap_default.c)

for dir in $(cd "$here" && ls -d */ | sort); do
  name="${dir%/}"
  [ -f "$here/$name/main.c" ] || continue
  objs=()
  for src in "${COMMON_SRC[@]}"; do
    obj="$tmp/$name.common.$src.o"
    (cd "$common" && "$CC" "${CFLAGS[@]}" -c "$src" -o "$obj")
    objs+=("$obj")
  done
  (cd "$here" && "$CC" "${CFLAGS[@]}" -c "$name/main.c" -o "$tmp/$name.main.o")
  "$LD" "${LDFLAGS[@]}" "${objs[@]}" "$tmp/$name.main.o" -o "$here/$name/$name.elf"
  echo "  built native/$name/$name.elf"
done
