#!/usr/bin/env bash
# Builds the bare-metal images (guests/baremetal/<name>/<name>.elf) with clang 14 + ld.lld,
# byte-reproducibly, writes MANIFEST.sha256 and, when qemu-system-riscv32 is installed,
# records each image's QEMU console output in <name>/qemu.out. An image folder with an
# input.txt gets that file as its console input (QEMU's -serial stdio reads stdin).
#
#   build.sh              build into the tree, record qemu.out (when QEMU is present)
#   build.sh --out DIR    build into DIR/<name>/<name>.elf only (no manifest, no QEMU);
#                         the reproducibility test uses this
#
# Reproducibility: no debug info, no build-id, source paths mapped to "baremetal/",
# objects compiled from a fixed working directory in a temp dir, fixed link order.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here"
record=1
if [ "${1:-}" = "--out" ]; then
  [ -n "${2:-}" ] || { echo "baremetal build: --out needs a directory" >&2; exit 2; }
  out="$(mkdir -p "$2" && cd "$2" && pwd)"
  record=0
fi

CC="${CC:-clang}"
LD="${LD:-ld.lld}"
for tool in "$CC" "$LD"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "baremetal build: '$tool' not found; install clang 14 and lld (apt-get install -y clang lld)" >&2
    exit 1
  fi
done

# The QEMU CPU model matching pvkit's hart: RV32IMA with S and U, no compressed/FP.
QEMU_CPU="rv32,c=false,f=false,d=false,h=false"
export QEMU_CPU

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

CFLAGS=(--target=riscv32 -march=rv32ima -mabi=ilp32 -mno-relax -ffreestanding -nostdlib
  -O2 -Wall -Wextra -Werror -fno-pic -mcmodel=medany -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fno-ident "-ffile-prefix-map=$here/=baremetal/"
  "-fdebug-prefix-map=$here/=baremetal/" -I "$here/common")
LDFLAGS=(-m elf32lriscv --build-id=none -nostdlib --no-relax -T "$here/common/virt.ld")
COMMON_SRC=(common/start.S common/trap.S common/virt.c common/printf.c common/mem.c common/trap_default.c)

# build NAME MAIN_SOURCE [EXTRA_CFLAGS...]
build() {
  local name="$1" main="$2"
  shift 2
  local objdir="$tmp/$name" objs=() src
  mkdir -p "$objdir" "$out/$name"
  for src in "${COMMON_SRC[@]}" "$main"; do
    local obj="$objdir/$(echo "$src" | tr '/' '_').o"
    (cd "$here" && "$CC" "${CFLAGS[@]}" "$@" -c "$src" -o "$obj")
    objs+=("$obj")
  done
  "$LD" "${LDFLAGS[@]}" "${objs[@]}" -o "$out/$name/$name.elf"
  echo "  built $name/$name.elf"
}

build hello hello/main.c
build bench bench/main.c -DBENCH_ROUNDS=1500
build bench-short bench/main.c -DBENCH_ROUNDS=2
build paging paging/main.c
build timer timer/main.c
build echo echo/main.c
IMAGES=(hello bench bench-short paging timer echo)

[ "$record" = 1 ] || exit 0

(cd "$here" && for n in "${IMAGES[@]}"; do sha256sum "$n/$n.elf"; done) > "$here/MANIFEST.sha256"
echo "  wrote MANIFEST.sha256"

# qemu_console NAME: the image's QEMU console, fed NAME/input.txt when there is one.
qemu_console() {
  if [ -f "$here/$1/input.txt" ]; then
    bash "$here/qemu_run.sh" "$here/$1/$1.elf" < "$here/$1/input.txt"
  else
    bash "$here/qemu_run.sh" "$here/$1/$1.elf"
  fi
}

if command -v qemu-system-riscv32 >/dev/null 2>&1; then
  for n in "${IMAGES[@]}"; do
    # QEMU's counters are not instruction-exact (no icount), so `counter:` lines are
    # recorded masked: the recording stays byte-stable from one build to the next.
    if ! qemu_console "$n" > "$here/$n/qemu.raw"; then
      echo "baremetal build: $n/$n.elf did not pass on QEMU; its console:" >&2
      cat "$here/$n/qemu.raw" >&2
      rm -f "$here/$n/qemu.raw"
      exit 1
    fi
    sed 's/^counter:.*/counter: <masked>/' "$here/$n/qemu.raw" > "$here/$n/qemu.out"
    rm -f "$here/$n/qemu.raw"
    echo "  recorded $n/qemu.out"
  done
else
  echo "  qemu-system-riscv32 not found: qemu.out recordings left as they are" >&2
fi
