/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ward selftests - the kernel modules the tests autoload, by what the
 * kernel's flavour ships
 *
 * A test that needs the kernel to autoload a module through
 * request_module() opens a socket of a family whose module is not loaded:
 * the kernel asks modprobe for "net-pf-N".  Debian's flavours do not ship
 * the same modules (the cloud flavour has no CAN), so the candidates are
 * listed here, and tools/vm/mkinitramfs.sh copies each one the image has
 * into the guest.  A test takes the first one (or every one) whose module
 * files are in /lib/modules/$(uname -r); having none is a failure of the
 * test, never a skip.
 *
 * Whatever the family, a refused autoload makes socket() fail with
 * EAFNOSUPPORT (Documentation/abi.rst), and a permitted one leaves every
 * module of the entry loaded.
 */
#ifndef WARD_SELFTESTS_KMODS_H
#define WARD_SELFTESTS_KMODS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#define WARD_AUTOLOAD_MODS	3

/**
 * struct ward_autoload - a socket whose family is an autoloaded module
 * @name:	what the logs call it
 * @family:	socket(2)'s domain, @type and @protocol
 * @type:	socket type
 * @protocol:	protocol
 * @mods:	module names, as in /proc/modules, in the order to unload them
 *		(dependents first); NULL-terminated.  A permitted autoload
 *		loads every one of them.
 * @paths:	their files below /lib/modules/RELEASE/, in the same order
 *		(mkinitramfs.sh's list names the same files)
 */
struct ward_autoload {
	const char *name;
	int family, type, protocol;
	const char *mods[WARD_AUTOLOAD_MODS + 1];
	const char *paths[WARD_AUTOLOAD_MODS + 1];
};

/*
 * In the order of preference.  CAN: "net-pf-29", then "can-proto-1" (two
 * requests); PF_KEY (PF_KEY_V2): "net-pf-15", af_key with xfrm_algo.
 */
static const struct ward_autoload ward_autoloads[] = {
	{ "socket(AF_CAN, SOCK_RAW, CAN_RAW): can, can-raw", 29, SOCK_RAW, 1,
	  { "can_raw", "can" },
	  { "kernel/net/can/can-raw.ko", "kernel/net/can/can.ko" } },
	{ "socket(PF_KEY, SOCK_RAW, PF_KEY_V2): af_key, xfrm_algo", 15,
	  SOCK_RAW, 2,
	  { "af_key", "xfrm_algo" },
	  { "kernel/net/key/af_key.ko", "kernel/net/xfrm/xfrm_algo.ko" } },
};

#define WARD_NAUTOLOADS	(sizeof(ward_autoloads) / sizeof(ward_autoloads[0]))

/* Whether every module file of @a is in /lib/modules/$(uname -r). */
static inline bool ward_autoload_available(const struct ward_autoload *a)
{
	char path[PATH_MAX];
	struct utsname u;
	int i;

	if (uname(&u))
		return false;
	for (i = 0; a->paths[i]; i++) {
		snprintf(path, sizeof(path), "/lib/modules/%s/%s", u.release,
			 a->paths[i]);
		if (access(path, R_OK))
			return false;
	}
	return true;
}

/* The first available candidate, or NULL if the guest has none. */
static inline const struct ward_autoload *ward_autoload_pick(void)
{
	unsigned int i;

	for (i = 0; i < WARD_NAUTOLOADS; i++)
		if (ward_autoload_available(&ward_autoloads[i]))
			return &ward_autoloads[i];
	return NULL;
}

/* socket() of @a and close: 0, or the errno of socket(). */
static inline int ward_autoload_socket(const struct ward_autoload *a)
{
	int fd = socket(a->family, a->type | SOCK_CLOEXEC, a->protocol);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* delete_module() of every module of @a, once each, without waiting. */
static inline void ward_autoload_unload_nowait(const struct ward_autoload *a)
{
	int i;

	for (i = 0; a->mods[i]; i++)
		syscall(SYS_delete_module, a->mods[i], O_NONBLOCK);
}

#endif /* WARD_SELFTESTS_KMODS_H */
