/*
 * Trap entries for M-mode (m_trap_entry, for mtvec) and S-mode (s_trap_entry, for
 * stvec). Each saves the 31 general registers in a 128-byte frame on the current stack,
 * calls the C handler m_trap(frame) / s_trap(frame) with the frame's address in a0 and
 * returns with mret / sret. A handler may change mepc/sepc to skip an instruction; it may
 * change saved registers in the frame (frame[i] holds x<i>). Both entries need 4-byte
 * alignment (direct mode tvec).
 */
  .macro SAVE_REGS
  addi sp, sp, -128
  sw x1, 4(sp)
  sw x3, 12(sp)
  sw x4, 16(sp)
  sw x5, 20(sp)
  sw x6, 24(sp)
  sw x7, 28(sp)
  sw x8, 32(sp)
  sw x9, 36(sp)
  sw x10, 40(sp)
  sw x11, 44(sp)
  sw x12, 48(sp)
  sw x13, 52(sp)
  sw x14, 56(sp)
  sw x15, 60(sp)
  sw x16, 64(sp)
  sw x17, 68(sp)
  sw x18, 72(sp)
  sw x19, 76(sp)
  sw x20, 80(sp)
  sw x21, 84(sp)
  sw x22, 88(sp)
  sw x23, 92(sp)
  sw x24, 96(sp)
  sw x25, 100(sp)
  sw x26, 104(sp)
  sw x27, 108(sp)
  sw x28, 112(sp)
  sw x29, 116(sp)
  sw x30, 120(sp)
  sw x31, 124(sp)
  addi t0, sp, 128
  sw t0, 8(sp)          /* the interrupted sp */
  sw zero, 0(sp)
  mv a0, sp
  .endm

  .macro RESTORE_REGS
  lw x1, 4(sp)
  lw x3, 12(sp)
  lw x4, 16(sp)
  lw x5, 20(sp)
  lw x6, 24(sp)
  lw x7, 28(sp)
  lw x8, 32(sp)
  lw x9, 36(sp)
  lw x10, 40(sp)
  lw x11, 44(sp)
  lw x12, 48(sp)
  lw x13, 52(sp)
  lw x14, 56(sp)
  lw x15, 60(sp)
  lw x16, 64(sp)
  lw x17, 68(sp)
  lw x18, 72(sp)
  lw x19, 76(sp)
  lw x20, 80(sp)
  lw x21, 84(sp)
  lw x22, 88(sp)
  lw x23, 92(sp)
  lw x24, 96(sp)
  lw x25, 100(sp)
  lw x26, 104(sp)
  lw x27, 108(sp)
  lw x28, 112(sp)
  lw x29, 116(sp)
  lw x30, 120(sp)
  lw x31, 124(sp)
  addi sp, sp, 128
  .endm

  .section .text.trap, "ax"
  .balign 4
  .globl m_trap_entry
m_trap_entry:
  SAVE_REGS
  call m_trap
  RESTORE_REGS
  mret

  .balign 4
  .globl s_trap_entry
s_trap_entry:
  SAVE_REGS
  call s_trap
  RESTORE_REGS
  sret
