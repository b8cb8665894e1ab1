/*
 * bench: a CPU-bound, deterministic workload for timing the machine. Each round mixes
 * the instruction classes a kernel executes: ALU and branches (xorshift fill, shell
 * sort), loads/stores of bytes and words (bitwise CRC-32 over a buffer), multiply
 * (16x16 matrix product) and divide/remainder (a gcd/modular loop). The round count
 * is BENCH_ROUNDS, fixed at build time (bench: long enough to time; bench-short: the
 * same code, few rounds, for the differential test). Prints one checksum line, then
 * the retired instruction count from minstret on a line starting "counter:".
 */
#include "../common/csr.h"
#include "../common/virt.h"

#ifndef BENCH_ROUNDS
#error "BENCH_ROUNDS must be given at build time"
#endif

#define SORT_N 512
#define CRC_BYTES 2048
#define MAT_N 16
#define DIV_N 256

static uint32_t sort_buf[SORT_N];
static uint8_t crc_buf[CRC_BYTES];
static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];

static uint32_t xorshift(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *s = x;
  return x;
}

static uint32_t sort_round(uint32_t *seed) {
  for (int i = 0; i < SORT_N; i++) sort_buf[i] = xorshift(seed);
  /* Shell sort with Ciura's gaps: branchy, data-dependent, word loads and stores. */
  static const int gaps[] = {301, 132, 57, 23, 10, 4, 1};
  for (unsigned g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
    int gap = gaps[g];
    for (int i = gap; i < SORT_N; i++) {
      uint32_t v = sort_buf[i];
      int j = i;
      while (j >= gap && sort_buf[j - gap] > v) {
        sort_buf[j] = sort_buf[j - gap];
        j -= gap;
      }
      sort_buf[j] = v;
    }
  }
  uint32_t h = 0;
  for (int i = 1; i < SORT_N; i++) {
    if (sort_buf[i - 1] > sort_buf[i]) return 0xdeadu;  /* not sorted: a CPU bug */
    h = h * 31u + sort_buf[i];
  }
  return h;
}

static uint32_t crc_round(uint32_t *seed) {
  for (int i = 0; i < CRC_BYTES; i += 4) {
    uint32_t r = xorshift(seed);
    crc_buf[i] = (uint8_t)r;
    crc_buf[i + 1] = (uint8_t)(r >> 8);
    crc_buf[i + 2] = (uint8_t)(r >> 16);
    crc_buf[i + 3] = (uint8_t)(r >> 24);
  }
  uint32_t crc = 0xffffffffu;
  for (int i = 0; i < CRC_BYTES; i++) {
    crc ^= crc_buf[i];
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  }
  return ~crc;
}

static uint32_t matmul_round(uint32_t *seed) {
  for (int i = 0; i < MAT_N; i++) {
    for (int j = 0; j < MAT_N; j++) {
      mat_a[i][j] = (int32_t)(xorshift(seed) % 2001u) - 1000;
      mat_b[i][j] = (int32_t)(xorshift(seed) % 2001u) - 1000;
    }
  }
  uint32_t h = 0;
  for (int i = 0; i < MAT_N; i++) {
    for (int j = 0; j < MAT_N; j++) {
      int32_t s = 0;
      for (int k = 0; k < MAT_N; k++) s += mat_a[i][k] * mat_b[k][j];
      mat_c[i][j] = s;
      h ^= (uint32_t)s + (h << 6) + (h >> 2);
    }
  }
  /* The high halves exercise MULH/MULHU/MULHSU. */
  int64_t wide = (int64_t)mat_c[0][0] * (int64_t)(int32_t)h;
  uint64_t uwide = (uint64_t)(uint32_t)mat_c[1][1] * (uint64_t)h;
  return h ^ (uint32_t)(wide >> 32) ^ (uint32_t)(uwide >> 32);
}

static uint32_t div_round(uint32_t *seed) {
  uint32_t h = 0;
  for (int i = 0; i < DIV_N; i++) {
    uint32_t a = xorshift(seed) | 1u;
    uint32_t b = (xorshift(seed) >> (i & 15)) | 1u;
    while (b != 0) {  /* Euclid: a chain of remainders */
      uint32_t t = a % b;
      a = b;
      b = t;
    }
    int32_t sa = (int32_t)xorshift(seed);
    int32_t sb = (int32_t)(xorshift(seed) >> 20) - 2048;
    if (sb == 0) sb = 7;
    h += a + (uint32_t)(sa / sb) + (uint32_t)(sa % sb);
  }
  return h;
}

int main(uint32_t hartid) {
  (void)hartid;
  uint32_t seed = 0x2545f491u;
  uint32_t sum = 0;
  for (uint32_t r = 0; r < BENCH_ROUNDS; r++) {
    sum = (sum << 7 | sum >> 25) ^ sort_round(&seed);
    sum = (sum << 7 | sum >> 25) ^ crc_round(&seed);
    sum = (sum << 7 | sum >> 25) ^ matmul_round(&seed);
    sum = (sum << 7 | sum >> 25) ^ div_round(&seed);
  }
  uint64_t insns = read_minstret64();
  kprintf("bench: rounds=%u checksum=%08x\n", (uint32_t)BENCH_ROUNDS, sum);
  kprintf("counter: minstret=%llu\n", insns);
  return 0;
}
