#!/bin/sh
# The README's headline one-liner on a real kernel: trace the files a small
# workload opens, then Ctrl-C. Everything kprobe prints goes to the result
# channel as it is.
. /tests/lib.sh

out=$RESULT_DEV
{
	echo "# kprobe 'p:do_sys_openat2 file=+0(%si):string'   (Linux $(uname -r), in QEMU)"
	echo
} >> "$out"
# SIGINT must reach kprobe: give it default signal dispositions
"$WORKLOAD" sigdfl "$KPROBE" 'p:do_sys_openat2 file=+0(%si):string' > demo.out 2> demo.err &
kp=$!
# no polling of files here: each open would be an event too
sleep 3
# the workload: a few programs opening the files they always open
hostname=$(cat /etc/hostname)
users=$(cat /etc/passwd)
files=$(ls /etc)
"$WORKLOAD" open /etc/group 2
sleep 1
kill -INT $kp
wait $kp
status=$?
cat demo.err | head -1 >> "$out"
cat demo.out >> "$out"
tail -n +2 demo.err >> "$out"
echo "# exit status $status" >> "$out"
pass "demo ran"
