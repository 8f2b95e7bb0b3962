/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - the trampoline every hooked function calls first (attach layer)
 *
 * Ftrace's direct calls patch a hooked function's fentry call to call
 * ward_trampoline.  It saves the argument registers and %rax, hands them
 * to ward_direct_call() with the return address into the hooked function
 * (its fentry site + 5) and the function's own return address, and then
 * either returns into the function, those registers as they were, or, on
 * denial, returns the handler's error straight to the function's caller:
 * the function's body never runs.  WARD_HOOK_DONE (1) is returned to the
 * caller as 0.  This is what a BPF trampoline does, without saving a whole
 * pt_regs.
 *
 * %r10 and %r11 are not saved: at a function's first instruction they hold
 * nothing the function may read (the C calling convention lets any call
 * clobber them), and ftrace's own ftrace_caller does not save them either.
 * %rax is, as ftrace_caller does: a variadic function receives in %al the
 * number of vector registers used.
 */
#include <linux/linkage.h>
#include <asm/unwind_hints.h>

	.text
SYM_FUNC_START(ward_trampoline)
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rax
	pushq	%r9
	pushq	%r8
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	/* ward_direct_call(args = {di, si, dx, cx, r8, r9}, return, caller) */
	movq	%rsp, %rdi
	movq	8(%rbp), %rsi
	movq	16(%rbp), %rdx
	call	ward_direct_call
	testq	%rax, %rax
	jnz	1f
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%r8
	popq	%r9
	popq	%rax
	popq	%rbp
	RET
1:
	/* WARD_HOOK_DONE: the function's work is done, its result is 0. */
	cmpq	$1, %rax
	jne	2f
	xorl	%eax, %eax
2:
	/* Denied: drop the return into the function, return to its caller. */
	leave
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	RET
SYM_FUNC_END(ward_trampoline)
