/*
 * rv32mi: machine mode (RISC-V privileged specification 1.12: Zicsr rules, M-mode CSRs,
 * traps, xRET).
 *
 * What is covered and why:
 * - CSR instructions: swap/set/clear in register and immediate forms, rd = rs1, and the
 *   "no write" rules (CSRRS/CSRRC with rs1 = x0, immediates of 0), which make reads of
 *   read-only CSRs legal.
 * - Illegal-instruction traps: unknown CSRs, writes to read-only CSRs (csr[11:10] = 3)
 *   even of an unchanged value, CSRs above the current privilege, counters hidden by
 *   mcounteren/scounteren, xRET/WFI/SFENCE.VMA below their privilege, reserved encodings
 *   (all-zero and all-one words, RV32 shifts with shamt[5] set). mcause = 2,
 *   mepc = the instruction, mtval = 0 or the instruction bits (both allowed).
 * - ECALL from M, S and U (causes 11, 9, 8, mtval 0), EBREAK (cause 3, mtval 0 or pc).
 * - Instruction-address-misaligned (no C extension): a taken jump or branch to a target
 *   that is 2 mod 4 traps on the jump itself with mtval = target and rd unchanged;
 *   a branch not taken does not trap.
 * - mtvec vectored mode: interrupts go to base + 4 * cause, exceptions to base.
 * - WARL fields: misa, mie/mip/mideleg/medeleg writable bits, mepc[1:0] = 0.
 * - minstret counts one per retired instruction; minstreth is writable.
 * - MRET to U and S: privilege, MIE <- MPIE, and the trap's MPP/MPIE bookkeeping.
 * - WFI falls through when an enabled interrupt is pending, even with mstatus.MIE = 0.
 */
#include "isa.h"

/* Expects `insn` (at label lbl) to raise an illegal-instruction trap into M. */
#define T_ILLEGAL(n, lbl, ...) \
  SUBTEST(n); ARM_M(9f); lbl: __VA_ARGS__; j fail; 9: CHECK_MTRAP(CAUSE_ILLEGAL, lbl); CHECK_TVAL_0_OR_INSN(lbl)
/* mtval after an illegal instruction at lbl: 0 or the instruction's bits. */
#define CHECK_TVAL_0_OR_INSN(lbl) \
  M_REC(t5, TR_TVAL); beqz t5, 8f; la t6, lbl; lw t6, 0(t6); beq t5, t6, 8f; j fail; 8:

  .text
  .globl test_main
test_main:
  /* ---- CSR instruction forms on mscratch ---- */
  SUBTEST(1)
  li a1, 0x1234
  csrw mscratch, a1
  li a1, 0x5678
  csrrw a0, mscratch, a1
  ASSERT_EQ(a0, 0x1234)
  csrr a0, mscratch
  ASSERT_EQ(a0, 0x5678)
  SUBTEST(2)
  li a1, 0x0f
  csrrs a0, mscratch, a1
  ASSERT_EQ(a0, 0x5678)
  li a1, 0x70
  csrrc a0, mscratch, a1
  ASSERT_EQ(a0, 0x567f)
  csrr a0, mscratch
  ASSERT_EQ(a0, 0x560f)
  SUBTEST(3)
  csrrwi a0, mscratch, 31
  ASSERT_EQ(a0, 0x560f)
  csrrsi a0, mscratch, 0
  ASSERT_EQ(a0, 31)
  csrrci a0, mscratch, 1
  ASSERT_EQ(a0, 31)
  csrrsi a0, mscratch, 0x10
  ASSERT_EQ(a0, 30)
  csrr a0, mscratch
  ASSERT_EQ(a0, 30)
  SUBTEST(4)                      /* rd = rs1 */
  li a1, 0xabcdef01
  csrrw a1, mscratch, a1
  ASSERT_EQ(a1, 30)
  csrr a0, mscratch
  ASSERT_EQ(a0, 0xabcdef01)
  SUBTEST(5)                      /* rd = x0 still writes */
  li a1, 77
  csrrw x0, mscratch, a1
  csrr a0, mscratch
  ASSERT_EQ(a0, 77)

  /* ---- identification ---- */
  SUBTEST(6)
  csrr a0, misa
  srli a1, a0, 30
  ASSERT_EQ(a1, 1)                /* MXL = 32 */
  li a2, (1 << 0) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)   /* A I M S U */
  and a1, a0, a2
  ASSERT_EQR(a1, a2)
  andi a1, a0, (1 << 2) | (1 << 5) | (1 << 3)                     /* C F D */
  ASSERT_EQ(a1, 0)
  SUBTEST(7)
  csrr a0, mhartid
  ASSERT_EQ(a0, 0)
  csrrs a0, mvendorid, x0         /* read-only CSRs read fine */
  csrrsi a0, marchid, 0
  csrrci a0, mimpid, 0

  /* ---- illegal CSR accesses in M ---- */
  T_ILLEGAL(8, ill_unknown0, csrr a0, 0x0ff)
  T_ILLEGAL(9, ill_unknown1, csrr a0, 0x7ff)
  T_ILLEGAL(10, ill_fflags, csrr a0, fflags)
  li a1, 1                        /* a non-zero operand for the next two */
  T_ILLEGAL(11, ill_ro_w, csrw mvendorid, a1)
  T_ILLEGAL(12, ill_ro_s, csrrs a0, mhartid, a1)
  T_ILLEGAL(13, ill_ro_si, csrrsi a0, mhartid, 1)
  T_ILLEGAL(14, ill_ro_cycle, csrw cycle, x0)
  T_ILLEGAL(15, ill_ro_ci, csrrci a0, instret, 2)
  SUBTEST(16)                     /* csrrs with rs1 != x0 holding 0 still writes */
  li a1, 0
  ARM_M(10f)
ill_ro_zero:
  csrrs a0, mhartid, a1
  /* QEMU 7.2 decides "write" from the value, not from rs1 = x0: no trap there. */
  QUIRK_SKIP(11f)
  j fail
10:
  CHECK_MTRAP(CAUSE_ILLEGAL, ill_ro_zero)
  j 12f
11:
  la t6, trap_rec
  sw zero, TR_RESUME(t6)
12:

  /* ---- reserved encodings ---- */
  T_ILLEGAL(17, ill_zero, .word 0x00000000)
  T_ILLEGAL(18, ill_ones, .word 0xffffffff)
  T_ILLEGAL(19, ill_slli32, .word 0x02051513)     /* slli a0, a0, 32 */
  T_ILLEGAL(20, ill_srai32, .word 0x42055513)     /* srai a0, a0, 32 */
  T_ILLEGAL(21, ill_srli_f7, .word 0x80055513)    /* srli with funct7 = 0x40 */
  T_ILLEGAL(22, ill_add_f7, .word 0x02b50533 | 0x04000000)  /* add with funct7 = 0x03 */

  /* ---- ECALL / EBREAK from M ---- */
  SUBTEST(23)
  ARM_M(13f)
ecall_m:
  ecall
  j fail
13:
  CHECK_MTRAP(CAUSE_ECALL_M, ecall_m)
  M_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, 0)
  M_REC(a0, TR_STATUS)
  li a1, MSTATUS_MPP
  and a0, a0, a1
  ASSERT_EQ(a0, MSTATUS_MPP)      /* came from M */
  SUBTEST(24)
  ARM_M(14f)
ebreak_m:
  ebreak
  j fail
14:
  CHECK_MTRAP(CAUSE_BREAKPOINT, ebreak_m)
  M_REC(a0, TR_TVAL)
  beqz a0, 15f
  ASSERT_ADDR(a0, ebreak_m)
15:

  /* ---- misaligned instruction fetch (no C extension) ---- */
  SUBTEST(25)
  la a1, mis_target
  addi a1, a1, 2
  li ra, 0x1111
  ARM_M(16f)
jalr_mis:
  jalr ra, 0(a1)
  j fail
16:
  CHECK_MTRAP(CAUSE_MISALIGNED_FETCH, jalr_mis)
  M_REC(a0, TR_TVAL)
  ASSERT_EQR(a0, a1)
  ASSERT_EQ(ra, 0x1111)           /* the jump did not retire: rd unchanged */
  SUBTEST(26)
  li ra, 0x2222
  ARM_M(17f)
jal_mis:
  .word 0x006000ef                /* jal ra, . + 6 */
  j fail
17:
  CHECK_MTRAP(CAUSE_MISALIGNED_FETCH, jal_mis)
  /* QEMU 7.2 puts a stale pc, not the target, in mtval for a misaligned JAL. */
  QUIRK_SKIP(36f)
  M_REC(a0, TR_TVAL)
  ASSERT_ADDR(a0, jal_mis + 6)
36:
  ASSERT_EQ(ra, 0x2222)
  SUBTEST(27)
  ARM_M(18f)
br_mis:
  .word 0xfe000de3                /* beq x0, x0, . - 6 */
  j fail
18:
  CHECK_MTRAP(CAUSE_MISALIGNED_FETCH, br_mis)
  /* QEMU 7.2: the same stale mtval for a misaligned taken branch. */
  QUIRK_SKIP(37f)
  M_REC(a0, TR_TVAL)
  ASSERT_ADDR(a0, br_mis - 6)
37:
  SUBTEST(28)                     /* not taken: no trap */
  li a0, 1
  .word 0x00050563                /* beq a0, x0, . + 10 */
  j 19f
  .balign 4
mis_target:
  j fail
  j fail
19:

  /* ---- WARL registers ---- */
  SUBTEST(29)
  li a0, -1
  csrw mie, a0
  csrr a1, mie
  csrw mie, zero
  li a2, 0xaaa
  and a3, a1, a2
  ASSERT_EQR(a3, a2)
  /* QEMU 7.2 also lets bits 2, 6, 10 (hypervisor, absent here) and 13 be set. */
  QUIRK_SKIP(38f)
  ASSERT_EQ(a1, 0xaaa)
38:
  SUBTEST(30)
  li a0, -1
  csrw mip, a0
  csrr a1, mip
  csrw mip, zero
  csrr a2, mip
  /* MSIP, MTIP, MEIP follow the platform's devices (QEMU's spike CLINT resets mtimecmp
     to 0, so MTIP is set there): only the software-writable bits are compared. */
  li t0, ~0x888
  and a1, a1, t0
  and a2, a2, t0
  ASSERT_EQ(a2, 0)
  li a2, 0x222
  and a3, a1, a2
  ASSERT_EQR(a3, a2)
  /* QEMU 7.2 also lets the hypervisor bits 2, 6 and 10 be set. */
  QUIRK_SKIP(39f)
  ASSERT_EQ(a1, 0x222)
39:
  SUBTEST(31)
  li a0, -1
  csrw mideleg, a0
  csrr a1, mideleg
  csrw mideleg, zero
  li a2, 0x222
  and a3, a1, a2
  ASSERT_EQR(a3, a2)
  /* QEMU 7.2 also lets the hypervisor bits 2, 6 and 10 be set. */
  QUIRK_SKIP(40f)
  ASSERT_EQ(a1, 0x222)
40:
  SUBTEST(32)                     /* medeleg[11] (ecall from M) is read-only zero */
  li a0, -1
  csrw medeleg, a0
  csrr a1, medeleg
  csrw medeleg, zero
  /* QEMU 7.2 lets medeleg[11] be set. */
  QUIRK_SKIP(20f)
  srli a1, a1, 11
  andi a1, a1, 1
  ASSERT_EQ(a1, 0)
20:
  SUBTEST(33)                     /* IALIGN = 32: mepc[1:0] read zero */
  li a0, 0x80000007
  csrw mepc, a0
  csrr a1, mepc
  /* QEMU 7.2 keeps both low bits of mepc (even bit 0, which is always zero by spec). */
  QUIRK_SKIP(41f)
  ASSERT_EQ(a1, 0x80000004)
41:
  SUBTEST(34)
  li a0, 0xdeadbeef
  csrw mtval, a0
  csrr a1, mtval
  ASSERT_EQ(a1, 0xdeadbeef)

  /* ---- mtvec vectored mode ---- */
  SUBTEST(35)
  la a0, vec_table
  ori a0, a0, 1
  csrw mtvec, a0
  csrr a1, mtvec
  ASSERT_EQR(a1, a0)
  li a0, 2                        /* SSIE / SSIP, not delegated: an M interrupt, cause 1 */
  csrw mie, a0
  csrs mip, a0
  csrsi mstatus, MSTATUS_MIE
irq_here:
  nop
  csrci mstatus, MSTATUS_MIE
  la a0, vec_seen
  lw a1, 0(a0)
  ASSERT_EQ(a1, 0x80000001)
  lw a1, 4(a0)
  ASSERT_ADDR(a1, irq_here)
  SUBTEST(36)                     /* exceptions in vectored mode go to base (-> mtrap) */
  ARM_M(21f)
ecall_vec:
  ecall
  j fail
21:
  CHECK_MTRAP(CAUSE_ECALL_M, ecall_vec)
  la a0, mtrap
  csrw mtvec, a0
  csrw mie, zero

  /* ---- WFI with an enabled interrupt pending and MIE = 0 falls through ---- */
  SUBTEST(37)
  csrci mstatus, MSTATUS_MIE
  li a0, 2
  csrw mie, a0
  csrs mip, a0
  wfi
  csrc mip, a0
  csrw mie, zero

  /* ---- counters ---- */
  SUBTEST(38)
  csrr a0, minstret
  csrr a1, minstret
  sub a2, a1, a0
  ASSERT_EQ(a2, 1)
  SUBTEST(39)
  csrr a0, minstret
  nop
  nop
  nop
  csrr a1, minstret
  sub a2, a1, a0
  ASSERT_EQ(a2, 4)
  SUBTEST(40)
  csrr a0, instret
  csrr a1, instret
  sub a2, a1, a0
  ASSERT_EQ(a2, 1)
  SUBTEST(41)                     /* minstreth is writable */
  csrw minstret, zero
  li a0, 7
  csrw minstreth, a0
  csrr a1, minstreth
  ASSERT_EQ(a1, 7)
  SUBTEST(42)                     /* mcycle advances */
  csrr a0, mcycle
  nop
  nop
  csrr a1, mcycle
  sub a2, a1, a0
  beqz a2, fail_sub
  li t0, 1000
  bgeu a2, t0, fail_sub

  /* ---- MRET to U ---- */
  SUBTEST(43)
  csrw mcounteren, zero
  ARM_M(22f)
  MRET_TO(MSTATUS_MPIE, u_ecall)  /* MPP = U, MPIE = 1 */
22:
  CHECK_MTRAP(CAUSE_ECALL_U, u_ecall)
  M_REC(a0, TR_STATUS)
  li a1, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
  and a0, a0, a1
  ASSERT_EQ(a0, MSTATUS_MPIE)     /* MPP = U; MPIE = the MIE that mret set from MPIE */
  M_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, 0)
  csrr a0, mstatus                /* mtrap's mret set MIE from MPIE again */
  andi a0, a0, MSTATUS_MIE
  ASSERT_EQ(a0, MSTATUS_MIE)
  csrci mstatus, MSTATUS_MIE
  SUBTEST(44)
  ARM_M(23f)
  MRET_TO(0, u_csr_m)
23:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_csr_m)
  M_REC(a0, TR_STATUS)
  li a1, MSTATUS_MPP
  and a0, a0, a1
  ASSERT_EQ(a0, 0)
  SUBTEST(45)
  ARM_M(24f)
  MRET_TO(0, u_csr_s)
24:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_csr_s)
  SUBTEST(46)                     /* cycle from U hidden by mcounteren = 0 */
  ARM_M(25f)
  MRET_TO(0, u_cycle)
25:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_cycle)
  SUBTEST(47)                     /* ... and readable with mcounteren = scounteren = CY|IR */
  li a0, 5
  csrw mcounteren, a0
  csrw scounteren, a0
  ARM_M(26f)
  MRET_TO(0, u_cycle)
26:
  CHECK_MTRAP(CAUSE_ECALL_U, u_cycle_ok)
  SUBTEST(48)                     /* instret with scounteren.IR = 0 */
  li a0, 1
  csrw scounteren, a0
  ARM_M(27f)
  MRET_TO(0, u_instret)
27:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_instret)
  csrw scounteren, zero
  csrw mcounteren, zero
  SUBTEST(49)
  ARM_M(28f)
  MRET_TO(0, u_mret)
28:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_mret)
  SUBTEST(50)
  ARM_M(29f)
  MRET_TO(0, u_sret)
29:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_sret)
  SUBTEST(51)
  ARM_M(30f)
  MRET_TO(0, u_wfi)
30:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_wfi)
  SUBTEST(52)
  ARM_M(31f)
  MRET_TO(0, u_sfence)
31:
  CHECK_MTRAP(CAUSE_ILLEGAL, u_sfence)
  SUBTEST(53)
  ARM_M(32f)
  MRET_TO(0, u_ebreak)
32:
  CHECK_MTRAP(CAUSE_BREAKPOINT, u_ebreak)

  /* ---- MRET to S ---- */
  SUBTEST(54)
  ARM_M(33f)
  MRET_TO(MSTATUS_MPP_S, s_code)
33:
  CHECK_MTRAP(CAUSE_ECALL_S, s_ecall)
  ASSERT_EQ(a0, 0x4321)           /* sscratch round trip done in S */
  SUBTEST(55)
  ARM_M(34f)
  MRET_TO(MSTATUS_MPP_S, s_csr_m)
34:
  CHECK_MTRAP(CAUSE_ILLEGAL, s_csr_m)
  M_REC(a0, TR_STATUS)
  li a1, MSTATUS_MPP
  and a0, a0, a1
  ASSERT_EQ(a0, MSTATUS_MPP_S)
  SUBTEST(56)
  ARM_M(35f)
  MRET_TO(MSTATUS_MPP_S, s_mret)
35:
  CHECK_MTRAP(CAUSE_ILLEGAL, s_mret)

  j pass
fail_sub:
  j fail

/* ---- code run in U and S (bare mode) ---- */
u_ecall: ecall
u_csr_m: csrr a0, mscratch
  j fail
u_csr_s: csrr a0, sstatus
  j fail
u_cycle: rdcycle a0
  rdinstret a0
u_cycle_ok: ecall
u_instret: rdinstret a0
  j fail
u_mret: mret
  j fail
u_sret: sret
  j fail
u_wfi: wfi
  j fail
u_sfence: sfence.vma
  j fail
u_ebreak: ebreak
  j fail
s_code:
  li a0, 0x4321
  csrw sscratch, a0
  li a0, 0
  csrr a0, sscratch
s_ecall: ecall
s_csr_m: csrr a0, mstatus
  j fail
s_mret: mret
  j fail

/* Vectored table: entry 0 (exceptions) -> mtrap, entry 1 (SSI) records and clears SSIP. */
  .balign 256
vec_table:
  j mtrap
  j vec_ssi
  j fail
  j fail
vec_ssi:
  la t6, vec_seen
  csrr t5, mcause
  sw t5, 0(t6)
  csrr t5, mepc
  sw t5, 4(t6)
  csrci mip, 2
  mret

  .data
  .balign 8
vec_seen: .word 0, 0
