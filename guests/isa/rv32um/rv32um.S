/*
 * rv32um: the M extension (RISC-V unprivileged specification, chapter "M" version 2.0).
 *
 * What is covered and why: every instruction on signed/unsigned edge operands, the
 * rules the spec fixes for the corner cases (division by zero gives quotient all ones
 * and remainder = dividend; INT_MIN / -1 gives quotient INT_MIN and remainder 0; no
 * trap in either case), the high-part products against their 64-bit results, rd equal
 * to a source, x0 as source and destination, results used by the next instruction, and
 * the MULH+MUL / DIV+REM pairs the spec suggests fusing (they must still give both
 * halves). Expected values were computed with 64-bit arithmetic from the definitions.
 */
#include "isa.h"

  .text
  .globl test_main
test_main:
  /* ---- MUL ---- */
  T_RR(1, mul, 0x00000015, 0x00000003, 0x00000007)
  T_RR(2, mul, 0xffffffeb, 0xfffffffd, 0x00000007)
  T_RR(3, mul, 0x80000000, 0x80000000, 0xffffffff)
  T_RR(4, mul, 0x00000001, 0xffffffff, 0xffffffff)
  T_RR(5, mul, 0x242d2080, 0x12345678, 0x9abcdef0)
  T_RR(6, mul, 0x00000000, 0x80000000, 0x80000000)
  T_RR(7, mul, 0x00000001, 0x7fffffff, 0x7fffffff)
  T_RR(8, mul, 0x00000078, 0x00000014, 0x00000006)
  T_RR(9, mul, 0xffffff88, 0xffffffec, 0x00000006)
  T_RR(10, mul, 0xffffff88, 0x00000014, 0xfffffffa)
  T_RR(11, mul, 0x00000078, 0xffffffec, 0xfffffffa)
  T_RR(12, mul, 0x00000000, 0x00000005, 0x00000000)
  T_RR(13, mul, 0x00000000, 0x80000000, 0x00000000)
  T_RR_D1(14, mul, 0xffffff7b, 0xfffffff9, 0x00000013)
  T_RR_D2(15, mul, 0xffffff7b, 0xfffffff9, 0x00000013)
  T_RR_DD(16, mul, 0x80000009, 0xc0000003)
  T_RR_Z1(17, mul, 0x00000000, 0x1234)
  T_RR_Z2(18, mul, 0x00000000, 0x1234)
  T_RR_X0(19, mul, 0x1234, 0x56)
  T_RR_CHAIN(20, mul, 0x555618cf, 0x87654321, 0x00abcdef)
  /* ---- MULH ---- */
  T_RR(21, mulh, 0x00000000, 0x00000003, 0x00000007)
  T_RR(22, mulh, 0xffffffff, 0xfffffffd, 0x00000007)
  T_RR(23, mulh, 0x00000000, 0x80000000, 0xffffffff)
  T_RR(24, mulh, 0x00000000, 0xffffffff, 0xffffffff)
  T_RR(25, mulh, 0xf8cc93d6, 0x12345678, 0x9abcdef0)
  T_RR(26, mulh, 0x40000000, 0x80000000, 0x80000000)
  T_RR(27, mulh, 0x3fffffff, 0x7fffffff, 0x7fffffff)
  T_RR(28, mulh, 0x00000000, 0x00000014, 0x00000006)
  T_RR(29, mulh, 0xffffffff, 0xffffffec, 0x00000006)
  T_RR(30, mulh, 0xffffffff, 0x00000014, 0xfffffffa)
  T_RR(31, mulh, 0x00000000, 0xffffffec, 0xfffffffa)
  T_RR(32, mulh, 0x00000000, 0x00000005, 0x00000000)
  T_RR(33, mulh, 0x00000000, 0x80000000, 0x00000000)
  T_RR_D1(34, mulh, 0xffffffff, 0xfffffff9, 0x00000013)
  T_RR_D2(35, mulh, 0xffffffff, 0xfffffff9, 0x00000013)
  T_RR_DD(36, mulh, 0x0ffffffe, 0xc0000003)
  T_RR_Z1(37, mulh, 0x00000000, 0x1234)
  T_RR_Z2(38, mulh, 0x00000000, 0x1234)
  T_RR_X0(39, mulh, 0x1234, 0x56)
  T_RR_CHAIN(40, mulh, 0xffaf0f9f, 0x87654321, 0x00abcdef)
  /* ---- MULHSU ---- */
  T_RR(41, mulhsu, 0x00000000, 0x00000003, 0x00000007)
  T_RR(42, mulhsu, 0xffffffff, 0xfffffffd, 0x00000007)
  T_RR(43, mulhsu, 0x80000000, 0x80000000, 0xffffffff)
  T_RR(44, mulhsu, 0xffffffff, 0xffffffff, 0xffffffff)
  T_RR(45, mulhsu, 0x0b00ea4e, 0x12345678, 0x9abcdef0)
  T_RR(46, mulhsu, 0xc0000000, 0x80000000, 0x80000000)
  T_RR(47, mulhsu, 0x3fffffff, 0x7fffffff, 0x7fffffff)
  T_RR(48, mulhsu, 0x00000000, 0x00000014, 0x00000006)
  T_RR(49, mulhsu, 0xffffffff, 0xffffffec, 0x00000006)
  T_RR(50, mulhsu, 0x00000013, 0x00000014, 0xfffffffa)
  T_RR(51, mulhsu, 0xffffffec, 0xffffffec, 0xfffffffa)
  T_RR(52, mulhsu, 0x00000000, 0x00000005, 0x00000000)
  T_RR(53, mulhsu, 0x00000000, 0x80000000, 0x00000000)
  T_RR_D1(54, mulhsu, 0xffffffff, 0xfffffff9, 0x00000013)
  T_RR_D2(55, mulhsu, 0xffffffff, 0xfffffff9, 0x00000013)
  T_RR_DD(56, mulhsu, 0xd0000001, 0xc0000003)
  T_RR_Z1(57, mulhsu, 0x00000000, 0x1234)
  T_RR_Z2(58, mulhsu, 0x00000000, 0x1234)
  T_RR_X0(59, mulhsu, 0x1234, 0x56)
  T_RR_CHAIN(60, mulhsu, 0xffaf0f9f, 0x87654321, 0x00abcdef)
  /* ---- MULHU ---- */
  T_RR(61, mulhu, 0x00000000, 0x00000003, 0x00000007)
  T_RR(62, mulhu, 0x00000006, 0xfffffffd, 0x00000007)
  T_RR(63, mulhu, 0x7fffffff, 0x80000000, 0xffffffff)
  T_RR(64, mulhu, 0xfffffffe, 0xffffffff, 0xffffffff)
  T_RR(65, mulhu, 0x0b00ea4e, 0x12345678, 0x9abcdef0)
  T_RR(66, mulhu, 0x40000000, 0x80000000, 0x80000000)
  T_RR(67, mulhu, 0x3fffffff, 0x7fffffff, 0x7fffffff)
  T_RR(68, mulhu, 0x00000000, 0x00000014, 0x00000006)
  T_RR(69, mulhu, 0x00000005, 0xffffffec, 0x00000006)
  T_RR(70, mulhu, 0x00000013, 0x00000014, 0xfffffffa)
  T_RR(71, mulhu, 0xffffffe6, 0xffffffec, 0xfffffffa)
  T_RR(72, mulhu, 0x00000000, 0x00000005, 0x00000000)
  T_RR(73, mulhu, 0x00000000, 0x80000000, 0x00000000)
  T_RR_D1(74, mulhu, 0x00000012, 0xfffffff9, 0x00000013)
  T_RR_D2(75, mulhu, 0x00000012, 0xfffffff9, 0x00000013)
  T_RR_DD(76, mulhu, 0x90000004, 0xc0000003)
  T_RR_Z1(77, mulhu, 0x00000000, 0x1234)
  T_RR_Z2(78, mulhu, 0x00000000, 0x1234)
  T_RR_X0(79, mulhu, 0x1234, 0x56)
  T_RR_CHAIN(80, mulhu, 0x005add8e, 0x87654321, 0x00abcdef)
  /* ---- DIV ---- */
  T_RR(81, div, 0x00000000, 0x00000003, 0x00000007)
  T_RR(82, div, 0x00000000, 0xfffffffd, 0x00000007)
  T_RR(83, div, 0x80000000, 0x80000000, 0xffffffff)
  T_RR(84, div, 0x00000001, 0xffffffff, 0xffffffff)
  T_RR(85, div, 0x00000000, 0x12345678, 0x9abcdef0)
  T_RR(86, div, 0x00000001, 0x80000000, 0x80000000)
  T_RR(87, div, 0x00000001, 0x7fffffff, 0x7fffffff)
  T_RR(88, div, 0x00000003, 0x00000014, 0x00000006)
  T_RR(89, div, 0xfffffffd, 0xffffffec, 0x00000006)
  T_RR(90, div, 0xfffffffd, 0x00000014, 0xfffffffa)
  T_RR(91, div, 0x00000003, 0xffffffec, 0xfffffffa)
  T_RR(92, div, 0xffffffff, 0x00000005, 0x00000000)
  T_RR(93, div, 0xffffffff, 0x80000000, 0x00000000)
  T_RR_D1(94, div, 0x00000000, 0xfffffff9, 0x00000013)
  T_RR_D2(95, div, 0x00000000, 0xfffffff9, 0x00000013)
  T_RR_DD(96, div, 0x00000001, 0xc0000003)
  T_RR_Z1(97, div, 0x00000000, 0x1234)
  T_RR_Z2(98, div, 0xffffffff, 0x1234)
  T_RR_X0(99, div, 0x1234, 0x56)
  T_RR_CHAIN(100, div, 0xffffff4d, 0x87654321, 0x00abcdef)
  /* ---- DIVU ---- */
  T_RR(101, divu, 0x00000000, 0x00000003, 0x00000007)
  T_RR(102, divu, 0x24924924, 0xfffffffd, 0x00000007)
  T_RR(103, divu, 0x00000000, 0x80000000, 0xffffffff)
  T_RR(104, divu, 0x00000001, 0xffffffff, 0xffffffff)
  T_RR(105, divu, 0x00000000, 0x12345678, 0x9abcdef0)
  T_RR(106, divu, 0x00000001, 0x80000000, 0x80000000)
  T_RR(107, divu, 0x00000001, 0x7fffffff, 0x7fffffff)
  T_RR(108, divu, 0x00000003, 0x00000014, 0x00000006)
  T_RR(109, divu, 0x2aaaaaa7, 0xffffffec, 0x00000006)
  T_RR(110, divu, 0x00000000, 0x00000014, 0xfffffffa)
  T_RR(111, divu, 0x00000000, 0xffffffec, 0xfffffffa)
  T_RR(112, divu, 0xffffffff, 0x00000005, 0x00000000)
  T_RR(113, divu, 0xffffffff, 0x80000000, 0x00000000)
  T_RR_D1(114, divu, 0x0d79435d, 0xfffffff9, 0x00000013)
  T_RR_D2(115, divu, 0x0d79435d, 0xfffffff9, 0x00000013)
  T_RR_DD(116, divu, 0x00000001, 0xc0000003)
  T_RR_Z1(117, divu, 0x00000000, 0x1234)
  T_RR_Z2(118, divu, 0xffffffff, 0x1234)
  T_RR_X0(119, divu, 0x1234, 0x56)
  T_RR_CHAIN(120, divu, 0x000000c9, 0x87654321, 0x00abcdef)
  /* ---- REM ---- */
  T_RR(121, rem, 0x00000003, 0x00000003, 0x00000007)
  T_RR(122, rem, 0xfffffffd, 0xfffffffd, 0x00000007)
  T_RR(123, rem, 0x00000000, 0x80000000, 0xffffffff)
  T_RR(124, rem, 0x00000000, 0xffffffff, 0xffffffff)
  T_RR(125, rem, 0x12345678, 0x12345678, 0x9abcdef0)
  T_RR(126, rem, 0x00000000, 0x80000000, 0x80000000)
  T_RR(127, rem, 0x00000000, 0x7fffffff, 0x7fffffff)
  T_RR(128, rem, 0x00000002, 0x00000014, 0x00000006)
  T_RR(129, rem, 0xfffffffe, 0xffffffec, 0x00000006)
  T_RR(130, rem, 0x00000002, 0x00000014, 0xfffffffa)
  T_RR(131, rem, 0xfffffffe, 0xffffffec, 0xfffffffa)
  T_RR(132, rem, 0x00000005, 0x00000005, 0x00000000)
  T_RR(133, rem, 0x80000000, 0x80000000, 0x00000000)
  T_RR_D1(134, rem, 0xfffffff9, 0xfffffff9, 0x00000013)
  T_RR_D2(135, rem, 0xfffffff9, 0xfffffff9, 0x00000013)
  T_RR_DD(136, rem, 0x00000000, 0xc0000003)
  T_RR_Z1(137, rem, 0x00000000, 0x1234)
  T_RR_Z2(138, rem, 0x00001234, 0x1234)
  T_RR_X0(139, rem, 0x1234, 0x56)
  T_RR_CHAIN(140, rem, 0xff86413e, 0x87654321, 0x00abcdef)
  /* ---- REMU ---- */
  T_RR(141, remu, 0x00000003, 0x00000003, 0x00000007)
  T_RR(142, remu, 0x00000001, 0xfffffffd, 0x00000007)
  T_RR(143, remu, 0x80000000, 0x80000000, 0xffffffff)
  T_RR(144, remu, 0x00000000, 0xffffffff, 0xffffffff)
  T_RR(145, remu, 0x12345678, 0x12345678, 0x9abcdef0)
  T_RR(146, remu, 0x00000000, 0x80000000, 0x80000000)
  T_RR(147, remu, 0x00000000, 0x7fffffff, 0x7fffffff)
  T_RR(148, remu, 0x00000002, 0x00000014, 0x00000006)
  T_RR(149, remu, 0x00000002, 0xffffffec, 0x00000006)
  T_RR(150, remu, 0x00000014, 0x00000014, 0xfffffffa)
  T_RR(151, remu, 0xffffffec, 0xffffffec, 0xfffffffa)
  T_RR(152, remu, 0x00000005, 0x00000005, 0x00000000)
  T_RR(153, remu, 0x80000000, 0x80000000, 0x00000000)
  T_RR_D1(154, remu, 0x00000012, 0xfffffff9, 0x00000013)
  T_RR_D2(155, remu, 0x00000012, 0xfffffff9, 0x00000013)
  T_RR_DD(156, remu, 0x00000000, 0xc0000003)
  T_RR_Z1(157, remu, 0x00000000, 0x1234)
  T_RR_Z2(158, remu, 0x00001234, 0x1234)
  T_RR_X0(159, remu, 0x1234, 0x56)
  T_RR_CHAIN(160, remu, 0x0080927a, 0x87654321, 0x00abcdef)
  /* ---- pairs written back to back ---- */
  SUBTEST(161)
  li a1, 0x9abcdef0
  li a2, 0x12345678
  mulh a3, a1, a2
  mul a4, a1, a2
  ASSERT_EQ(a3, 0xf8cc93d6)
  ASSERT_EQ(a4, 0x242d2080)
  SUBTEST(162)
  li a1, 0xffffffff
  li a2, 0xffffffff
  mulhu a3, a1, a2
  mul a4, a1, a2
  ASSERT_EQ(a3, 0xfffffffe)
  ASSERT_EQ(a4, 1)
  SUBTEST(163)
  li a1, -20
  li a2, 6
  div a3, a1, a2
  rem a4, a1, a2
  ASSERT_EQ(a3, -3)
  ASSERT_EQ(a4, -2)
  SUBTEST(164)                    /* quotient * divisor + remainder == dividend */
  li a1, 0x87654321
  li a2, 0x00000abc
  divu a3, a1, a2
  remu a4, a1, a2
  mul a5, a3, a2
  add a5, a5, a4
  ASSERT_EQR(a5, a1)

  j pass
