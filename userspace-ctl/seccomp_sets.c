// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the built-in seccomp sets and the high-risk denylist (R-SEC).
 *
 * The sets are allowlists for kinds of application; the denylist names
 * calls that no container should make unless its policy says so
 * explicitly.  Documentation/seccomp.rst explains every entry of the
 * denylist; keep the two in step.
 */
#include <string.h>
#include <seccomp.h>

#include "seccomp.h"

/*
 * minimal: signal handling, read, write, exit, and what a static glibc
 * binary needs to start (execve, brk, arch_prctl, set_tid_address,
 * set_robust_list, rseq, prlimit64, getrandom, readlink of /proc/self/exe,
 * mprotect for RELRO) and to run (memory, time, futex, identity).
 */
static const char *const set_minimal[] = {
	/* I/O on descriptors the process already has */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "close",
	/* ending */
	"exit", "exit_group",
	/* signal handling */
	"rt_sigreturn", "rt_sigaction", "rt_sigprocmask", "rt_sigpending",
	"rt_sigtimedwait", "rt_sigsuspend", "sigaltstack", "restart_syscall",
	"pause", "tgkill",
	/* program start (static and dynamic glibc) */
	"execve", "brk", "arch_prctl", "set_tid_address", "set_robust_list",
	"rseq", "prlimit64", "getrlimit", "getrandom", "uname",
	"readlink", "readlinkat", "fstat", "newfstatat",
	/* memory */
	"mmap", "munmap", "mprotect", "mremap", "madvise",
	/* time */
	"clock_gettime", "clock_getres", "clock_nanosleep", "gettimeofday",
	"time", "nanosleep",
	/* threads and identity */
	"futex", "sched_yield", "sched_getaffinity", "getpid", "gettid",
	"getppid", "getuid", "geteuid", "getgid", "getegid",
	NULL
};

/*
 * The other sets build on minimal: naming one adds minimal too.
 *
 * shell: what busybox sh and coreutils-style tools need on top of minimal:
 * files and directories, processes, pipes and terminals.
 */
static const char *const set_shell[] = {
	/* files */
	"open", "openat", "creat", "access", "faccessat", "faccessat2",
	"stat", "lstat", "statx", "statfs", "fstatfs", "lseek",
	"getdents", "getdents64", "getcwd", "chdir", "fchdir",
	"mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
	"rename", "renameat", "renameat2", "link", "linkat",
	"symlink", "symlinkat", "chmod", "fchmod", "fchmodat",
	"chown", "fchown", "fchownat", "lchown", "umask",
	"utime", "utimes", "utimensat", "truncate", "ftruncate",
	"fsync", "fdatasync", "fadvise64", "sendfile", "copy_file_range",
	"getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr",
	"flistxattr",
	/* descriptors */
	"dup", "dup2", "dup3", "pipe", "pipe2", "fcntl", "ioctl",
	"close_range", "poll", "ppoll", "select", "pselect6",
	/* processes */
	"fork", "vfork", "clone", "clone3", "execveat", "wait4", "waitid",
	"kill", "setpgid", "getpgid", "getpgrp", "setsid", "getsid",
	"getgroups", "getresuid", "getresgid", "prctl",
	"sysinfo", "times", "getrusage", "alarm", "setitimer", "getitimer",
	"getpriority",
	NULL
};

/*
 * netserver: a network server on top of minimal: sockets, event loops,
 * threads, and reading the files it serves.
 */
static const char *const set_netserver[] = {
	/* sockets */
	"socket", "socketpair", "bind", "listen", "accept", "accept4",
	"connect", "getsockname", "getpeername", "setsockopt", "getsockopt",
	"sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
	"shutdown",
	/* event loops */
	"poll", "ppoll", "select", "pselect6",
	"epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait",
	"epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2",
	"timerfd_create", "timerfd_settime", "timerfd_gettime",
	"signalfd", "signalfd4",
	/* descriptors and files it serves */
	"fcntl", "ioctl", "dup", "dup2", "dup3", "pipe2",
	"open", "openat", "access", "faccessat", "lseek", "statx",
	"getdents64", "sendfile", "fsync", "fdatasync",
	/* worker threads and processes */
	"clone", "clone3", "wait4", "getrusage", "sysinfo",
	NULL
};

static const struct {
	const char *name;
	__u32 bit;
	const char *const *calls;
} sets[] = {
	{ "minimal", WARD_SC_SET_MINIMAL, set_minimal },
	{ "shell", WARD_SC_SET_SHELL, set_shell },
	{ "netserver", WARD_SC_SET_NETSERVER, set_netserver },
};

#define NSETS (sizeof(sets) / sizeof(sets[0]))

/*
 * The high-risk denylist.  Every call here is removed from the allowlist
 * even when a set or `allow` names it, unless the domain has
 * allow-highrisk AND names the call in `allow`.  The ptrace family also
 * needs `ptrace domain`.  Reasons: Documentation/seccomp.rst.
 */
static const struct {
	const char *name;
	const char *reason;
} highrisk[] = {
	{ "init_module", "loads kernel code" },
	{ "finit_module", "loads kernel code" },
	{ "delete_module", "unloads kernel code" },
	{ "kexec_load", "replaces the running kernel" },
	{ "kexec_file_load", "replaces the running kernel" },
	{ "reboot", "reboots or halts the host" },
	{ "mount", "mount family: changes what the container sees" },
	{ "umount2", "mount family: uncovers masked paths" },
	{ "pivot_root", "mount family: changes the root" },
	{ "fsopen", "mount family (new mount API)" },
	{ "fsconfig", "mount family (new mount API)" },
	{ "fsmount", "mount family (new mount API)" },
	{ "fspick", "mount family: reconfigures a mounted filesystem" },
	{ "open_tree", "mount family: clones mounts" },
	{ "move_mount", "mount family: attaches mounts" },
	{ "mount_setattr", "mount family: changes mount flags" },
	{ "ptrace", "a tracer can rewrite system calls past the filter" },
	{ "process_vm_readv", "reads another process' memory" },
	{ "process_vm_writev", "writes another process' memory" },
	{ "pidfd_getfd", "steals another process' file descriptors" },
	{ "bpf", "large kernel attack surface, reads kernel memory" },
	{ "perf_event_open", "kernel attack surface and side channels" },
	{ "keyctl", "kernel keyrings are not namespaced" },
	{ "add_key", "kernel keyrings are not namespaced" },
	{ "request_key", "kernel keyrings are not namespaced" },
	{ "userfaultfd", "makes kernel race exploits reliable" },
	{ "io_uring_setup", "io_uring performs I/O no seccomp filter sees" },
	{ "io_uring_enter", "io_uring performs I/O no seccomp filter sees" },
	{ "io_uring_register", "io_uring performs I/O no seccomp filter sees" },
	{ "open_by_handle_at", "opens host files by handle (container escape)" },
	{ "swapon", "changes host memory configuration" },
	{ "swapoff", "changes host memory configuration" },
	{ "acct", "host-wide process accounting" },
	{ "settimeofday", "the clock is not namespaced" },
	{ "clock_settime", "the clock is not namespaced" },
	{ "clock_adjtime", "the clock is not namespaced" },
	{ "adjtimex", "the clock is not namespaced" },
	{ "iopl", "direct access to I/O ports" },
	{ "ioperm", "direct access to I/O ports" },
	{ "syslog", "reads the kernel log (addresses, other tenants)" },
	{ "quotactl", "host filesystem quotas" },
	{ "quotactl_fd", "host filesystem quotas" },
	{ "unshare", "new namespaces: user namespaces open kernel attack surface" },
	{ "setns", "joins other namespaces" },
	{ "personality", "can switch off address space randomization" },
	{ "uselib", "obsolete loader interface" },
	{ "vhangup", "hangs up the controlling terminal" },
	{ "lookup_dcookie", "kernel profiling interface" },
	{ "nfsservctl", "obsolete kernel NFS server control" },
};

#define NHIGHRISK (sizeof(highrisk) / sizeof(highrisk[0]))

static const char *const ptrace_family[] = {
	"ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", NULL
};

const char *const *ward_seccomp_set_calls(__u32 bit)
{
	unsigned int i;

	for (i = 0; i < NSETS; i++)
		if (sets[i].bit == bit)
			return sets[i].calls;
	return NULL;
}

const char *ward_seccomp_highrisk_reason(const char *name)
{
	unsigned int i;

	for (i = 0; i < NHIGHRISK; i++)
		if (!strcmp(highrisk[i].name, name))
			return highrisk[i].reason;
	return NULL;
}

const char *ward_seccomp_highrisk_name(unsigned int i)
{
	return i < NHIGHRISK ? highrisk[i].name : NULL;
}

int ward_seccomp_is_ptrace_family(const char *name)
{
	unsigned int i;

	for (i = 0; ptrace_family[i]; i++)
		if (!strcmp(ptrace_family[i], name))
			return 1;
	return 0;
}

int ward_seccomp_resolve(const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);

	/* __NR_SCMP_ERROR: unknown; other negatives: not an x86_64 call */
	return nr < 0 ? -1 : nr;
}
