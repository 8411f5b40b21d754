/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KPROBE_AGGPROBES_H
#define KPROBE_AGGPROBES_H

#include "options.h"

/**
 * kp_agg_prepare_probes - what the aggregates need in the definitions
 * @cfg: a parsed command line, before kp_probes_assign_names()
 *
 * --by comm: each definition also fetches $comm (as KP_AGG_COMM_ARG), the
 * task's name at the event. --latency: each definition, which must be a
 * function entry (p: on a kernel function or user function, f:), gets its
 * return probe appended (cfg->agg.ret[i]), with $comm for --by comm.
 * Returns 0, or -1 after printing why.
 */
int kp_agg_prepare_probes(struct kp_config *cfg);

#endif
