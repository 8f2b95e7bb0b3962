// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - writable and executable memory (R-MEM, with R-AUD)
 *
 * A `memory wx-deny` domain may not create memory that is writable and
 * executable at once: mmap() and mprotect() with PROT_WRITE|PROT_EXEC fail
 * with EACCES (Documentation/abi.rst).  A `memory wx-allow` domain and the
 * host (the positive control, run in every test) may, and the code they
 * write there runs.  A complaining wx-deny domain may, and an event
 * "verdict=allow" is logged.  W^X itself (RW, then RX) stays allowed
 * everywhere.  With the READ_IMPLIES_EXEC personality the kernel makes
 * every readable mapping executable, so PROT_READ|PROT_WRITE asks for
 * writable and executable memory as well.
 *
 * Paths other than mmap() and mprotect(): brk() under READ_IMPLIES_EXEC
 * (the heap is writable, and executable with that personality) fails as
 * brk() fails (ENOMEM from sbrk()), and exec of an ELF whose PT_GNU_STACK
 * asks for an executable stack dies with SIGSEGV (the exec fails past its
 * point of no return).
 *
 * A `memory wx-strict` domain (PaX MPROTECT) denies all of that, and in
 * addition executable anonymous memory and any mapping that was writable,
 * anonymous or written becoming executable: W^X flips (RW, then RX) are
 * refused there, and executable file mappings stay allowed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <elf.h>
#include <sys/mman.h>
#include <sys/personality.h>

#include "fixture.h"
#include "kselftest_harness.h"

#define VERIFY_FAILED	210

static const char policy_text[] =
	"# mem_test\n"
	"domain wxdeny {\n"
	"    memory wx-deny\n"
	"}\n"
	"domain wxallow {\n"
	"    memory wx-allow\n"
	"}\n"
	"domain watch {\n"
	"    mode complain\n"
	"    memory wx-deny\n"
	"}\n"
	"domain wxstrict {\n"
	"    memory wx-strict\n"
	"}\n";

#define RW	(PROT_READ | PROT_WRITE)
#define RX	(PROT_READ | PROT_EXEC)
#define RWX	(PROT_READ | PROT_WRITE | PROT_EXEC)
#define WX	(PROT_WRITE | PROT_EXEC)

static long page;

/* Write "ret" at @p and call it: the memory is really executable. */
static int run_code(void *p)
{
	*(volatile unsigned char *)p = 0xc3;	/* x86-64 ret */
	__builtin___clear_cache((char *)p, (char *)p + 1);
	((void (*)(void))p)();
	return 0;
}

/* mmap(@prot) of anonymous memory, @run code there; 0 or errno. */
static int map_anon_do(int prot, bool run)
{
	void *p = mmap(NULL, page, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	if (run)
		run_code(p);
	munmap(p, page);
	return 0;
}

static int map_anon(int prot)
{
	return map_anon_do(prot, (prot & RWX) == RWX);
}

static int map_anon_run(int prot)
{
	return map_anon_do(prot, true);
}

static int v_mmap_rwx(void *arg)
{
	(void)arg;
	return map_anon(RWX);
}

static int v_mmap_wx(void *arg)
{
	(void)arg;
	return map_anon(WX);
}

/* A shared mapping of a memfd, writable and executable. */
static int v_mmap_shared_rwx(void *arg)
{
	void *p;
	int fd;

	(void)arg;
	fd = memfd_create("ward-wx", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, page))
		return WARD_CHILD_SETUP_FAILED;
	p = mmap(NULL, page, RWX, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return errno;
	run_code(p);
	munmap(p, page);
	close(fd);
	return 0;
}

/*
 * A private mapping of a memfd: executable file memory, which wx-strict
 * allows (it refuses executable anonymous memory).
 */
static void *map_memfd(int prot)
{
	void *p;
	int fd;

	fd = memfd_create("ward-x", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, page))
		return MAP_FAILED;
	p = mmap(NULL, page, prot, MAP_PRIVATE, fd, 0);
	close(fd);
	return p;
}

/* mprotect @from -> RWX; 0 or errno. */
static int protect(int from)
{
	void *p = (from & PROT_EXEC) ? map_memfd(from) :
		  mmap(NULL, page, from, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return WARD_CHILD_SETUP_FAILED;
	if (mprotect(p, page, RWX))
		return errno;
	run_code(p);
	munmap(p, page);
	return 0;
}

static int v_mprotect_rw_rwx(void *arg)
{
	(void)arg;
	return protect(RW);
}

static int v_mprotect_rx_rwx(void *arg)
{
	(void)arg;
	return protect(RX);
}

/*
 * READ_IMPLIES_EXEC: the kernel adds PROT_EXEC to every readable mapping,
 * so PROT_READ|PROT_WRITE is writable and executable memory too.
 */
static int v_rie_mmap(void *arg)
{
	(void)arg;
	if (personality(READ_IMPLIES_EXEC) < 0)
		return WARD_CHILD_SETUP_FAILED;
	return map_anon_run(RW);
}

static int v_rie_mprotect(void *arg)
{
	void *p;

	(void)arg;
	if (personality(READ_IMPLIES_EXEC) < 0)
		return WARD_CHILD_SETUP_FAILED;
	/* A file: READ_IMPLIES_EXEC makes it executable already. */
	p = map_memfd(PROT_READ);
	if (p == MAP_FAILED)
		return WARD_CHILD_SETUP_FAILED;
	if (mprotect(p, page, RW))
		return errno;
	run_code(p);
	munmap(p, page);
	return 0;
}

/* W^X: write, then flip to read+exec, then run.  Always allowed. */
static int v_wxorx(void *arg)
{
	void *p;

	(void)arg;
	p = mmap(NULL, page, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return errno;
	*(volatile unsigned char *)p = 0xc3;
	if (mprotect(p, page, RX))
		return errno;
	((void (*)(void))p)();
	if (mprotect(p, page, RW))
		return errno;
	munmap(p, page);
	return 0;
}

/* brk() under READ_IMPLIES_EXEC: a writable and executable heap page. */
static int v_rie_brk(void *arg)
{
	void *p;

	(void)arg;
	if (personality(READ_IMPLIES_EXEC) < 0)
		return WARD_CHILD_SETUP_FAILED;
	p = sbrk(page);
	if (p == (void *)-1)
		return errno;
	run_code(p);
	return 0;
}

/* Anonymous memory mapped read+exec (no write): wx-strict's execmem. */
static int v_mmap_anon_rx(void *arg)
{
	(void)arg;
	return map_anon(RX);
}

/* A file mapped read+exec: allowed everywhere, wx-strict included. */
static int v_mmap_file_rx(void *arg)
{
	void *p;
	int fd;

	(void)arg;
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return WARD_CHILD_SETUP_FAILED;
	p = mmap(NULL, page, RX, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return errno;
	munmap(p, page);
	close(fd);
	return 0;
}

/*
 * An executable stack: a copy of this program whose PT_GNU_STACK asks for
 * one, run with WARD_MEM_PROBE=stack.  The copy exits 0 if its stack is
 * writable and executable, 3 if not.
 */
#define EXECSTACK_COPY	"/tmp/ward-execstack"

static __attribute__((constructor)) void stack_probe(void)
{
	char line[512];
	FILE *f;

	if (!getenv("WARD_MEM_PROBE"))
		return;
	f = fopen("/proc/self/maps", "r");
	if (!f)
		_exit(4);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]"))
			_exit(strstr(line, " rwxp ") ? 0 : 3);
	_exit(5);
}

static int make_execstack_copy(void)
{
	static char buf[8 << 20];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	ssize_t len;
	bool found = false;
	int fd, i;

	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	len = read(fd, buf, sizeof(buf));
	close(fd);
	if (len <= (ssize_t)sizeof(*eh) || len == sizeof(buf))
		return EFBIG;
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(buf + eh->e_phoff +
						i * eh->e_phentsize);

		if (ph->p_type == PT_GNU_STACK) {
			ph->p_flags |= PF_X;
			found = true;
		}
	}
	if (!found)
		return ENOENT;
	fd = open(EXECSTACK_COPY, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		  0755);
	if (fd < 0)
		return errno;
	if (write(fd, buf, len) != len) {
		close(fd);
		return EIO;
	}
	close(fd);
	return 0;
}

static int v_execstack(void *arg)
{
	char *argv[] = { EXECSTACK_COPY, NULL };
	char *envp[] = { "WARD_MEM_PROBE=stack", NULL };

	(void)arg;
	execve(EXECSTACK_COPY, argv, envp);
	return WARD_CHILD_SETUP_FAILED;
}

FIXTURE(mem) {
	char cg[PATH_MAX];
};

FIXTURE_VARIANT(mem) {
	const char *domain;
	bool deny;
	bool complain;
	bool strict;
};

FIXTURE_VARIANT_ADD(mem, wx_deny) {
	.domain = "wxdeny", .deny = true,
};

FIXTURE_VARIANT_ADD(mem, wx_allow) {
	.domain = "wxallow",
};

FIXTURE_VARIANT_ADD(mem, complain) {
	.domain = "watch", .complain = true,
};

FIXTURE_VARIANT_ADD(mem, wx_strict) {
	.domain = "wxstrict", .deny = true, .strict = true,
};

FIXTURE_SETUP(mem)
{
	char err[512] = "";
	int ret;

	page = sysconf(_SC_PAGESIZE);
	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ret = ward_domain_prepare(variant->domain);
	ASSERT_EQ(0, ret) TH_LOG("bind: %s", strerror(-ret));
	ward_domain_cgroup(variant->domain, self->cg, sizeof(self->cg));
}

FIXTURE_TEARDOWN(mem)
{
	ward_reset();
}

/*
 * Run @fn on the host (the positive control: it must succeed) and in the
 * variant's domain.  @wx: the call makes writable and executable memory
 * (denied by wx-deny and wx-strict, reported by complain); @strict_only:
 * the call is denied by wx-strict alone.  A denied call ends with
 * @deny_code; its event has op @op.
 */
static void check_mem_code(struct __test_metadata *_metadata,
			   FIXTURE_DATA(mem) *self,
			   const FIXTURE_VARIANT(mem) *variant,
			   int (*fn)(void *), bool wx, bool strict_only,
			   int deny_code, const char *op)
{
	bool denied = (wx && variant->deny) || (strict_only && variant->strict);
	pid_t pid;
	int code;

	/* the positive control */
	code = ward_run_in(NULL, fn, &pid);
	ASSERT_EQ(0, code) TH_LOG("host: %s", strerror(code));

	code = ward_run_in(self->cg, fn, &pid);
	if (denied) {
		ASSERT_EQ(deny_code, code) TH_LOG("%s: %d (%s)",
						  variant->domain, code,
						  strerror(code));
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=enforce verdict=deny pid=%d",
			op, variant->domain, pid))
			TH_LOG("no deny event op=%s", op);
	} else {
		ASSERT_EQ(0, code) TH_LOG("%s: %s", variant->domain,
					  strerror(code));
	}
	if (wx && variant->complain)
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=complain verdict=allow pid=%d",
			op, variant->domain, pid))
			TH_LOG("no complain event op=%s", op);
}

/* @wx: the call asks for writable and executable memory (op @op). */
static void check_mem(struct __test_metadata *_metadata,
		      FIXTURE_DATA(mem) *self,
		      const FIXTURE_VARIANT(mem) *variant,
		      int (*fn)(void *), bool wx, const char *op)
{
	check_mem_code(_metadata, self, variant, fn, wx, false, EACCES, op);
}

TEST_F(mem, mmap_anon_rwx)
{
	check_mem(_metadata, self, variant, v_mmap_rwx, true, "mmap_wx");
}

TEST_F(mem, mmap_anon_wx)
{
	check_mem(_metadata, self, variant, v_mmap_wx, true, "mmap_wx");
}

TEST_F(mem, mmap_shared_memfd_rwx)
{
	check_mem(_metadata, self, variant, v_mmap_shared_rwx, true,
		  "mmap_wx");
}

TEST_F(mem, mprotect_rw_to_rwx)
{
	check_mem(_metadata, self, variant, v_mprotect_rw_rwx, true,
		  "mprotect_wx");
}

TEST_F(mem, mprotect_rx_to_rwx)
{
	check_mem(_metadata, self, variant, v_mprotect_rx_rwx, true,
		  "mprotect_wx");
}

TEST_F(mem, read_implies_exec_mmap_rw)
{
	check_mem(_metadata, self, variant, v_rie_mmap, true, "mmap_wx");
}

TEST_F(mem, read_implies_exec_mprotect_rw)
{
	check_mem(_metadata, self, variant, v_rie_mprotect, true,
		  "mprotect_wx");
}

/* Not over-blocking: W^X flips stay allowed but with wx-strict. */
TEST_F(mem, w_xor_x_allowed)
{
	check_mem_code(_metadata, self, variant, v_wxorx, false, true, EACCES,
		       "mprotect_exec");
}

/* brk() under READ_IMPLIES_EXEC: the break stays (ENOMEM). */
TEST_F(mem, read_implies_exec_brk)
{
	check_mem_code(_metadata, self, variant, v_rie_brk, true, false, ENOMEM,
		       "brk_wx");
}

/* An ELF asking for an executable stack: killed at exec. */
TEST_F(mem, exec_stack_elf)
{
	ASSERT_EQ(0, make_execstack_copy());
	check_mem_code(_metadata, self, variant, v_execstack, true, false,
		       128 + SIGSEGV, "stack_wx");
	unlink(EXECSTACK_COPY);
}

/* wx-strict: no executable anonymous memory, even without write. */
TEST_F(mem, strict_mmap_anon_rx)
{
	check_mem_code(_metadata, self, variant, v_mmap_anon_rx, false, true,
		       EACCES, "mmap_execmem");
}

/* Executable file mappings stay allowed everywhere. */
TEST_F(mem, mmap_file_rx_allowed)
{
	check_mem(_metadata, self, variant, v_mmap_file_rx, false, NULL);
}

TEST_HARNESS_MAIN
