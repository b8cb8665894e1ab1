#!/usr/bin/env bash
# Builds the guest SDK (guests/lib) and links every PV guest folder that holds a
# main.c: guests/kernels/<name>/<name>.elf and guests/tests/<name>/<name>.elf.
#
# Byte-reproducible: sources are compiled from the repository root with relative
# paths and a prefix map, in C-locale sorted order, without build ids or debug
# info; objects go to a temporary directory that is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C SOURCE_DATE_EPOCH=0

CC=${CC:-clang}
for tool in "$CC" ld.lld; do
  command -v "$tool" >/dev/null 2>&1 || { echo "guests/lib/build.sh: $tool not found (apt-get install -y clang lld)" >&2; exit 1; }
done

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

built=0
for dir in $(ls -d guests/kernels/*/ guests/tests/*/ 2>/dev/null | sort); do
  dir=${dir%/}
  name=$(basename "$dir")
  [ -f "$dir/main.c" ] || continue
  "$CC" "${CFLAGS[@]}" -c "$dir/main.c" -o "$tmp/$name.main.o"
  "$CC" "${CFLAGS[@]}" "${LDFLAGS[@]}" "$tmp/$name.main.o" "${libobjs[@]}" -o "$dir/$name.elf"
  echo "  built $dir/$name.elf"
  built=$((built + 1))
done
echo "guests/lib/build.sh: $built PV guest image(s)"
