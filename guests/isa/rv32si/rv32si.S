/*
 * rv32si: supervisor mode (RISC-V privileged specification 1.12, S-mode and Sv32).
 *
 * What is covered and why:
 * - sstatus, sie and sip are views of mstatus, mie and mip: sstatus shows no M-only
 *   field and writes through it leave them alone; sie/sip show only what mideleg
 *   delegates.
 * - medeleg sends U-mode ecall, illegal instruction and breakpoint to S (scause, sepc,
 *   stval, SPP/SPIE bookkeeping); an S-mode ecall, not delegated, still goes to M.
 * - A delegated software interrupt taken from U goes to S with scause = 0x80000001.
 * - SRET to U; SRET with mstatus.TSR = 1 and satp / SFENCE.VMA with TVM = 1 are illegal;
 *   without TVM, S reads back what it wrote to satp.
 * - Sv32: translation through a megapage and a 4 KiB level; SUM lets S load from U
 *   pages but never fetch from them; MXR makes execute-only pages readable; U cannot
 *   touch S pages; page faults (12, 13, 15) carry stval = the faulting address; a
 *   misaligned load that crosses into an unmapped page faults (stval is the access's
 *   address or the first byte of the unmapped page: the spec allows either); after a
 *   PTE change, SFENCE.VMA makes the new mapping visible.
 */
#include "isa.h"

#define USER_VA 0x40000000        /* root slot 0x100 -> l2_table */
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80

/* a0 = leaf PTE for the 4 KiB page at label with flags. */
#define LEAF(label, flags) la a0, label; srli a0, a0, 12; slli a0, a0, 10; ori a0, a0, flags

  .text
  .globl test_main
test_main:
  li a0, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_ECALL_U) | \
         (1 << CAUSE_FETCH_PF) | (1 << CAUSE_LOAD_PF) | (1 << CAUSE_STORE_PF)
  csrw medeleg, a0
  la a0, strap
  csrw stvec, a0

  /* ---- sstatus view ---- */
  SUBTEST(1)
  li a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_S | MSTATUS_TW | MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  csrw mstatus, a0
  csrr a1, sstatus
  li a2, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
  and a3, a1, a2
  ASSERT_EQ(a3, 0)
  li a2, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  and a3, a1, a2
  ASSERT_EQR(a3, a2)
  SUBTEST(2)                      /* writing sstatus leaves the M fields alone */
  csrw sstatus, zero
  csrr a1, mstatus
  li a2, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TW | MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  and a1, a1, a2
  ASSERT_EQ(a1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_S | MSTATUS_TW)
  csrw mstatus, zero

  /* ---- sie / sip views ---- */
  SUBTEST(3)
  li a0, 0xaaa
  csrw mie, a0
  li a0, 0x222
  csrw mideleg, a0
  csrr a1, sie
  ASSERT_EQ(a1, 0x222)
  li a0, 0x020
  csrw mideleg, a0
  csrr a1, sie
  ASSERT_EQ(a1, 0x020)
  SUBTEST(4)                      /* sie writes reach only delegated bits */
  csrw mie, zero
  li a0, -1
  csrw sie, a0
  csrr a1, mie
  ASSERT_EQ(a1, 0x020)
  csrw mie, zero
  SUBTEST(5)
  li a0, 0x002
  csrw mideleg, a0
  csrs mip, a0
  csrr a1, sip
  ASSERT_EQ(a1, 0x002)
  csrc sip, a0
  csrr a1, mip
  andi a1, a1, 2
  ASSERT_EQ(a1, 0)
  SUBTEST(6)                      /* undelegated: sip hides SSIP */
  csrw mideleg, zero
  li a0, 2
  csrs mip, a0
  csrr a1, sip
  csrc mip, a0
  ASSERT_EQ(a1, 0)

  /* ---- S mode, bare: delegated traps from U ---- */
  SUBTEST(7)
  li a0, 2                        /* SSI delegated for sub-test 24 */
  csrw mideleg, a0
  ARM_M(1f)
  MRET_TO(MSTATUS_MPP_S, s_phase1)
1:
  CHECK_MTRAP(CAUSE_ECALL_S, s_phase1_done)
  bnez a7, fail_sub
  csrw mideleg, zero               /* a7 = 0: every S-side check passed */

  /* ---- TSR / TVM (illegal instruction not delegated here: into M) ---- */
  li a0, 1 << CAUSE_ILLEGAL
  csrc medeleg, a0
  li a0, MSTATUS_TSR | MSTATUS_TVM
  csrs mstatus, a0
  SUBTEST(8)
  ARM_M(2f)
  MRET_TO(MSTATUS_MPP_S, s_sret_tsr)
2:
  CHECK_MTRAP(CAUSE_ILLEGAL, s_sret_tsr)
  M_REC(a0, TR_STATUS)
  li a1, MSTATUS_MPP
  and a0, a0, a1
  ASSERT_EQ(a0, MSTATUS_MPP_S)
  SUBTEST(10)
  ARM_M(3f)
  MRET_TO(MSTATUS_MPP_S, s_satp_tvm)
3:
  CHECK_MTRAP(CAUSE_ILLEGAL, s_satp_tvm)
  SUBTEST(11)
  ARM_M(4f)
  MRET_TO(MSTATUS_MPP_S, s_sfence_tvm)
4:
  CHECK_MTRAP(CAUSE_ILLEGAL, s_sfence_tvm)
  li a0, MSTATUS_TSR | MSTATUS_TVM
  csrc mstatus, a0
  li a0, 1 << CAUSE_ILLEGAL
  csrs medeleg, a0
  /* ---- Sv32 ---- */
  SUBTEST(9)
  la a1, root_table
  li a0, (0x80000000 >> 2) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
  li t0, 0x200 * 4
  add t0, t0, a1
  sw a0, 0(t0)                    /* 0x80000000: identity megapage, S only */
  LEAF(l2_table, PTE_V)
  sw a0, 0x100 * 4(a1)            /* 0x40000000: 4 KiB pages below */
  la a1, l2_table
  LEAF(user_data, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
  sw a0, 0(a1)                    /* +0x0000: U data */
  LEAF(user_code, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
  sw a0, 4(a1)                    /* +0x1000: U code */
  LEAF(xonly_page, PTE_V | PTE_X | PTE_A)
  sw a0, 8(a1)                    /* +0x2000: S execute-only */
  sw zero, 12(a1)                 /* +0x3000: invalid */
  LEAF(user_data, PTE_V | PTE_R | PTE_A)
  sw a0, 16(a1)                   /* +0x4000: S read-only alias of user_data */
  LEAF(page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
  sw a0, 20(a1)                   /* +0x5000: page_a, later page_b */
  sw zero, 24(a1)                 /* +0x6000: invalid */
  la a0, root_table
  srli a0, a0, 12
  li a1, 0x80000000
  or a0, a0, a1
  csrw satp, a0
  mv a6, a0
  ARM_M(3f)
  MRET_TO(MSTATUS_MPP_S, s_paging)
3:
  CHECK_MTRAP(CAUSE_ECALL_S, s_paging_done)
  csrw satp, zero
  bnez a7, fail_sub
  j pass
fail_sub:
  j fail

/*
 * S-mode parts. Each sets gp to its sub-test numbers as it goes, ends with ecall to M,
 * and leaves a7 = 0. Checks here jump to fail directly (gp says which).
 */
s_phase1:
  li a7, 1
  SUBTEST(20)                     /* U ecall -> S */
  ARM_S(4f)
  la t0, u_ecall
  csrw sepc, t0
  li t0, MSTATUS_SPP | MSTATUS_SIE
  csrc sstatus, t0
  li t0, MSTATUS_SPIE
  csrs sstatus, t0
  sret                            /* U with SIE <- SPIE = 1; SPIE <- 1 */
4:
  CHECK_STRAP(CAUSE_ECALL_U, u_ecall)
  S_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, 0)
  S_REC(a0, TR_STATUS)
  andi a0, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
  ASSERT_EQ(a0, MSTATUS_SPIE)     /* SPP = U, SPIE = the SIE of U (1), SIE cleared */
  SUBTEST(21)                     /* U illegal -> S */
  ARM_S(5f)
  la t0, u_illegal
  csrw sepc, t0
  sret
5:
  CHECK_STRAP(CAUSE_ILLEGAL, u_illegal)
  SUBTEST(22)
  ARM_S(6f)
  la t0, u_ebreak
  csrw sepc, t0
  sret
6:
  CHECK_STRAP(CAUSE_BREAKPOINT, u_ebreak)
  SUBTEST(23)                     /* sret is illegal in U */
  ARM_S(7f)
  la t0, u_sret
  csrw sepc, t0
  sret
7:
  CHECK_STRAP(CAUSE_ILLEGAL, u_sret)
  SUBTEST(24)                     /* delegated SSI pending while in U goes to S */
  csrci sstatus, MSTATUS_SIE      /* not taken in S itself */
  li a0, 2
  csrs sie, a0
  csrs sip, a0
  ARM_S(8f)
  la t0, u_spin
  csrw sepc, t0
  li t0, MSTATUS_SPIE
  csrc sstatus, t0
  sret
8:
  S_REC(a0, TR_CAUSE)
  ASSERT_EQ(a0, CAUSE_IRQ | 1)
  S_REC(a0, TR_EPC)
  ASSERT_ADDR(a0, u_spin)
  li a0, 2
  csrc sip, a0
  csrc sie, a0
  SUBTEST(25)                     /* scratch and stvec are S registers */
  li a0, 0x5a5a
  csrw sscratch, a0
  csrr a1, sscratch
  ASSERT_EQ(a1, 0x5a5a)
  li a7, 0
s_phase1_done:
  ecall

s_sret_tsr:
  sret
  j fail
s_satp_tvm:
  csrr a0, satp
  j fail
s_sfence_tvm:
  sfence.vma
  j fail
s_paging:
  li a7, 1
  SUBTEST(12)                     /* without TVM, S reads satp and writes it back */
  csrr a0, satp
  ASSERT_EQR(a0, a6)
  csrw satp, zero
  csrw satp, a0
  sfence.vma
  csrr a0, satp
  ASSERT_EQR(a0, a6)
  SUBTEST(40)                     /* S load from a U page, SUM = 0 */
  li a1, USER_VA
  ARM_S(1f)
s_ld_u:
  lw a0, 0(a1)
  j fail
1:
  CHECK_STRAP(CAUSE_LOAD_PF, s_ld_u)
  S_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, USER_VA)
  SUBTEST(41)                     /* SUM = 1 */
  li t0, MSTATUS_SUM
  csrs sstatus, t0
  li a2, 0x600dcafe
  sw a2, 0(a1)
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0x600dcafe)
  la a3, user_data                /* same frame through the identity mapping */
  lw a0, 0(a3)
  ASSERT_EQ(a0, 0x600dcafe)
  SUBTEST(42)                     /* S never fetches from a U page, even with SUM */
  ARM_S(2f)
  li t0, USER_VA + 0x1000
  jalr ra, 0(t0)
  j fail
2:
  S_REC(a0, TR_CAUSE)
  ASSERT_EQ(a0, CAUSE_FETCH_PF)
  S_REC(a0, TR_EPC)
  ASSERT_EQ(a0, USER_VA + 0x1000)
  S_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, USER_VA + 0x1000)
  li t0, MSTATUS_SUM
  csrc sstatus, t0
  SUBTEST(43)                     /* execute-only page: load faults without MXR */
  li a1, USER_VA + 0x2000
  ARM_S(3f)
s_ld_x:
  lw a0, 4(a1)
  j fail
3:
  CHECK_STRAP(CAUSE_LOAD_PF, s_ld_x)
  S_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, USER_VA + 0x2004)
  SUBTEST(44)                     /* ... and reads with MXR */
  li t0, MSTATUS_MXR
  csrs sstatus, t0
  lw a0, 4(a1)
  csrc sstatus, t0
  ASSERT_EQ(a0, 0x0c0ffee0)
  SUBTEST(45)                     /* invalid PTE: load and store faults */
  li a1, USER_VA + 0x3000
  ARM_S(4f)
s_ld_inv:
  lw a0, 8(a1)
  j fail
4:
  CHECK_STRAP(CAUSE_LOAD_PF, s_ld_inv)
  S_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, USER_VA + 0x3008)
  ARM_S(5f)
s_st_inv:
  sw a0, 12(a1)
  j fail
5:
  CHECK_STRAP(CAUSE_STORE_PF, s_st_inv)
  S_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, USER_VA + 0x300c)
  SUBTEST(46)                     /* store to a read-only page */
  li a1, USER_VA + 0x4000
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0x600dcafe)
  ARM_S(6f)
s_st_ro:
  sw a0, 4(a1)
  j fail
6:
  CHECK_STRAP(CAUSE_STORE_PF, s_st_ro)
  S_REC(a0, TR_TVAL)
  ASSERT_EQ(a0, USER_VA + 0x4004)
  SUBTEST(47)                     /* misaligned load into an unmapped page */
  li a1, USER_VA + 0x5ffe
  ARM_S(7f)
s_ld_cross:
  lw a0, 0(a1)
  j fail
7:
  CHECK_STRAP(CAUSE_LOAD_PF, s_ld_cross)
  S_REC(a0, TR_TVAL)
  li t0, USER_VA + 0x5ffe
  beq a0, t0, 8f
  ASSERT_EQ(a0, USER_VA + 0x6000)
8:
  SUBTEST(48)                     /* PTE change + sfence.vma */
  li a1, USER_VA + 0x5000
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0xaaaa1111)
  la a2, l2_table
  LEAF(page_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
  sw a0, 20(a2)
  sfence.vma a1, x0
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0xbbbb2222)
  LEAF(page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
  sw a0, 20(a2)
  sfence.vma
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0xaaaa1111)
  SUBTEST(49)                     /* U code under paging reads its data page */
  ARM_S(9f)
  li t0, USER_VA + 0x1000
  csrw sepc, t0
  li t0, MSTATUS_SPP
  csrc sstatus, t0
  li a1, USER_VA
  li a0, 0
  sret
9:
  S_REC(a2, TR_CAUSE)
  ASSERT_EQ(a2, CAUSE_ECALL_U)
  S_REC(a2, TR_EPC)
  ASSERT_EQ(a2, USER_VA + 0x1004)
  ASSERT_EQ(a0, 0x600dcafe)       /* what U loaded */
  SUBTEST(50)                     /* U cannot load from an S page */
  ARM_S(10f)
  li t0, USER_VA + 0x1000
  csrw sepc, t0
  li t0, MSTATUS_SPP
  csrc sstatus, t0
  la a1, page_a
  sret
10:
  S_REC(a2, TR_CAUSE)
  ASSERT_EQ(a2, CAUSE_LOAD_PF)
  S_REC(a2, TR_EPC)
  ASSERT_EQ(a2, USER_VA + 0x1000)
  S_REC(a2, TR_TVAL)
  ASSERT_EQR(a2, a1)
  li a7, 0
s_paging_done:
  ecall

/* U-mode code, bare mode (sub-tests 20-24). */
u_ecall: ecall
  j fail
u_illegal: csrr a0, sstatus
  j fail
u_ebreak: ebreak
  j fail
u_sret: sret
  j fail
u_spin: j u_spin

/* U code page, mapped at USER_VA + 0x1000: a0 = *(a1); ecall. */
  .section .user_text, "ax"
user_code:
  lw a0, 0(a1)
  ecall
1:
  j 1b

  .data
  .balign 4096
page_a: .word 0xaaaa1111
  .balign 4096
page_b: .word 0xbbbb2222
  .balign 4096
xonly_page: .word 0, 0x0c0ffee0
  .balign 4096

  .bss
  .balign 4096
root_table: .skip 4096
l2_table: .skip 4096
user_data: .skip 4096
