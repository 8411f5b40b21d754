#!/bin/sh
# A fork storm beside a probe: two workloads fork children without pause
# for 8 s, each of which opens a marker file once and exits. The raw
# reader's ring buffer holds, beside the probe's one event per child, the
# two task events it names tasks by (the new task, its free); the text
# reader's holds the probe's events only. At the default buffer every
# child's open is printed, by the child's name, with 0 lost: the task
# events do not crowd the probe's out. With 64 KB per CPU each reader
# prints what it can and counts the rest as lost; the numbers of both
# are in the details.
. /tests/lib.sh

marker=/tmp/storm-marker
: > "$marker"
DEF="p:do_sys_openat2 file=+0(${ARG2}):string"
state_snapshot before

# storm NAME ARGS... - run the tool with ARGS under the storm; sets
# CHILDREN, PRINTED, LOST (the closing line's) and OPENS (lines of it)
storm() {
	_st=$1
	shift
	kprobe_start "$_st.out" "$_st.err" "$@" "$DEF" "file == \"$marker\"" || return 1
	"$WORKLOAD" churn 8 "$marker" > "$_st.c1" 2> /dev/null &
	_st1=$!
	"$WORKLOAD" churn 8 "$marker" > "$_st.c2" 2> /dev/null &
	_st2=$!
	wait "$_st1" "$_st2"
	sleep 2
	kprobe_stop "$KP_PID"
	expect_status "$_st: exit status" 0 "$STATUS" "$_st.err"
	CHILDREN=$(( $(sed -n 's/^children //p' "$_st.c1") + $(sed -n 's/^children //p' "$_st.c2") ))
	_st_last=$(tail -n 1 "$_st.err")
	expect_match "$_st: last line" "$FINAL_LINE" "$_st.err"
	PRINTED=${_st_last%% *}
	LOST=${_st_last#*printed, }
	LOST=${LOST%% lost*}
	OPENS=$(count "do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"$marker\"\$" \
	    "$_st.out")
	NAMED=$(count '^ *workload-[0-9]+ ' "$_st.out")
	grep -Ev "do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\"$marker\"\$" \
	    "$_st.out" > "$_st.other"
	[ -s "$_st.other" ] && detail_file "$_st: lines that are no child's open" "$_st.other" 4
	grep -E '^kprobe: (warning|note): ' "$_st.err" > "$_st.warn"
	[ -s "$_st.warn" ] && detail_file "$_st: what the run said" "$_st.warn" 6
	detail "$_st: $(wc -l < "$_st.out") lines on stdout"
	detail "$_st: $CHILDREN children, $PRINTED printed, $LOST lost, $((CHILDREN - OPENS)) opens missing"
	# Now and then (seen on 6.12) another task's open passes the filter
	# as "file=(fault)": a name the probe could not read is recorded with
	# length 0, and the kernel's string filter then compares what the
	# CPU's previous event left in its scratch page, a child's marker
	# (14-string-filter/fault-passes-filter, the man page's caveat). Those
	# are the only other lines, and the closing line counts them.
	[ "$PRINTED" = "$OPENS" ] || detail "$_st: closing line's $PRINTED printed, $OPENS opens on stdout"
	_st_fault="do_sys_openat2: \\(do_sys_openat2\\+0x0/0x[0-9a-f]+\\) file=\\(fault\\)\$"
	expect_all_match "$_st: lines that are no child's open are faulted opens or losses" \
	    "($_st_fault|^CPU:[0-9]+ \\[LOST( [0-9]+)? EVENTS\\]\$)" "$_st.other"
	expect_eq "$_st: closing line's events: the opens and the faulted ones" \
	    "$((OPENS + $(count "$_st_fault" "$_st.other")))" "$PRINTED"
	expect_eq "$_st: every missing open counted as lost" yes \
	    "$([ "$OPENS" -le "$CHILDREN" ] && [ $((OPENS + LOST)) -ge "$CHILDREN" ] && echo yes || echo no)"
}

begin raw
storm raw || exit 1
expect_eq "raw: each child's open printed (none lost)" "$CHILDREN 0" "$OPENS $LOST"
expect_eq "raw: children named by their name (workload)" "$OPENS" "$NAMED"
state_compare before
pass "raw: $CHILDREN children's opens printed beside their task events, 0 lost"

begin small-buffer
storm raw64 -b 64 || exit 1
raw_missing=$((CHILDREN - OPENS))
raw_children=$CHILDREN
storm text64 -b 64 --reader text || exit 1
state_compare before
pass "-b 64: raw $raw_missing of $raw_children opens missing, text $((CHILDREN - OPENS)) of $CHILDREN; each counted as lost"
