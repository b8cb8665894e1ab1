/*
 * selftest — checks the guest SDK itself before any hypervisor test relies on
 * it: printk formatting (into a buffer, through vsnprintf), the string and
 * memory functions, the start_info magic, the p2m lookup of the guest's own
 * text page (cross-checked against the bootstrap page tables), and time that
 * does not run backwards. A FAILURE here means the SDK or the start-of-day
 * contract is broken, so every other test's verdict would be meaningless.
 */
#include <sdk/sdk.h>

static unsigned checks;

static void expect_fmt(const char *want, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    checks++;
    if (strcmp(buf, want) != 0 || n != (int)strlen(want))
        xtf_failure("printk: format \"%s\" gave \"%s\" (%d), want \"%s\"\n", fmt, buf, n, want);
}

static void test_printk(void)
{
    expect_fmt("42 -7 4294967295", "%d %i %u", 42, -7, 4294967295u);
    expect_fmt("ff FF 0000beef", "%x %X %08x", 255u, 255u, 0xbeefu);
    expect_fmt("[  ab] [ab  ]", "[%4s] [%-4s]", "ab", "ab");
    expect_fmt("c=x 100%", "c=%c 100%%", 'x');
    expect_fmt("-2147483648 12345678901", "%ld %llu", (long)(-2147483647 - 1), 12345678901ull);
    expect_fmt("0xc0001000", "%p", (void *)0xc0001000u);
    expect_fmt("-0042", "%05d", -42);
    expect_fmt("(null)", "%s", (char *)NULL);
    char small[4];
    checks++;
    if (snprintf(small, sizeof(small), "%s", "truncated") != 9 || strcmp(small, "tru") != 0)
        xtf_failure("printk: truncation gave \"%s\"\n", small);
}

static void test_strings(void)
{
    char a[16], b[16];
    checks += 6;
    memset(a, 'z', sizeof(a));
    if (a[0] != 'z' || a[15] != 'z')
        xtf_failure("memset did not fill the buffer\n");
    memcpy(b, "pvkit", 6);
    if (strlen(b) != 5 || strcmp(b, "pvkit") != 0)
        xtf_failure("memcpy/strlen/strcmp: got \"%s\"\n", b);
    if (memcmp("abc", "abd", 3) >= 0 || memcmp("abc", "abc", 3) != 0)
        xtf_failure("memcmp ordering is wrong\n");
    if (strcmp("a", "b") >= 0 || strncmp("xen-3.0-rv32", "xen-3.0", 7) != 0)
        xtf_failure("strcmp/strncmp ordering is wrong\n");
    memmove(b + 1, b, 5);
    if (memcmp(b, "ppvkit", 6) != 0)
        xtf_failure("memmove of overlapping bytes is wrong\n");
    if (strchr("pvkit", 'k') == NULL || strchr("pvkit", 'q') != NULL)
        xtf_failure("strchr is wrong\n");
}

static void test_start_info(start_info_t *si)
{
    checks += 2;
    if (strncmp(si->magic, XEN_START_INFO_MAGIC, sizeof(si->magic)) != 0)
        xtf_failure("start_info magic is \"%.32s\", want \"%s\"\n", si->magic, XEN_START_INFO_MAGIC);
    if (si->nr_pages == 0 || si->mfn_list < VIRT_BASE)
        xtf_failure("start_info: nr_pages %lu, mfn_list 0x%lx\n", si->nr_pages, si->mfn_list);
}

static void test_p2m(void)
{
    unsigned long mfn = virt_to_mfn((void *)start_kernel);
    pte_t pte = lookup_pte((unsigned long)start_kernel);
    checks += 3;
    if (mfn == INVALID_MFN)
        xtf_failure("p2m: no mfn for the text page at %p\n", (void *)start_kernel);
    else if (!pte)
        xtf_failure("page tables: text page %p is not mapped\n", (void *)start_kernel);
    else if (pte_mfn(pte) != mfn)
        xtf_failure("p2m says mfn 0x%lx, the PTE maps 0x%lx\n", mfn, pte_mfn(pte));
    if (mfn != INVALID_MFN && mfn_to_pfn(mfn) != virt_to_pfn((void *)start_kernel))
        xtf_failure("mfn_to_pfn(0x%lx) does not give the text pfn back\n", mfn);
}

static void test_time(void)
{
    checks++;
    if (!HYPERVISOR_shared_info) {
        xtf_error("shared_info is not mapped\n");
        return;
    }
    uint64_t t0 = monotonic_ns(), t1 = monotonic_ns();
    if (t1 < t0)
        xtf_failure("time ran backwards: %llu then %llu\n", (unsigned long long)t0, (unsigned long long)t1);
}

void start_kernel(start_info_t *si)
{
    printk("selftest: the guest SDK\n");
    test_printk();
    test_strings();
    test_start_info(si);
    test_p2m();
    test_time();
    if (xtf_verdict() == XTF_NONE)
        xtf_success("selftest: %u checks passed\n", checks);
}
