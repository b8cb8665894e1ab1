#!/usr/bin/env bash
# Rebuilds only the full Xen enforcement guests (guests/tests/fx_*/) with the same
# flags as guests/lib/build.sh, so the result is byte-identical to a full
# `npm run guests`. Usage: bash guests/tests/fx_lib/build_fx.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
export LC_ALL=C SOURCE_DATE_EPOCH=0
CC=${CC:-clang}
CFLAGS=(--target=riscv32 -march=rv32ima -mabi=ilp32 -mno-relax -mcmodel=medany
  -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-stack-protector
  -fno-asynchronous-unwind-tables -fno-unwind-tables
  -ffunction-sections -fdata-sections -O2 -g0 -std=c11
  -Wall -Wextra -Werror -Wno-unused-parameter
  "-ffile-prefix-map=$PWD=." -Iguests/include -Iguests/lib/include)
LDFLAGS=(-fuse-ld=lld -Wl,--build-id=none -Wl,--gc-sections -Wl,-T,guests/lib/kernel.ld
  -Wl,--no-undefined -static)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
libobjs=()
for src in $(ls guests/lib/*.c guests/lib/*.S | sort); do
  obj="$tmp/lib_$(basename "$src").o"
  "$CC" "${CFLAGS[@]}" -c "$src" -o "$obj"
  libobjs+=("$obj")
done
for dir in $(ls -d guests/tests/fx_*/ | sort); do
  dir=${dir%/}
  name=$(basename "$dir")
  [ -f "$dir/main.c" ] || continue
  "$CC" "${CFLAGS[@]}" -c "$dir/main.c" -o "$tmp/$name.main.o"
  "$CC" "${CFLAGS[@]}" "${LDFLAGS[@]}" "$tmp/$name.main.o" "${libobjs[@]}" -o "$dir/$name.elf"
  echo "  built $dir/$name.elf"
done
