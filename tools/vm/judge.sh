#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge a `make check` run: the host unit tests (build/unit.log,
# build/unit.rc, from tools/unit.sh) and the guest's console
# (build/vm/console.log, from tools/vm/run.sh).
#   tools/vm/judge.sh [CONSOLE_LOG...]
# Several console logs (several guests, e.g. `make ci`) are judged one
# after the other into one summary.  The binaries a guest was to run are
# those of its "WARD-VM: expect NAME..." line (else WARD_TESTS, else every
# binary in build/vm/root/ward/selftests).  JUDGE_NO_UNIT=1 leaves the
# host unit tests out (make check-runtimes).
#
# Per guest test binary (framed by "WARD-VM: run NAME" and
# "WARD-VM: end NAME rc=N"), the kselftest harness's
# "# Totals: pass:N fail:N ..." line counts (its "ok"/"not ok" lines if the
# binary died before printing it).  A binary that crashed, timed out, exited
# non-zero without a failed test, or did not run counts as one more failure.
# The kernel fails the run on any BUG:, WARNING:, Oops, Call Trace or panic
# on the console (KASAN, KFENCE, lockdep, UBSAN and debug-objects reports
# are among them), a kmemleak report ("WARD-VM: kmemleak N", the debug
# kernel only), a missing end marker (timeout, crash), or a taint other
# than O (4096) and E (8192), which loading ward.ko sets.
#
# Prints a KTAP-style summary and ends with exactly one line
# "N passed, N failed" (", N skipped" when tests were skipped).  Exit status
# 1 on any failure.
# Environment: BUILD, WARD_TESTS (as given to run.sh: only these were expected).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
# One or more console logs (make ci: the main guest and the runtimes guest).
export JUDGE_CONSOLES="${*:-$build/vm/console.log}"
export JUDGE_NO_UNIT=${JUDGE_NO_UNIT:-}
export JUDGE_UNIT_LOG=$build/unit.log
export JUDGE_UNIT_RC=$build/unit.rc
export JUDGE_EXPECTED
JUDGE_EXPECTED=$(cd "$build/vm/root/ward/selftests" 2>/dev/null && ls -- *_test 2>/dev/null | tr '\n' ' ' || true)
export JUDGE_TESTS=${WARD_TESTS:-}

exec perl -w - <<'PERL'
use strict;

my @consoles = split ' ', $ENV{JUDGE_CONSOLES};
my ($pass, $fail, $skip) = (0, 0, 0);
my @out;	# KTAP result lines
my @kernels;	# the kernel each guest ran: "RELEASE DEBIAN-VERSION"
my $n = 0;

sub result {
	my ($ok, $name, $comment, @detail) = @_;
	$n++;
	push @out, ($ok ? "ok" : "not ok") . " $n $name" .
		(defined $comment && $comment ne "" ? " # $comment" : "");
	push @out, map { "#   $_" } @detail;
}

sub slurp {
	my ($f) = @_;
	open(my $fh, '<', $f) or return undef;
	local $/;
	my $s = <$fh>;
	close $fh;
	$s =~ s/\r//g;
	return $s;
}

# ---- host unit tests ----------------------------------------------------
my $urc = slurp($ENV{JUDGE_UNIT_RC});
my $ulog = slurp($ENV{JUDGE_UNIT_LOG});
if ($ENV{JUDGE_NO_UNIT}) {
	push @out, "# unit: not part of this run";
} elsif (!defined $urc) {
	result(0, "unit", "not run (no $ENV{JUDGE_UNIT_RC})");
	$fail++;
} else {
	chomp $urc;
	if ($urc eq "none") {
		push @out, "# unit: no unit tests (userspace-ctl/Makefile missing)";
	} else {
		my ($p, $f, $s);
		for (split /\n/, $ulog // "") {
			if (/^(?:\S+:\s+)?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/) {
				($p, $f, $s) = ($1, $2, $3 // 0);
			}
		}
		my @notok = grep { /^\s*not ok \d+/ } split /\n/, $ulog // "";
		if (!defined $p) {
			result(0, "unit", "no 'N passed, N failed' line, exit status $urc",
			       "log: $ENV{JUDGE_UNIT_LOG}");
			$fail++;
		} else {
			$f++ if $urc ne "0" && $f == 0;
			$pass += $p; $fail += $f; $skip += $s;
			result($f == 0, "unit", "$p passed, $f failed, $s skipped" .
			       ($urc ne "0" ? ", exit status $urc" : ""), @notok);
		}
	}
}

# ---- the guests -----------------------------------------------------------
for my $console (@consoles) {
	# ---- the guest ----------------------------------------------------------
	my $log = slurp($console);
	my $g = @consoles > 1 ? " ($console)" : "";
	if (!defined $log) {
		result(0, "guest", "no console log $console");
		$fail++;
		$log = "";
	}
	my @lines = split /\n/, $log;

	my (%bin, @order, $cur, @problems, @errors, $tainted, $done, $begin, $expect, $leaks);
	my $kernel = "unknown (no WARD-VM: kernel line)";
	my $lineno = 0;
	for (@lines) {
		$lineno++;
		if (/WARD-VM: begin/) { $begin = 1; }
		if (/WARD-VM: kernel (\S+) (\S*)/) { $kernel = "$1 $2"; next; }
		if (/WARD-VM: expect(.*)/) { $expect = $1; next; }
		if (/WARD-VM: run (\S+)/) {
			$cur = $1;
			push @order, $cur unless $bin{$cur};
			$bin{$cur} = { ok => 0, notok => 0, skip => 0, notoks => [] };
			next;
		}
		if (/WARD-VM: end (\S+) rc=(\d+)(?: time=(\S+))?/) {
			$bin{$1}{rc} = $2 if $bin{$1};
			$bin{$1}{time} = $3 if $bin{$1} && defined $3;
			undef $cur;
			next;
		}
		if (/WARD-VM: tainted (\d+)/) { $tainted = $1; next; }
		if (/WARD-VM: kmemleak (\d+) unreferenced/) { $leaks = $1; next; }
		if (/WARD-VM: done/) { $done = 1; next; }
		if (/WARD-VM: error: (.*)/) { push @errors, "line $lineno: $1"; next; }
		if (/BUG:|WARNING:|Oops|Call Trace|Kernel panic|soft lockup|rcu: INFO:|general protection fault|Unable to handle kernel|watchdog: BUG|INFO: task .* blocked|UBSAN:|KASAN:|refcount_t:/) {
			push @problems, "line $lineno: $_";
		}
		next unless defined $cur;
		my $b = $bin{$cur};
		if (/^# Totals: pass:(\d+) fail:(\d+) xfail:(\d+) xpass:(\d+) skip:(\d+) error:(\d+)/) {
			$b->{totals} = [$1 + $3, $2 + $4 + $6, $5];
		} elsif (/^ok \d+ .*#\s*SKIP/i) {
			$b->{skip}++;
		} elsif (/^ok \d+ /) {
			$b->{ok}++;
		} elsif (/^not ok \d+ (.*)/) {
			$b->{notok}++;
			push @{$b->{notoks}}, "not ok: $1";
		}
	}

	my %want;
	if (defined $expect) {
		%want = map { $_ => 1 } split ' ', $expect;
	} elsif ($ENV{JUDGE_TESTS} =~ /\S/) {
		%want = map { $_ => 1 } split ' ', $ENV{JUDGE_TESTS};
	} else {
		%want = map { $_ => 1 } split ' ', $ENV{JUDGE_EXPECTED};
	}

	for my $name (@order) {
		my $b = $bin{$name};
		my ($p, $f, $s) = $b->{totals} ? @{$b->{totals}}
					       : ($b->{ok}, $b->{notok}, $b->{skip});
		my @why;
		push @why, "no '# Totals' line" unless $b->{totals};
		if (!defined $b->{rc}) {
			push @why, "did not finish (guest crashed or timed out)";
			$f++;
		} elsif ($b->{rc} == 137) {
			push @why, "killed: exceeded the per-binary time limit";
			$f++ if $f == 0 || $b->{totals};
		} elsif ($b->{rc} != 0 && $b->{rc} != 4 && $f == 0) {
			push @why, "exit status $b->{rc} without a failed test";
			$f++;
		} elsif ($p + $f + $s == 0) {
			push @why, "reported no test";
			$f++;
		}
		$pass += $p; $fail += $f; $skip += $s;
		my @nk = @{$b->{notoks}};
		if (@nk > 15) {
			my $more = @nk - 15;
			@nk = (@nk[0 .. 14], "... and $more more (see the console log)");
		}
		result($f == 0, "selftests: $name$g",
		       "pass:$p fail:$f skip:$s" . (defined $b->{rc} ? " rc=$b->{rc}" : "") .
		       (defined $b->{time} ? " time=$b->{time}" : "") .
		       (@why ? " (" . join("; ", @why) . ")" : ""), @nk);
		delete $want{$name};
	}
	for my $name (sort keys %want) {
		result(0, "selftests: $name$g", "did not run");
		$fail++;
	}

	# ---- kernel health --------------------------------------------------------
	my @kwhy;
	push @kwhy, "guest never reached /init" unless $begin;
	push @kwhy, "no end marker: the guest crashed, hung or timed out" unless $done;
	push @kwhy, @errors;
	my $tdesc = "kernel $kernel; tainted " . ($tainted // "?");
	push @kernels, "$kernel$g";
	if (defined $tainted) {
		my %ok = map { $_ => 1 } (0, 4096, 8192, 12288);
		if (!$ok{$tainted}) {
			my @letters = qw(P F S R M B U D A W C I O E L K X T N J);
			my $l = join "", map { ($tainted >> $_) & 1 ? $letters[$_] // "?" : "" } 0..$#letters;
			push @kwhy, "unexpected taint $tainted ($l); only O (4096) and E (8192) are expected";
		}
	} elsif ($done) {
		push @kwhy, "no taint marker";
	}
	# kmemleak: only the debug kernel has it (make check-debug)
	$tdesc .= "; kmemleak $leaks" if defined $leaks;
	push @kwhy, "kmemleak: $leaks unreferenced object(s) after the tests"
		if $leaks;
	if (@problems) {
		push @kwhy, scalar(@problems) . " kernel problem line(s) on the console";
		my $max = @problems > 20 ? 20 : @problems;
		push @kwhy, @problems[0 .. $max - 1];
	}
	if (@kwhy) {
		result(0, "kernel$g", $tdesc, @kwhy);
		$fail++;
	} else {
		result(1, "kernel$g", "$tdesc; no BUG/WARNING/Oops/Call Trace");
	}
}

print "TAP version 13\n1..$n\n";
print "$_\n" for @out;
for my $console (@consoles) {
	print "# console log: $console\n";
	print "# kernel log:  " . ($console =~ s/console([^\/]*)\.log$/dmesg$1.log/r) . "\n";
}
print "# kernel under test: $_\n" for @kernels;
print "# debug: make shell (same guest, interactive)\n" if $fail;
print "$pass passed, $fail failed" . ($skip ? ", $skip skipped" : "") . "\n";
exit($fail ? 1 : 0);
PERL
