#!/bin/sh
# Fixture capture (not a test): hist triggers of every kind kprobe builds,
# on probes in an instance of our own, over a known workload; then dump
# each event's `hist` file, the kernel's README and error_log, and note
# every trigger or definition the kernel refuses. Between "@@BEGIN NAME"
# and "@@END NAME" lines, base64.
# tests/unit/fixtures/hist/capture.sh boots this and decodes the dump.
. /tests/lib.sh

tracefs_mount
G=kph
I=$T/instances/histcap

dump() { # NAME FILE
	echo "@@BEGIN $1"
	base64 < "$2"
	echo "@@END $1"
}

add() { # DEFINITION: skipped if this kernel refuses it
	echo "$1" >> $T/dynamic_events 2>/dev/null || echo "@@REFUSED $1"
}

trig() { # EVENT TRIGGER: in the instance, noted if refused
	echo "$2" >> "$I/events/$G/$1/trigger" 2>/dev/null || echo "@@REFUSED $1 $2"
}

mkdir $I
add "p:$G/ocomm do_sys_openat2 file=+0(%si):string kp_comm=\$comm"
add "p:$G/oexec do_sys_openat2 file=+0(%si):string"
add "p:$G/ofile do_sys_openat2 file=+0(%si):string dfd=%di:s32"
add "p:$G/ostack do_sys_openat2"
add "p:$G/ostack2 do_sys_openat2"
add "p:$G/ocpu do_sys_openat2"
add "p:$G/occ do_sys_openat2"
add "p:$G/rlog ksys_read count=%dx:u64"
add "p:$G/rbuck ksys_read count=%dx:u64"
add "p:$G/rgraph ksys_read count=%dx:u64"
add "p:$G/rcomm ksys_read count=%dx:u64 kp_comm=\$comm"
add "p:$G/rdrop ksys_read count=%dx:u64"
add "p:$G/nap do_nanosleep"
add "r:$G/nap_ret do_nanosleep"
add "s:kph_lat u64 lat"
add "p:$G/napc do_nanosleep kp_comm=\$comm"
add "r:$G/napc_ret do_nanosleep"
add "s:kph_latc u64 lat; char comm[16]"
add "p:$G/napd do_nanosleep"
add "r:$G/napd_ret do_nanosleep kp_comm=\$comm"
add "s:kph_latd u64 lat; char comm[]"
add "p:$G/nape do_nanosleep"
add "r:$G/nape_ret do_nanosleep kp_comm=\$comm"
add "s:kph_late u64 lat; char comm[16]"
echo "@@EVENTS"
cat $T/dynamic_events

trig ocomm "hist:keys=kp_comm"
trig oexec "hist:keys=common_pid.execname,file"
trig ofile "hist:keys=file,dfd:vals=hitcount:sort=hitcount"
trig ostack "hist:keys=common_stacktrace"
trig ostack2 "hist:keys=stacktrace"
trig ocpu "hist:keys=common_cpu"
trig ocpu "hist:keys=cpu"
trig occ "hist:keys=common_comm"
trig occ "hist:keys=comm"
trig rlog "hist:keys=count.log2"
trig rbuck "hist:keys=count.buckets=100"
trig rgraph "hist:keys=count.log2:vals=hitcount,hitcount.percent,hitcount.graph"
trig rgraph "hist:keys=count.log2:sort=count.log2"
trig rcomm "hist:keys=kp_comm,count.log2:vals=hitcount,count"
trig rdrop "hist:keys=common_pid,count:size=128"
trig nap "hist:keys=common_pid:kp_ts0=common_timestamp"
trig nap_ret "hist:keys=common_pid:kp_lat=common_timestamp-\$kp_ts0:onmatch($G.nap).trace(kph_lat,\$kp_lat)"
echo "hist:keys=lat.log2" >> $I/events/synthetic/kph_lat/trigger || echo "@@REFUSED synth kph_lat"
trig napc "hist:keys=common_pid:kp_ts0=common_timestamp,kp_c=kp_comm"
trig napc_ret "hist:keys=common_pid:kp_lat=common_timestamp-\$kp_ts0:onmatch($G.napc).trace(kph_latc,\$kp_lat,\$kp_c)"
echo "hist:keys=comm,lat.log2" >> $I/events/synthetic/kph_latc/trigger || echo "@@REFUSED synth kph_latc"
trig napd "hist:keys=common_pid:kp_ts0=common_timestamp.usecs"
trig napd_ret "hist:keys=common_pid:kp_lat=common_timestamp.usecs-\$kp_ts0:onmatch($G.napd).trace(kph_latd,\$kp_lat,kp_comm)"
echo "hist:keys=comm,lat.log2" >> $I/events/synthetic/kph_latd/trigger || echo "@@REFUSED synth kph_latd"
trig nape "hist:keys=common_pid:kp_ts0=common_timestamp.usecs"
trig nape_ret "hist:keys=common_pid:kp_lat=common_timestamp.usecs-\$kp_ts0:onmatch($G.nape).trace(kph_late,\$kp_lat,kp_comm)"
echo "hist:keys=comm,lat.log2" >> $I/events/synthetic/kph_late/trigger || echo "@@REFUSED synth kph_late"
echo "hist:keys=lat.buckets=10000" >> $I/events/synthetic/kph_late/trigger || echo "@@REFUSED synth kph_late buckets"
cp $T/error_log /tmp/error_log
echo "@@ERRORLOG"; cat /tmp/error_log

work open /etc/hostname 3
work open /etc/passwd 2
work read /dev/zero 100 5
work read /dev/zero 1000 7
work read /dev/zero 4096 2
work read /dev/zero 1 3
for s in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	work read /dev/zero $((s * 50)) 1
done
work naps 3 20
work sleepers 2 50
sleep 0.2

for e in $I/events/$G/*/hist $I/events/synthetic/*/hist; do
	n=${e#$I/events/}
	dump "$n" "$e"
done
for e in $I/events/$G/*/trigger $I/events/synthetic/*/trigger; do
	n=${e#$I/events/}
	dump "$n" "$e"
done
dump README $T/README

# the teardown order the kernel accepts: note what it refuses on the way
echo "-:$G/nap" >> $T/dynamic_events 2>/dev/null && echo "@@ORDER probe with trigger removed" ||
    echo "@@ORDER probe with trigger busy"
echo "-:kph_lat" >> $T/dynamic_events 2>/dev/null && echo "@@ORDER synth in use removed" ||
    echo "@@ORDER synth in use busy"
rmdir $I 2>/dev/null && echo "@@ORDER rmdir with triggers ok" || echo "@@ORDER rmdir with triggers busy"
echo "hist:keys=lat.log2:clear" >> $I/events/synthetic/kph_lat/trigger 2>/dev/null &&
    echo "@@ORDER clear ok" || echo "@@ORDER clear refused"
dump "after-clear" $I/events/synthetic/kph_lat/hist
echo "hist:keys=kp_comm:clear" >> $I/events/$G/ocomm/trigger 2>/dev/null &&
    echo "@@ORDER clear plain ok" || echo "@@ORDER clear plain refused"
dump "after-clear-plain" $I/events/$G/ocomm/hist
for f in $I/events/$G/*_ret/trigger $I/events/$G/*/trigger $I/events/synthetic/*/trigger; do
	grep -v '^#' "$f" | sed 's/ \[active\]$//; s/ if .*//' | while IFS= read -r t; do
		[ -n "$t" ] || continue
		echo "!$t" >> "$f" 2>/dev/null || echo "@@ORDER cannot remove $t from $f"
	done
done
echo "@@TRIGGERS-LEFT"
cat $I/events/$G/*/trigger $I/events/synthetic/*/trigger | grep -v '^#'
echo "-:kph_lat" >> $T/dynamic_events 2>/dev/null || echo "@@ORDER synth still busy"
for s in kph_latc kph_latd kph_late; do
	echo "-:$s" >> $T/dynamic_events 2>/dev/null || echo "@@ORDER synth $s still busy"
done
for e in $T/events/$G/*/; do
	e=${e%/}
	echo "-:$G/${e##*/}" >> $T/dynamic_events 2>/dev/null || echo "@@ORDER cannot remove ${e##*/}"
done
rmdir $I || echo "@@ORDER rmdir failed"
echo "@@LEFT"
cat $T/dynamic_events
pass "captured"
