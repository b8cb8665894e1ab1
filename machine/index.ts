/** The machine layer's public surface. */
export { Bus, PAGE_SIZE, PAGE_SHIFT, type Device, type IrqLine } from "./bus.js";
export { Hart, type TimeSource } from "./hart.js";
export { PRIV_U, PRIV_S, PRIV_M, IRQ_SSI, IRQ_MSI, IRQ_STI, IRQ_MTI, IRQ_SEI, IRQ_MEI } from "./trap.js";
export { Clock, TIMEBASE_HZ, INSNS_PER_TICK, type TimeMode } from "./clock.js";
export {
  Board, type BoardOptions, RAM_BASE, DEFAULT_MEM_MIB, UART_BASE, UART_IRQ, CLINT_BASE, PLIC_BASE, FINISHER_BASE,
} from "./board.js";
export { Machine, CHUNK_INSNS, type MachineOptions, type RunResult, type StopReason, type TraceFn } from "./machine.js";
export {
  parseElf32, loadElf, ElfError, type Elf32, type ElfSegment, type ElfSection, type ElfNote,
  EM_RISCV, ET_EXEC, PT_LOAD, PT_NOTE, SHT_NOTE,
} from "./elf.js";
export { Uart16550 } from "./devices/uart16550.js";
export { Clint } from "./devices/clint.js";
export { Plic } from "./devices/plic.js";
export { Finisher } from "./devices/finisher.js";
export { Htif, type HtifEvent } from "./devices/htif.js";
