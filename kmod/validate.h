/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - validation of a policy blob
 *
 * Pure functions without kernel dependencies: built into ward.ko, and into
 * wardctl and the host unit tests, so that user space checks its output
 * with the kernel's own rules.
 */
#ifndef _WARD_VALIDATE_H
#define _WARD_VALIDATE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

#include "../uapi/ward.h"

int ward_validate(const void *blob, size_t size);
bool ward_name_valid(const char *name);
bool ward_pattern_valid(const char *pattern);
bool ward_fs_protected(const char *fstype);
const char *ward_protected_fs_name(unsigned int i);

#endif /* _WARD_VALIDATE_H */
