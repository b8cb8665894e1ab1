#!/usr/bin/env bash
# Runs one bare-metal image under qemu-system-riscv32 `-M virt` and prints the guest's
# console (the UART) on stdout, nothing else. Exits with QEMU's status: 0 when the
# image wrote the finisher's pass value, non-zero on a fail value or the time limit.
#   qemu_run.sh IMAGE.elf [TIMEOUT_SECONDS]
set -euo pipefail
img="$1"
limit="${2:-120}"
exec timeout "$limit" qemu-system-riscv32 -M virt -cpu "${QEMU_CPU:-rv32,c=false,f=false,d=false,h=false}" \
  -smp 1 -m 128M -bios none -display none -serial stdio -monitor none -nodefaults \
  -kernel "$img"
