// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - module loading and kexec (R-MOD, with R-AUD events)
 *
 * For each vector: a task of the enforcing domain gets the errno of
 * Documentation/abi.rst (EACCES; EAFNOSUPPORT for an autoload through
 * socket()) and the kernel state does not change (the module is not in
 * /proc/modules, or still is); a host task does the same successfully (the
 * positive control); a task of the complaining domain succeeds and an
 * event "verdict=allow" is logged.
 *
 *   init_module, finit_module    drivers/net/dummy.ko from the guest image
 *   delete_module                of dummy, loaded by the host
 *   autoload                     socket(AF_CAN, SOCK_RAW, CAN_RAW) loads
 *                                can and can-raw through request_module();
 *                                socket(PF_KEY, ...) af_key: each that the
 *                                flavour ships (kmods.h), at least one
 *   other autoload paths         a filesystem type (fsopen), a socket
 *                                family, a netlink protocol: a logging
 *                                kernel.modprobe shows which requests
 *                                reach user space
 *   kexec_load(0, 0, NULL, 0)    unloads no image: 0 for the host
 *   kexec_file_load(-1, -1, ...) EBADF for the host
 *   bpf(BPF_PROG_LOAD)           a two-instruction socket filter: new
 *                                kernel code (R-MEM, R-MOD)
 *   bpf(BPF_MAP_GET_FD_BY_ID)    a host map opened by id and written
 *   bpf(BPF_PROG_DETACH)         the cgroup device program of the domain's
 *                                own cgroup detached; afterwards a device
 *                                it refused must still be refused
 *   bpf(BPF_OBJ_GET_INFO_BY_FD)  the read-only set: allowed everywhere
 *   delete_module(O_TRUNC)       refused to the host while Ward is loaded,
 *                                also when the name cannot be read
 *
 * Every test leaves the modules as it found them (unloaded).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/kexec.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "fixture.h"
#include "kselftest_harness.h"
#include "kmods.h"

static const char policy_text[] =
	"# kload_test\n"
	"domain strict {\n"
	"    mode enforce\n"
	"    modules deny\n"
	"}\n"
	"domain watch {\n"
	"    mode complain\n"
	"    modules deny\n"
	"}\n";

/* ---------------------------------------------------------------------
 * Modules
 */

/* Whether /proc/modules has a line for module @name. */
static bool module_loaded(const char *name)
{
	char *buf = malloc(WARD_BUF_SIZE), *line, *save = NULL;
	size_t len = strlen(name);
	bool found = false;

	if (!buf)
		return false;
	if (ward_read_file("/proc/modules", buf, WARD_BUF_SIZE) >= 0) {
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (!strncmp(line, name, len) && line[len] == ' ')
				found = true;
	}
	free(buf);
	return found;
}

/* delete_module(@name), retried while busy.  0 or the errno. */
static int unload(const char *name)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		if (errno == ENOENT)
			return 0;
		if (errno != EWOULDBLOCK && errno != EBUSY)
			return errno;
		usleep(10000);
	}
	return EBUSY;
}

static char dummy_path[PATH_MAX];

static int find_dummy(void)
{
	struct utsname u;

	if (uname(&u))
		return errno;
	snprintf(dummy_path, sizeof(dummy_path),
		 "/lib/modules/%s/kernel/drivers/net/dummy.ko", u.release);
	return access(dummy_path, R_OK) ? errno : 0;
}

/* Read dummy.ko into a malloc'd buffer. */
static void *read_dummy(size_t *len)
{
	struct stat st;
	char *buf;
	int fd;

	fd = open(dummy_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = fstat(fd, &st) ? NULL : malloc(st.st_size);
	if (!buf) {
		close(fd);
		return NULL;
	}
	if (read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		close(fd);
		return NULL;
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

/* ---------------------------------------------------------------------
 * The operations, run in a child; each returns 0 or the errno.
 */

static int do_init_module(void *arg)
{
	size_t len;
	void *img;

	(void)arg;
	img = read_dummy(&len);
	if (!img)
		return WARD_CHILD_SETUP_FAILED;
	if (syscall(SYS_init_module, img, len, ""))
		return errno;
	return 0;
}

static int do_finit_module(void *arg)
{
	int fd;

	(void)arg;
	fd = open(dummy_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return WARD_CHILD_SETUP_FAILED;
	if (syscall(SYS_finit_module, fd, "", 0))
		return errno;
	close(fd);
	return 0;
}

static int do_delete_module(void *arg)
{
	(void)arg;
	if (syscall(SYS_delete_module, "dummy", O_NONBLOCK))
		return errno;
	return 0;
}

/* The candidate of kmods.h autoload_socket is trying. */
static const struct ward_autoload *cur_autoload;

static int do_autoload_socket(void *arg)
{
	(void)arg;
	return ward_autoload_socket(cur_autoload);
}

static int do_kexec_load(void *arg)
{
	(void)arg;
	if (syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL))
		return errno;
	return 0;
}

static int do_kexec_file_load(void *arg)
{
	(void)arg;
	if (syscall(SYS_kexec_file_load, -1, -1, 0UL, "", 0UL))
		return errno;
	return 0;
}

/* "r0 = 0; exit": the smallest program the verifier accepts. */
static int do_bpf_prog_load(void *arg)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	(void)arg;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (unsigned long)"GPL";
	fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* A host array map of one u32 -> u32 entry; its fd and id. */
static int map_fd = -1;
static __u32 map_id;

static int make_map(void)
{
	struct bpf_map_info info;
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	map_fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (map_fd < 0)
		return errno;
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = map_fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr))
		return errno;
	map_id = info.id;
	return 0;
}

static int map_value(__u32 *value)
{
	union bpf_attr attr;
	__u32 key = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)value;
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) ? errno : 0;
}

/* Open the host map by id and write 42 into it. */
static int do_map_write_by_id(void *arg)
{
	union bpf_attr attr;
	__u32 key = 0, value = 42;
	int fd;

	(void)arg;
	memset(&attr, 0, sizeof(attr));
	attr.map_id = map_id;
	fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
	if (fd < 0)
		return errno;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)&value;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr))
		return errno;
	close(fd);
	return 0;
}

/* The read-only set: information about the inherited map fd. */
static int do_map_info(void *arg)
{
	struct bpf_map_info info;
	union bpf_attr attr;
	__u32 value;

	(void)arg;
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = map_fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr))
		return errno;
	if (info.id != map_id)
		return EINVAL;
	return map_value(&value);
}

/* The cgroup device program, "r0 = 0; exit": every device refused. */
static const char *dev_cg;

static int attach_dev_prog(const char *cg)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int pfd, cfd, ret = 0;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (unsigned long)"GPL";
	pfd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (pfd < 0)
		return errno;
	cfd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cfd < 0) {
		ret = errno;
		close(pfd);
		return ret;
	}
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = cfd;
	attr.attach_bpf_fd = pfd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	if (sys_bpf(BPF_PROG_ATTACH, &attr))
		ret = errno;
	close(cfd);
	close(pfd);
	return ret;
}

/* Detach the device program of dev_cg, then open /dev/null: 0 or errno. */
static int do_dev_detach(void *arg)
{
	union bpf_attr attr;
	int cfd, fd;

	(void)arg;
	cfd = open(dev_cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cfd < 0)
		return WARD_CHILD_SETUP_FAILED;
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = cfd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	if (sys_bpf(BPF_PROG_DETACH, &attr))
		return errno;
	close(cfd);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return WARD_CHILD_SETUP_FAILED + 1;
	close(fd);
	return 0;
}

static int do_open_dev_null(void *arg)
{
	int fd;

	(void)arg;
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* ---------------------------------------------------------------------
 * Fixture: the domain under test, plus the host control in every test
 */

FIXTURE(kload) {
	char cg[PATH_MAX];
};

FIXTURE_VARIANT(kload) {
	const char *domain;
	bool complain;
};

FIXTURE_VARIANT_ADD(kload, enforce) {
	.domain = "strict",
};

FIXTURE_VARIANT_ADD(kload, complain) {
	.domain = "watch", .complain = true,
};

static void unload_all(void)
{
	unsigned int i;
	int m;

	unload("dummy");
	for (i = 0; i < WARD_NAUTOLOADS; i++)
		for (m = 0; ward_autoloads[i].mods[m]; m++)
			unload(ward_autoloads[i].mods[m]);
}

/* Whether every (@loaded) or no (!@loaded) module of @a is loaded. */
static bool autoload_loaded(const struct ward_autoload *a, bool loaded)
{
	int m;

	for (m = 0; a->mods[m]; m++)
		if (module_loaded(a->mods[m]) != loaded)
			return false;
	return true;
}

FIXTURE_SETUP(kload)
{
	char err[512] = "";
	unsigned int i;
	int ret;

	ward_reset();
	unload_all();
	ASSERT_FALSE(module_loaded("dummy"));
	for (i = 0; i < WARD_NAUTOLOADS; i++)
		ASSERT_TRUE(autoload_loaded(&ward_autoloads[i], false))
			TH_LOG("%s: still loaded", ward_autoloads[i].name);
	ASSERT_EQ(0, find_dummy()) TH_LOG("%s missing", dummy_path);
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ret = ward_domain_prepare(variant->domain);
	ASSERT_EQ(0, ret) TH_LOG("bind: %s", strerror(-ret));
	ward_domain_cgroup(variant->domain, self->cg, sizeof(self->cg));
}

FIXTURE_TEARDOWN(kload)
{
	unload_all();
	ward_reset();
}

/* The domain child's result; checks the event it must have caused. */
static void expect_domain(struct __test_metadata *_metadata,
			  const FIXTURE_VARIANT(kload) *variant,
			  int code, pid_t pid, int deny_errno, int allow_code,
			  const char *op)
{
	if (variant->complain) {
		ASSERT_EQ(allow_code, code) TH_LOG("complain: %s",
						   strerror(code));
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=complain verdict=allow pid=%d",
			op, variant->domain, pid))
			TH_LOG("no complain event op=%s", op);
	} else {
		ASSERT_EQ(deny_errno, code) TH_LOG("enforce: %s",
						   strerror(code));
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=enforce verdict=deny pid=%d",
			op, variant->domain, pid))
			TH_LOG("no deny event op=%s", op);
	}
}

static void check_load(struct __test_metadata *_metadata,
		       FIXTURE_DATA(kload) *self,
		       const FIXTURE_VARIANT(kload) *variant,
		       int (*fn)(void *))
{
	pid_t pid;
	int code;

	/* the domain task */
	code = ward_run_in(self->cg, fn, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, 0, "module_load");
	ASSERT_EQ(variant->complain, module_loaded("dummy"));
	ASSERT_EQ(0, unload("dummy"));
	ASSERT_FALSE(module_loaded("dummy"));

	/* the positive control */
	ASSERT_EQ(0, ward_run_in(NULL, fn, &pid));
	ASSERT_TRUE(module_loaded("dummy"));
	ASSERT_EQ(0, unload("dummy"));
}

TEST_F(kload, init_module)
{
	check_load(_metadata, self, variant, do_init_module);
}

TEST_F(kload, finit_module)
{
	check_load(_metadata, self, variant, do_finit_module);
}

/* The host loads dummy; the domain may not unload it; the host may. */
TEST_F(kload, delete_module)
{
	pid_t pid;
	int code;

	ASSERT_EQ(0, ward_run_in(NULL, do_finit_module, &pid));
	ASSERT_TRUE(module_loaded("dummy"));

	code = ward_run_in(self->cg, do_delete_module, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, 0,
		      "module_delete");
	ASSERT_EQ(!variant->complain, module_loaded("dummy"));

	if (!variant->complain) {
		/* the positive control */
		ASSERT_EQ(0, ward_run_in(NULL, do_delete_module, &pid));
		ASSERT_FALSE(module_loaded("dummy"));
	}
}

/*
 * delete_module through the 32-bit entry (int $0x80), a wrapper of its own
 * in the kernel (__ia32_sys_delete_module).  The name is static data, below
 * 4 GiB.
 */
static int do_delete_module32(void *arg)
{
	(void)arg;
	if (ward_syscall32(WARD_NR32_DELETE_MODULE, (long)"dummy",
			   O_NONBLOCK, 0, 0, 0))
		return errno;
	return 0;
}

TEST_F(kload, delete_module_int80)
{
	pid_t pid;
	int code;

	if (!ward_have_syscall32())
		SKIP(return, "no 32-bit system calls (no IA32 emulation)");
	ASSERT_EQ(0, ward_run_in(NULL, do_finit_module, &pid));
	ASSERT_TRUE(module_loaded("dummy"));

	code = ward_run_in(self->cg, do_delete_module32, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, 0,
		      "module_delete");
	ASSERT_EQ(!variant->complain, module_loaded("dummy"));

	if (!variant->complain) {
		/* the positive control, through the same entry */
		ASSERT_EQ(0, ward_run_in(NULL, do_delete_module32, &pid));
		ASSERT_FALSE(module_loaded("dummy"));
	}
}

/*
 * Autoload: socket(AF_CAN) makes the kernel request "net-pf-29" (can.ko),
 * then "can-proto-1" (can-raw.ko); socket(PF_KEY) "net-pf-15" (af_key.ko,
 * which needs xfrm_algo.ko).  Every candidate of kmods.h the flavour ships
 * is tried (the cloud flavour has no CAN); having none fails.
 */
TEST_F(kload, autoload_socket)
{
	unsigned int i, tried = 0;
	pid_t pid;
	int code;

	for (i = 0; i < WARD_NAUTOLOADS; i++) {
		const struct ward_autoload *a = &ward_autoloads[i];

		if (!ward_autoload_available(a))
			continue;
		tried++;
		TH_LOG("autoload: %s", a->name);
		cur_autoload = a;
		code = ward_run_in(self->cg, do_autoload_socket, &pid);
		expect_domain(_metadata, variant, code, pid, EAFNOSUPPORT, 0,
			      "module_request");
		ASSERT_TRUE(autoload_loaded(a, variant->complain))
			TH_LOG("%s: modules %s", a->name,
			       variant->complain ? "not loaded" : "loaded");
		unload_all();
		ASSERT_TRUE(autoload_loaded(a, false));

		/* the positive control */
		code = ward_run_in(NULL, do_autoload_socket, &pid);
		ASSERT_EQ(0, code) TH_LOG("host %s: %s", a->name,
					  strerror(code));
		ASSERT_TRUE(autoload_loaded(a, true))
			TH_LOG("host %s: modules not loaded", a->name);
		unload_all();
		ASSERT_TRUE(autoload_loaded(a, false));
	}
	ASSERT_LT(0U, tried) TH_LOG("no autoloadable socket module (kmods.h) in the guest");
}

/*
 * Other autoload paths, seen through kernel.modprobe: a script that logs
 * the names the kernel asks for shows whether a request got through.
 */
#define MODPROBE_SYSCTL	"/proc/sys/kernel/modprobe"
#define MODPROBE_SCRIPT	"/tmp/ward-modprobe.sh"
#define MODPROBE_LOG	"/tmp/ward-modprobe.log"

struct trigger {
	const char *name;
	int (*fn)(void *);
	const char *request;	/* what the kernel asks modprobe for */
	int errno_always;	/* the result, loaded or not (nothing exists) */
};

/* A filesystem type: fsopen() asks for "fs-TYPE". */
static int do_fsopen_unknown(void *arg)
{
	(void)arg;
	if (syscall(SYS_fsopen, "wardnofs", 0) < 0)
		return errno;
	return 0;
}

/* A socket family nothing implements (22, AF_SNA): "net-pf-22". */
static int do_socket_unknown_family(void *arg)
{
	int fd;

	(void)arg;
	fd = socket(22, SOCK_DGRAM, 0);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* A netlink protocol without a module: "net-pf-16-proto-N". */
static int do_netlink_unknown_proto(void *arg)
{
	int fd;

	(void)arg;
	fd = socket(AF_NETLINK, SOCK_RAW, 30);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static const struct trigger triggers[] = {
	{ "fsopen(unknown type)", do_fsopen_unknown, "fs-wardnofs", ENODEV },
	{ "socket(family 22, SNA)", do_socket_unknown_family, "net-pf-22",
	  EAFNOSUPPORT },
	{ "socket(AF_NETLINK, proto 30)", do_netlink_unknown_proto,
	  "net-pf-16-proto-30", EPROTONOSUPPORT },
};

static bool log_has(const char *what)
{
	char buf[4096];

	if (ward_read_file(MODPROBE_LOG, buf, sizeof(buf)) < 0)
		return false;
	return strstr(buf, what);
}

TEST_F(kload, autoload_paths)
{
	static const char script[] =
		"#!/bin/sh\necho \"$*\" >> " MODPROBE_LOG "\n";
	char orig[256];
	int fd;
	unsigned int i;
	pid_t pid;
	int code;

	ASSERT_LT(0, ward_read_file(MODPROBE_SYSCTL, orig, sizeof(orig)));
	fd = open(MODPROBE_SCRIPT, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		  0755);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(script), write(fd, script, strlen(script)));
	close(fd);
	ASSERT_EQ(0, ward_write_file(MODPROBE_SYSCTL, MODPROBE_SCRIPT));

	for (i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++) {
		const struct trigger *t = &triggers[i];

		unlink(MODPROBE_LOG);
		code = ward_run_in(self->cg, t->fn, &pid);
		EXPECT_EQ(t->errno_always, code) TH_LOG("%s: %s", t->name,
							strerror(code));
		EXPECT_EQ(variant->complain, log_has(t->request))
			TH_LOG("%s: request %s %s", t->name, t->request,
			       variant->complain ? "missing" : "got through");
		EXPECT_TRUE(ward_events_has(
			"op=module_request domain=%s verdict=%s pid=%d",
			variant->domain, variant->complain ? "allow" : "deny",
			pid)) TH_LOG("%s: no event", t->name);

		/* the positive control */
		unlink(MODPROBE_LOG);
		code = ward_run_in(NULL, t->fn, &pid);
		EXPECT_EQ(t->errno_always, code);
		EXPECT_TRUE(log_has(t->request))
			TH_LOG("host %s: no request %s", t->name, t->request);
	}

	ward_write_file(MODPROBE_SYSCTL, orig);
	unlink(MODPROBE_SCRIPT);
	unlink(MODPROBE_LOG);
}

/* kexec_load(0, 0, NULL, 0): unloading no image; 0 where permitted. */
TEST_F(kload, kexec_load)
{
	pid_t pid;
	int code;

	code = ward_run_in(self->cg, do_kexec_load, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, 0, "kexec");
	code = ward_run_in(NULL, do_kexec_load, &pid);
	ASSERT_EQ(0, code) TH_LOG("host kexec_load: %s", strerror(code));
}

/* kexec_file_load with bad fds: EBADF where permitted. */
TEST_F(kload, kexec_file_load)
{
	pid_t pid;
	int code;

	code = ward_run_in(self->cg, do_kexec_file_load, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, EBADF, "kexec");
	code = ward_run_in(NULL, do_kexec_file_load, &pid);
	ASSERT_EQ(EBADF, code) TH_LOG("host kexec_file_load: %s",
				      strerror(code));
}

/* bpf(BPF_PROG_LOAD): a program loads where permitted. */
TEST_F(kload, bpf_prog_load)
{
	pid_t pid;
	int code;

	code = ward_run_in(self->cg, do_bpf_prog_load, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, 0,
		      "bpf_prog_load");
	code = ward_run_in(NULL, do_bpf_prog_load, &pid);
	ASSERT_EQ(0, code) TH_LOG("host bpf(BPF_PROG_LOAD): %s",
				  strerror(code));
}

/*
 * A host map, opened by id from the domain and overwritten: refused at
 * BPF_MAP_GET_FD_BY_ID, and the value stays 0.
 */
TEST_F(kload, bpf_map_write_by_id)
{
	__u32 value = 1;
	pid_t pid;
	int code;

	ASSERT_EQ(0, make_map());
	code = ward_run_in(self->cg, do_map_write_by_id, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, 0, "bpf");
	ASSERT_EQ(0, map_value(&value));
	ASSERT_EQ(variant->complain ? 42U : 0U, value);

	/* the positive control */
	ASSERT_EQ(0, ward_run_in(NULL, do_map_write_by_id, &pid));
	ASSERT_EQ(0, map_value(&value));
	ASSERT_EQ(42U, value);

	/* the read-only set: allowed in every mode, no event */
	ASSERT_EQ(0, ward_run_in(self->cg, do_map_info, &pid));
	ASSERT_FALSE(ward_events_has("op=bpf domain=%s pid=%d",
				     variant->domain, pid));
	close(map_fd);
	map_fd = -1;
}

/*
 * The device program of the domain's own cgroup: its detach is refused
 * and /dev/null stays refused (EPERM from the program); in complain mode
 * the detach goes through and /dev/null opens.  The host detaches it.
 */
TEST_F(kload, bpf_detach_device_program)
{
	pid_t pid;
	int code;

	dev_cg = self->cg;
	code = attach_dev_prog(self->cg);
	ASSERT_EQ(0, code) TH_LOG("attach: %s", strerror(code));
	ASSERT_EQ(EPERM, ward_run_in(self->cg, do_open_dev_null, &pid));

	code = ward_run_in(self->cg, do_dev_detach, &pid);
	expect_domain(_metadata, variant, code, pid, EACCES, 0, "bpf");
	ASSERT_EQ(variant->complain ? 0 : EPERM,
		  ward_run_in(self->cg, do_open_dev_null, &pid));

	if (!variant->complain) {
		/* the positive control: the host detaches it */
		code = ward_run_in(NULL, do_dev_detach, &pid);
		ASSERT_EQ(0, code) TH_LOG("host detach: %s", strerror(code));
		ASSERT_EQ(0, ward_run_in(self->cg, do_open_dev_null, &pid));
	}
}

/*
 * Forced unloads (O_TRUNC) are refused to the host with EPERM while Ward
 * is loaded, whatever the name: another module's, a missing one, or one
 * that cannot be read (NULL; the kernel alone would say EFAULT).
 */
static const char *unload_name;

static int do_forced_unload(void *arg)
{
	(void)arg;
	if (syscall(SYS_delete_module, unload_name,
		    O_NONBLOCK | O_TRUNC))
		return errno;
	return 0;
}

static int do_unload_missing(void *arg)
{
	(void)arg;
	if (syscall(SYS_delete_module, "ward_no_such_module", O_NONBLOCK))
		return errno;
	return 0;
}

TEST(forced_unload_refused)
{
	pid_t pid;

	ward_reset();
	unload_name = "ward_no_such_module";
	ASSERT_EQ(EPERM, ward_run_in(NULL, do_forced_unload, &pid));
	unload_name = NULL;
	ASSERT_EQ(EPERM, ward_run_in(NULL, do_forced_unload, &pid));
	/* the positive control: the same unforced */
	ASSERT_EQ(ENOENT, ward_run_in(NULL, do_unload_missing, &pid));
	ASSERT_TRUE(ward_is_loaded());
}

TEST_HARNESS_MAIN
