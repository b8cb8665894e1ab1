/*
 * Macros for the self-checking ISA images (guests/isa/<group>/<group>.S).
 *
 * The contract with the runner is the riscv-tests `tohost` convention: the image writes
 * 1 to the 64-bit word `tohost` when every sub-test passed, or (n << 1) | 1 when sub-test
 * n failed, then spins. Sub-test numbers are 1..254 (QEMU turns the value into its exit
 * status, which has 8 bits); 255 means "failed outside any sub-test" (a trap before the
 * first one). Each SUBTEST(n) also defines the label `subtest_n`, so a number used twice
 * is an assembly error and a failing number maps to an address in the symbol table.
 *
 * Registers: gp (x3) holds the current sub-test number; t5 and t6 belong to the macros
 * and the trap handlers (a trap clobbers them); tests use the others freely.
 *
 * Traps: entry.S installs recording handlers for M (mtrap) and S (strap). A test that
 * expects a trap first ARMs a resume label; the handler records cause, epc, tval and the
 * status register into trap_rec (M) or strap_rec (S), disarms, and resumes at the label in
 * the handler's own mode. A trap that nobody armed fails the current sub-test.
 */
#ifndef ISA_H
#define ISA_H

#define MSTATUS_SIE   0x00000002
#define MSTATUS_MIE   0x00000008
#define MSTATUS_SPIE  0x00000020
#define MSTATUS_MPIE  0x00000080
#define MSTATUS_SPP   0x00000100
#define MSTATUS_MPP   0x00001800
#define MSTATUS_MPP_S 0x00000800
#define MSTATUS_MPRV  0x00020000
#define MSTATUS_SUM   0x00040000
#define MSTATUS_MXR   0x00080000
#define MSTATUS_TVM   0x00100000
#define MSTATUS_TW    0x00200000
#define MSTATUS_TSR   0x00400000

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_FETCH_PF 12
#define CAUSE_LOAD_PF 13
#define CAUSE_STORE_PF 15
#define CAUSE_IRQ 0x80000000

/* Offsets in trap_rec / strap_rec. */
#define TR_CAUSE 0
#define TR_EPC 4
#define TR_TVAL 8
#define TR_STATUS 12
#define TR_RESUME 16
#define TR_COUNT 20

/* Starts sub-test n (1..254). */
#define SUBTEST(n) \
  .if ((n) < 1) || ((n) > 254); .error "sub-test numbers are 1..254"; .endif; \
  subtest_##n: li gp, n

/* Fails the current sub-test unless reg == val (any 32-bit value). */
#define ASSERT_EQ(reg, val) \
  li t6, val; beq reg, t6, 1f; j fail; 1:

/* Fails the current sub-test unless reg == other register. */
#define ASSERT_EQR(reg, other) \
  beq reg, other, 1f; j fail; 1:

/* Fails the current sub-test unless reg holds the address of label. */
#define ASSERT_ADDR(reg, label) \
  lui t6, %hi(label); addi t6, t6, %lo(label); beq reg, t6, 1f; j fail; 1:

/* ---- register-register and register-immediate ALU (rd = a0, sources a1/a2) ---- */

#define T_RR(n, op, exp, a, b) \
  SUBTEST(n); li a1, a; li a2, b; op a0, a1, a2; ASSERT_EQ(a0, exp)
/* rd is the first source. */
#define T_RR_D1(n, op, exp, a, b) \
  SUBTEST(n); li a1, a; li a2, b; op a1, a1, a2; ASSERT_EQ(a1, exp)
/* rd is the second source. */
#define T_RR_D2(n, op, exp, a, b) \
  SUBTEST(n); li a1, a; li a2, b; op a2, a1, a2; ASSERT_EQ(a2, exp)
/* rd, rs1 and rs2 are one register. */
#define T_RR_DD(n, op, exp, a) \
  SUBTEST(n); li a1, a; op a1, a1, a1; ASSERT_EQ(a1, exp)
/* x0 as rs1 / rs2. */
#define T_RR_Z1(n, op, exp, b) \
  SUBTEST(n); li a2, b; op a0, x0, a2; ASSERT_EQ(a0, exp)
#define T_RR_Z2(n, op, exp, a) \
  SUBTEST(n); li a1, a; op a0, a1, x0; ASSERT_EQ(a0, exp)
/* x0 as rd: the write is dropped, and a later read of x0 still gives 0. */
#define T_RR_X0(n, op, a, b) \
  SUBTEST(n); li a1, a; li a2, b; op x0, a1, a2; ASSERT_EQ(x0, 0); add a0, x0, x0; ASSERT_EQ(a0, 0)
/* Result used by the very next instruction, then a chain of three dependent ops. */
#define T_RR_CHAIN(n, op, exp, a, b) \
  SUBTEST(n); li a1, a; li a2, b; op a0, a1, a2; addi a3, a0, 0; addi a4, a3, 0; ASSERT_EQ(a4, exp)

#define T_RI(n, op, exp, a, imm) \
  SUBTEST(n); li a1, a; op a0, a1, imm; ASSERT_EQ(a0, exp)
#define T_RI_D1(n, op, exp, a, imm) \
  SUBTEST(n); li a1, a; op a1, a1, imm; ASSERT_EQ(a1, exp)
#define T_RI_Z(n, op, exp, imm) \
  SUBTEST(n); op a0, x0, imm; ASSERT_EQ(a0, exp)
#define T_RI_X0(n, op, a, imm) \
  SUBTEST(n); li a1, a; op x0, a1, imm; ASSERT_EQ(x0, 0)
#define T_RI_CHAIN(n, op, exp, a, imm) \
  SUBTEST(n); li a1, a; op a0, a1, imm; op a0, a0, 0; addi a3, a0, 0; ASSERT_EQ(a3, exp)

/* ---- loads and stores (base a1) ---- */

/* Load from label+off; with base+off split so negative offsets are exercised. */
#define T_LD(n, op, exp, label, base_off, off) \
  SUBTEST(n); la a1, label; addi a1, a1, base_off; op a0, off(a1); ASSERT_EQ(a0, exp)
/* Store val with sop at label+off, read it back with lop, expect exp. */
#define T_ST(n, sop, lop, val, exp, label, off) \
  SUBTEST(n); la a1, label; li a2, val; sop a2, off(a1); lop a0, off(a1); ASSERT_EQ(a0, exp)

/* ---- branches ---- */

#define T_BR_TAKEN(n, op, a, b) \
  SUBTEST(n); li a1, a; li a2, b; op a1, a2, 2f; j fail; 2:
#define T_BR_NOT(n, op, a, b) \
  SUBTEST(n); li a1, a; li a2, b; op a1, a2, 3f; j 4f; 3: j fail; 4:

/*
 * Jumps to label when the host is QEMU 7.2 (host_quirks = 1): guards a check where QEMU
 * 7.2 is known to deviate from the specification. Every use names the deviation.
 */
#define QUIRK_SKIP(label) la t5, host_quirks; lw t5, 0(t5); bnez t5, label

/* ---- traps ---- */

/* The next trap taken into M resumes at label (in M). */
#define ARM_M(label) la t5, label; la t6, trap_rec; sw t5, TR_RESUME(t6)
/* The next trap taken into S resumes at label (in S). */
#define ARM_S(label) la t5, label; la t6, strap_rec; sw t5, TR_RESUME(t6)

/* After an M trap: mcause == cause, mepc == address of epc_label. */
#define CHECK_MTRAP(cause, epc_label) \
  la t5, trap_rec; lw t6, TR_CAUSE(t5); li t5, cause; beq t5, t6, 1f; j fail; 1: \
  la t5, trap_rec; lw t5, TR_EPC(t5); ASSERT_ADDR(t5, epc_label)
#define CHECK_STRAP(cause, epc_label) \
  la t5, strap_rec; lw t6, TR_CAUSE(t5); li t5, cause; beq t5, t6, 1f; j fail; 1: \
  la t5, strap_rec; lw t5, TR_EPC(t5); ASSERT_ADDR(t5, epc_label)
/* Loads a recorded field into reg. */
#define M_REC(reg, field) la reg, trap_rec; lw reg, field(reg)
#define S_REC(reg, field) la reg, strap_rec; lw reg, field(reg)

/* Drops from M to privilege mpp_bits (0 = U, MSTATUS_MPP_S = S) at label, MPIE = 0. */
#define MRET_TO(mpp_bits, label) \
  li t5, MSTATUS_MPP | MSTATUS_MPIE; csrc mstatus, t5; li t5, mpp_bits; csrs mstatus, t5; \
  la t5, label; csrw mepc, t5; mret

#endif
