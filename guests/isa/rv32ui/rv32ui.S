/*
 * rv32ui: every RV32I user-level instruction, checked against the RISC-V unprivileged
 * specification (RV32I base, version 2.1).
 *
 * What is covered and why:
 * - ALU register and immediate forms at edge values (0, -1, INT_MIN, INT_MAX, 12-bit
 *   immediate limits, shift amounts taken from the low 5 bits of rs2 only).
 * - rd equal to a source, rd = x0 (the write is dropped), x0 as a source, and results
 *   consumed by the next instruction (the dependency paths a fast interpreter skips).
 * - LUI/AUIPC, JAL/JALR (link value, rd = rs1, bit 0 of the target cleared), every branch
 *   taken and not taken at signed/unsigned boundaries, forward and backward.
 * - Loads sign/zero extension, negative offsets; stores touch only their bytes.
 * - Misaligned loads and stores complete (this machine emulates them, as QEMU does),
 *   also across a page boundary.
 * - FENCE.I makes a store to code visible to fetch.
 */
#include "isa.h"

  .text
  .globl test_main
test_main:
  /* ---- ADD / SUB ---- */
  T_RR(1, add, 0, 0, 0)
  T_RR(2, add, 10, 3, 7)
  T_RR(3, add, 0x80000000, 0x7fffffff, 1)
  T_RR(4, add, 0, 0x80000000, 0x80000000)
  T_RR(5, add, 0xfffffffe, -1, -1)
  T_RR(6, add, 0xffffffff, 0xffff8000, 0x7fff)
  T_RR_D1(7, add, 24, 11, 13)
  T_RR_D2(8, add, 25, 12, 13)
  T_RR_DD(9, add, 26, 13)
  T_RR_Z1(10, add, 0x1234, 0x1234)
  T_RR_X0(11, add, 5, 6)
  T_RR_CHAIN(12, add, 0x10001, 0x10000, 1)
  T_RR(13, sub, 0, 0, 0)
  T_RR(14, sub, -4, 3, 7)
  T_RR(15, sub, 0x7fffffff, 0x80000000, 1)
  T_RR(16, sub, 0x80000000, 0, 0x80000000)
  T_RR(17, sub, 0, -1, -1)
  T_RR_D1(18, sub, 2, 13, 11)
  T_RR_D2(19, sub, -2, 11, 13)
  T_RR_DD(20, sub, 0, 0x55)
  T_RR_Z1(21, sub, 0xffffedcc, 0x1234)
  T_RR_X0(22, sub, 5, 6)

  /* ---- shifts (register): only rs2[4:0] counts ---- */
  T_RR(23, sll, 1, 1, 0)
  T_RR(24, sll, 0x80000000, 1, 31)
  T_RR(25, sll, 0xffffff80, -1, 7)
  T_RR(26, sll, 2, 1, 33)
  T_RR(27, sll, 0x80000000, 0x21212121, -1)
  T_RR(28, srl, 0x40000000, 0x80000000, 1)
  T_RR(29, srl, 1, 0x80000000, 31)
  T_RR(30, srl, 0xffffffff, -1, 32)
  T_RR(31, srl, 0x01030303, 0x81818181, 0xffffffe7)
  T_RR(32, sra, 0xffffffff, 0x80000000, 31)
  T_RR(33, sra, 1, 0x7fffffff, 30)
  T_RR(34, sra, 0xc0c0c0c0, 0x81818181, 1)
  T_RR(35, sra, 0xff030303, 0x81818181, 0xffffffc7)
  T_RR_DD(36, sll, 0x80000000, 0x80000000)
  T_RR_DD(37, srl, 0x20000070, 0x400000e1)
  T_RR_D2(38, sra, 0xfffe0000, 0x80000000, 14)
  T_RR_X0(39, sll, 1, 3)

  /* ---- SLT / SLTU ---- */
  T_RR(40, slt, 0, 0, 0)
  T_RR(41, slt, 1, -1, 0)
  T_RR(42, slt, 1, 0x80000000, 0x7fffffff)
  T_RR(43, slt, 0, 0x7fffffff, 0x80000000)
  T_RR(44, slt, 0, 1, 1)
  T_RR(45, sltu, 0, 0xffffffff, 1)
  T_RR(46, sltu, 1, 1, 0xffffffff)
  T_RR(47, sltu, 1, 0x7fffffff, 0x80000000)
  T_RR(48, sltu, 0, 0, 0)
  T_RR_Z1(49, sltu, 1, 5)
  T_RR_Z1(50, sltu, 0, 0)
  T_RR_DD(51, slt, 0, -7)
  T_RR_X0(52, slt, -1, 0)

  /* ---- logic ---- */
  T_RR(53, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f)
  T_RR(54, or, 0xff0fff0f, 0xff00ff00, 0x0f0f0f0f)
  T_RR(55, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f)
  T_RR_DD(56, xor, 0, 0x12345678)
  T_RR_DD(57, or, 0x12345678, 0x12345678)
  T_RR_D2(58, and, 0x00005678, 0x0000ffff, 0x12345678)
  T_RR_CHAIN(59, xor, 0xffffffff, 0x0f0f0f0f, 0xf0f0f0f0)
  T_RR_X0(60, or, 1, 2)

  /* ---- immediate ALU ---- */
  T_RI(61, addi, 0x80000000, 0x7fffffff, 1)
  T_RI(62, addi, 0xfffff800, 0, -2048)
  T_RI(63, addi, 0x7fffffff, 0x80000000, -1)
  T_RI(64, addi, 2052, 5, 2047)
  T_RI_D1(65, addi, 0x100, 0xff, 1)
  T_RI_Z(66, addi, 0x7ff, 2047)
  T_RI_X0(67, addi, 1, 1)
  T_RI_CHAIN(68, addi, 0x1000, 0xfff, 1)
  T_RI(69, slti, 1, 0x80000000, 0)
  T_RI(70, slti, 0, 0, -1)
  T_RI(71, slti, 0, 0x7fffffff, 2047)
  T_RI(72, slti, 1, 2046, 2047)
  T_RI(73, slti, 1, -2049, -2048)
  T_RI(74, sltiu, 1, 0, -1)
  T_RI(75, sltiu, 1, 0xfffffffe, -1)
  T_RI(76, sltiu, 0, 0xffffffff, -1)
  T_RI(77, sltiu, 1, 0, 1)
  T_RI(78, sltiu, 0, 5, 1)
  T_RI(79, sltiu, 0, 0x800, 0x7ff)
  T_RI(80, xori, 0xff00f0f0, 0x00ff0f00, -0x10)
  T_RI(81, xori, 0xedcba987, 0x12345678, -1)
  T_RI(82, ori, 0x00ff0f0f, 0x00ff0f00, 0x70f)
  T_RI(83, ori, 0xffffff0f, 0x00000000, -241)
  T_RI(84, andi, 0xff00ff00, 0xff00ff00, -241)
  T_RI(85, andi, 0x00000700, 0xff00ff00, 0x70f)
  T_RI_D1(86, andi, 0x0000000f, 0xffffffff, 15)
  T_RI_X0(87, ori, 1, 1)
  T_RI(88, slli, 0x12345678, 0x12345678, 0)
  T_RI(89, slli, 0x80000000, 1, 31)
  T_RI(90, slli, 0x2468acf0, 0x12345678, 1)
  T_RI(91, srli, 0x12345678, 0x12345678, 0)
  T_RI(92, srli, 1, 0x80000000, 31)
  T_RI(93, srli, 0x7fffffff, 0xffffffff, 1)
  T_RI(94, srai, 0xffffffff, 0x80000000, 31)
  T_RI(95, srai, 0xc0000000, 0x80000000, 1)
  T_RI(96, srai, 0x3fffffff, 0x7fffffff, 1)
  T_RI_D1(97, srai, 0xfff81818, 0x81818181, 12)
  T_RI_X0(98, slli, 1, 3)
  T_RI_CHAIN(99, srli, 0x00000001, 0x00000002, 1)

  /* ---- LUI / AUIPC ---- */
  SUBTEST(100); lui a0, 0; ASSERT_EQ(a0, 0)
  SUBTEST(101); lui a0, 0xfffff; ASSERT_EQ(a0, 0xfffff000)
  SUBTEST(102); lui a0, 0x80000; srai a0, a0, 12; ASSERT_EQ(a0, 0xfff80000)
  SUBTEST(103); lui x0, 0x12345; ASSERT_EQ(x0, 0)
  SUBTEST(104)
auipc0:
  auipc a0, 0
  ASSERT_ADDR(a0, auipc0)
  SUBTEST(105)
auipc1:
  auipc a0, 1
  lui a1, 1
  sub a0, a0, a1
  ASSERT_ADDR(a0, auipc1)
  SUBTEST(106)
auipc2:
  auipc a0, 0xfffff               /* pc - 4096 */
  lui a1, 1
  add a0, a0, a1
  ASSERT_ADDR(a0, auipc2)

  /* ---- JAL / JALR ---- */
  SUBTEST(107)
  li ra, 0
  jal ra, 1f
jal_ret:
  j fail
1:
  ASSERT_ADDR(ra, jal_ret)
  SUBTEST(108)
  li a0, 7
  jal x0, 2f                      /* rd = x0: nothing written */
  j fail
2:
  ASSERT_EQ(x0, 0)
  ASSERT_EQ(a0, 7)
  SUBTEST(109)                    /* backward jal */
  li a0, 0
  j 4f
3:
  addi a0, a0, 1
  j 5f
4:
  jal x0, 3b
5:
  ASSERT_EQ(a0, 1)
  SUBTEST(110)
  la t0, 6f
  jalr ra, 0(t0)
jalr_ret:
  j fail
6:
  ASSERT_ADDR(ra, jalr_ret)
  SUBTEST(111)                    /* rd = rs1: the target uses the old value */
  la t0, 7f
  jalr t0, 0(t0)
jalr_ret2:
  j fail
7:
  ASSERT_ADDR(t0, jalr_ret2)
  SUBTEST(112)                    /* bit 0 of the sum is cleared */
  la t0, 8f
  addi t0, t0, 1
  jalr x0, 0(t0)
  j fail
8:
  SUBTEST(113)                    /* negative offset, odd base */
  la t0, 9f
  addi t0, t0, 17
  jalr ra, -17(t0)
  j fail
9:
  SUBTEST(114)                    /* link value used by the next instruction */
  la t0, 10f
  jalr a0, 0(t0)
jalr_ret3:
  j fail
10:
  addi a1, a0, 0
  ASSERT_ADDR(a1, jalr_ret3)

  /* ---- branches ---- */
  T_BR_TAKEN(115, beq, 0, 0)
  T_BR_TAKEN(116, beq, -1, -1)
  T_BR_NOT(117, beq, 0, 1)
  T_BR_NOT(118, beq, 0x80000000, 0)
  T_BR_TAKEN(119, bne, 0, 1)
  T_BR_TAKEN(120, bne, 0x80000000, 0)
  T_BR_NOT(121, bne, -1, -1)
  T_BR_TAKEN(122, blt, -1, 0)
  T_BR_TAKEN(123, blt, 0x80000000, 0x7fffffff)
  T_BR_NOT(124, blt, 0x7fffffff, 0x80000000)
  T_BR_NOT(125, blt, 5, 5)
  T_BR_TAKEN(126, bge, 5, 5)
  T_BR_TAKEN(127, bge, 0, -1)
  T_BR_TAKEN(128, bge, 0x7fffffff, 0x80000000)
  T_BR_NOT(129, bge, 0x80000000, 0x7fffffff)
  T_BR_TAKEN(130, bltu, 0, 1)
  T_BR_TAKEN(131, bltu, 0x7fffffff, 0x80000000)
  T_BR_NOT(132, bltu, 0xffffffff, 0)
  T_BR_NOT(133, bltu, 7, 7)
  T_BR_TAKEN(134, bgeu, 7, 7)
  T_BR_TAKEN(135, bgeu, 0xffffffff, 0)
  T_BR_NOT(136, bgeu, 0x7fffffff, 0x80000000)
  T_BR_NOT(137, bgeu, 0, 1)
  SUBTEST(138)                    /* backward branch loop: 10 iterations */
  li a0, 0
  li a1, 10
11:
  addi a0, a0, 1
  bne a0, a1, 11b
  ASSERT_EQ(a0, 10)
  SUBTEST(139)                    /* branch on a value written by the previous instruction */
  li a0, 1
  addi a0, a0, -1
  beqz a0, 12f
  j fail
12:

  /* ---- loads: ld_data bytes 80 7f 01 ff 34 12 cd ab ---- */
  T_LD(140, lb, 0xffffff80, ld_data, 0, 0)
  T_LD(141, lb, 0x0000007f, ld_data, 0, 1)
  T_LD(142, lb, 0xffffffff, ld_data, 0, 3)
  T_LD(143, lbu, 0x00000080, ld_data, 0, 0)
  T_LD(144, lbu, 0x000000ff, ld_data, 0, 3)
  T_LD(145, lh, 0x00007f80, ld_data, 0, 0)
  T_LD(146, lh, 0xffffff01, ld_data, 0, 2)
  T_LD(147, lh, 0xffffabcd, ld_data, 0, 6)
  T_LD(148, lhu, 0x0000ff01, ld_data, 0, 2)
  T_LD(149, lhu, 0x0000abcd, ld_data, 0, 6)
  T_LD(150, lw, 0xff017f80, ld_data, 0, 0)
  T_LD(151, lw, 0xabcd1234, ld_data, 0, 4)
  T_LD(152, lw, 0xabcd1234, ld_data, 8, -4)
  T_LD(153, lbu, 0x00000034, ld_data, 8, -4)
  T_LD(154, lh, 0x00007f80, ld_data, 2047, -2047)
  T_LD(155, lw, 0xabcd1234, ld_data, -2043, 2047)
  SUBTEST(156)                    /* rd = x0 */
  la a1, ld_data
  lw x0, 0(a1)
  ASSERT_EQ(x0, 0)
  SUBTEST(157)                    /* rd = base register */
  la a1, ld_data
  lw a1, 4(a1)
  ASSERT_EQ(a1, 0xabcd1234)
  SUBTEST(158)                    /* load-use in the next instruction */
  la a1, ld_data
  lbu a0, 0(a1)
  addi a0, a0, 1
  ASSERT_EQ(a0, 0x81)
  /* misaligned loads */
  T_LD(159, lh, 0x0000017f, ld_data, 0, 1)
  T_LD(160, lh, 0x000034ff, ld_data, 0, 3)
  T_LD(161, lh, 0xffffcd12, ld_data, 0, 5)
  T_LD(162, lhu, 0x0000cd12, ld_data, 0, 5)
  T_LD(163, lw, 0x34ff017f, ld_data, 0, 1)
  T_LD(164, lw, 0x1234ff01, ld_data, 0, 2)
  T_LD(165, lw, 0xcd1234ff, ld_data, 0, 3)

  /* ---- stores ---- */
  SUBTEST(166)
  la a1, st_data
  li a2, -1
  sw a2, 0(a1)
  sw a2, 4(a1)
  T_ST(167, sb, lbu, 0x1234ab, 0xab, st_data, 1)
  SUBTEST(168); la a1, st_data; lw a0, 0(a1); ASSERT_EQ(a0, 0xffffabff)
  T_ST(169, sh, lhu, 0x5678cdef, 0xcdef, st_data, 2)
  SUBTEST(170); la a1, st_data; lw a0, 0(a1); ASSERT_EQ(a0, 0xcdefabff)
  T_ST(171, sw, lw, 0x89abcdef, 0x89abcdef, st_data, 4)
  T_ST(172, sb, lb, 0x80, 0xffffff80, st_data, 7)
  SUBTEST(173); la a1, st_data; lw a0, 4(a1); ASSERT_EQ(a0, 0x80abcdef)
  SUBTEST(174)                    /* negative store offset */
  la a1, st_data
  addi a1, a1, 8
  li a2, 0x11223344
  sw a2, -8(a1)
  lw a0, -8(a1)
  ASSERT_EQ(a0, 0x11223344)
  SUBTEST(175)                    /* store of x0 */
  la a1, st_data
  sw x0, 0(a1)
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0)
  /* misaligned stores */
  SUBTEST(176)
  la a1, st_data
  sw x0, 0(a1)
  sw x0, 4(a1)
  li a2, 0xa1b2c3d4
  sw a2, 1(a1)
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0xb2c3d400)
  lw a0, 4(a1)
  ASSERT_EQ(a0, 0x000000a1)
  SUBTEST(177)
  la a1, st_data
  li a2, 0x5566
  sh a2, 3(a1)
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0x66c3d400)
  lw a0, 4(a1)
  ASSERT_EQ(a0, 0x00000055)
  SUBTEST(178)
  la a1, st_data
  li a2, 0x778899aa
  sw a2, 2(a1)
  lw a0, 2(a1)
  ASSERT_EQ(a0, 0x778899aa)
  lhu a0, 0(a1)
  ASSERT_EQ(a0, 0xd400)
  lhu a0, 6(a1)
  ASSERT_EQ(a0, 0)
  SUBTEST(179)                    /* misaligned word across a page boundary */
  la a1, page_pair
  li t0, 4096
  add a1, a1, t0
  li a2, 0xdeadbeef
  sw a2, -1(a1)
  lbu a0, -1(a1)
  ASSERT_EQ(a0, 0xef)
  lbu a0, 0(a1)
  ASSERT_EQ(a0, 0xbe)
  lbu a0, 2(a1)
  ASSERT_EQ(a0, 0xde)
  lw a0, -1(a1)
  ASSERT_EQ(a0, 0xdeadbeef)
  lh a0, 1(a1)
  ASSERT_EQ(a0, 0xffffdead)
  SUBTEST(180)                    /* store then load of the same word back to back */
  la a1, st_data
  li a2, 0x0badf00d
  sw a2, 0(a1)
  lw a0, 0(a1)
  ASSERT_EQ(a0, 0x0badf00d)

  /* ---- FENCE / FENCE.I ---- */
  SUBTEST(181)
  fence
  fence rw, rw
  fence.i
  SUBTEST(182)                    /* code written by stores runs after FENCE.I */
  la a1, code_buf
  li a2, 0x00100513               /* addi a0, x0, 1 */
  sw a2, 0(a1)
  li a2, 0x00008067               /* jalr x0, 0(ra) */
  sw a2, 4(a1)
  fence.i
  li a0, 0
  jalr ra, 0(a1)
  ASSERT_EQ(a0, 1)
  SUBTEST(183)
  la a1, code_buf
  li a2, 0x00200513               /* addi a0, x0, 2 */
  sw a2, 0(a1)
  fence.i
  li a0, 0
  jalr ra, 0(a1)
  ASSERT_EQ(a0, 2)

  j pass

  .data
  .balign 16
ld_data: .byte 0x80, 0x7f, 0x01, 0xff, 0x34, 0x12, 0xcd, 0xab
  .balign 16
st_data: .word 0, 0, 0, 0
  .balign 16
code_buf: .word 0, 0, 0, 0

  .bss
  .balign 4096
page_pair: .skip 8192
