# SPDX-License-Identifier: GPL-2.0
#
# contention_bench.sh's trace parser: one "contention:" line per (site,
# flags) of a lock:contention_begin/_end trace with a stack per begin
# (the stacktrace trigger), events and wait time; per 1000 I/Os when
# ios > 0.  An event's stack is a trace entry of its own, written on the
# event's CPU right after it; the merged trace can put another CPU's
# event or stack in between, so a stack goes to the last event of its
# own CPU, not to the line above it.  The site is the first frame that
# is not lock or tracing code.  With stacks=SITE, also one
# "contention-stack:" line per distinct stack of that site.
#
#   awk -v phase=P -v ios=N [-v stacks=SITE] -f contention_report.awk TRACE
function site_of(frames,   n, i, f, a) {
	n = split(frames, a, " ")
	for (i = 1; i <= n; i++) {
		f = a[i]
		if (f !~ /^(_raw_|raw_spin_rq_lock|rt_spin|rt_read_|rt_write_|rwbase_|rtlock|rt_mutex|queued_|native_queued|do_raw_|__rt_|contention|trace_|lock_|__lock|__pv_queued|pv_queued|stack_trace|event_trigger|trace_event)/)
			return f
	}
	return "?"
}
# The task of an event line: its pid, and for the idle tasks (pid 0,
# one per CPU) the CPU too.
function task_key(   pid) {
	match($0, /-[0-9]+ +\[[0-9]+\]/)
	pid = substr($0, RSTART + 1, RLENGTH - 1)
	sub(/ .*/, "", pid)
	return pid + 0 == 0 ? "0/" cpu_of() : pid + 0
}
function cpu_of(   c) {
	match($0, /\[[0-9]+\]/)
	c = substr($0, RSTART + 1, RLENGTH - 2)
	return c + 0
}
function stamp(name) {
	match($0, "[0-9]+\\.[0-9]+: " name)
	return substr($0, RSTART, RLENGTH) + 0
}
/ contention_begin: / {
	cur = 0
	id++
	f = $0
	sub(/.*\(flags=/, "", f)
	sub(/\).*/, "", f)
	flags[id] = f
	t0[id] = stamp("contention_begin")
	open[task_key()] = id
	pend[cpu_of()] = id
	next
}
/<stack trace>/ {
	c = cpu_of()
	cur = (c in pend) ? pend[c] : 0
	delete pend[c]
	next
}
/^ => / {
	if (cur) {
		f = $2
		sub(/\+.*/, "", f)
		fr[cur] = fr[cur] " " f
	}
	next
}
/ contention_end: / {
	cur = 0
	k = task_key()
	if (k in open) {
		w[open[k]] = stamp("contention_end") - t0[open[k]]
		delete open[k]
	}
	next
}
{ cur = 0 }
END {
	for (i = 1; i <= id; i++) {
		s = site_of(fr[i])
		key = s " " flags[i]
		if (!(key in n))
			keys++
		n[key]++
		wait[key] += w[i]
		if (stacks != "" && s == stacks)
			stk[flags[i] ":" fr[i]]++
	}
	for (k in n) {
		split(k, p, " ")
		line = sprintf("contention: phase=%s site=%s flags=%s events=%d wait_us=%.0f ios=%d",
			phase, p[1], p[2], n[k], wait[k] * 1e6, ios)
		if (ios > 0)
			line = line sprintf(" per1k=%.2f wait_us_per1k=%.1f",
				n[k] * 1000 / ios, wait[k] * 1e9 / ios)
		print line
	}
	if (keys == 0)
		printf "contention: phase=%s site=none flags=- events=0 wait_us=0 ios=%d\n", phase, ios
	for (k in stk)
		printf "contention-stack: phase=%s site=%s n=%d flags=%s\n", phase, stacks, stk[k], k
}
