// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dynamic events: create the run's probes, explain the kernel's refusals,
 * and remove exactly what was created.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tracefs.h>

#include "dynevent.h"
#include "errlog.h"
#include "errors.h"
#include "evname.h"
#include "kind.h"
#include "runlock.h"
#include "symcheck.h"
#include "syntax.h"
#include "tfswrite.h"

/* What the kernel means when it refuses a definition, by errno */
/* clang-format off */
static const struct {
	int errnum;
	const char *hint;
} create_hints[] = {
	{ EEXIST,	"an event of that name already exists in that group; name yours with p:NAME" },
	{ ENOENT,	"the kernel found no such function or module" },
	{ EILSEQ,	"the address is not on an instruction boundary" },
	{ EBUSY,	"the event is in use by another tracer" },
	{ ENOSPC,	"too many probes or arguments" },
	{ EINVAL,	"the kernel rejected the definition" },
	{ E2BIG,	"the definition has too many arguments" },
};
/* clang-format on */

static const char *create_hint(int errnum)
{
	size_t i;

	for (i = 0; i < sizeof(create_hints) / sizeof(create_hints[0]); i++)
		if (create_hints[i].errnum == errnum)
			return create_hints[i].hint;
	return NULL;
}

int kp_dynevents_init(struct kp_dynevents *d, const char *run_group, const struct kp_probe *probes,
		      int nr)
{
	memset(d, 0, sizeof(*d));
	d->run_group = run_group;
	d->probes = probes;
	d->nr = nr;
	d->record_dir = KP_RECORD_DIR;
	if (nr) {
		d->created = calloc(nr, sizeof(*d->created));
		if (!d->created)
			return error("out of memory");
	}
	return 0;
}

int kp_dynevent_remove(const char *file, const char *group, const char *event)
{
	char cmd[2 * KP_NAME_MAX + 8];
	int tries;

	snprintf(cmd, sizeof(cmd), "-:%s/%s", group, event);
	/* a just-removed instance may still be letting go of the event */
	for (tries = 0; tries < 20; tries++) {
		if (kp_tfs_append(NULL, file, cmd) >= 0)
			return 0;
		if (errno != EBUSY)
			break;
		usleep(10000);
	}
	/* someone else removed it while the run went on: it is gone all the same */
	if (errno == ENOENT) {
		warning("probe '%s/%s' was removed by someone else during the run", group, event);
		return 0;
	}
	return error_errno("cannot remove probe '%s/%s'", group, event);
}

/* Stop recording, and say what that costs */
static void record_warning(struct kp_dynevents *d, const char *what)
{
	warning("%s '%s' (%s): if this run is killed, its probes in groups you named stay", what,
		d->record_path ? d->record_path : d->record_dir, strerror(errno));
	d->record_off = true;
}

/*
 * Note a user-named probe in this run's record before it is created. A
 * record that cannot be written (no /run, read-only) costs only the
 * cleanup after a SIGKILL, so the run goes on with a warning.
 */
static void record_probe(struct kp_dynevents *d, const struct kp_probe *p)
{
	bool ok;
	FILE *f;
	int fd;

	if (d->record_off)
		return;
	if (!d->record_path) {
		char why[PATH_MAX + 64];

		if (kp_rundir_check(d->record_dir, true, why, sizeof(why))) {
			/* not ours to trust: a record there would be no record */
			if (errno == ELOOP || errno == ENOTDIR || errno == EPERM) {
				warning("%s: if this run is killed, its probes in groups you "
					"named stay",
					why);
				d->record_off = true;
			} else {
				record_warning(d, "cannot create");
			}
			return;
		}
		if (asprintf(&d->record_path, "%s/%s", d->record_dir, d->run_group) < 0) {
			d->record_path = NULL;
			errno = ENOMEM;
			record_warning(d, "cannot create");
			return;
		}
	}
	/* a symlink planted in its place is not followed */
	fd = open(d->record_path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "a") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		record_warning(d, "cannot write");
		return;
	}
	ok = fprintf(f, "%s/%s\n", p->group, p->event) > 0;
	if (fclose(f) || !ok)
		record_warning(d, "cannot write");
}

/*
 * Say why the kernel refused @p (written as @cmd): its error_log entry under
 * the user's own text, or errno in words; then why the function cannot be
 * probed, if that is why
 */
static void report_create_error(const struct kp_probe *p, const char *cmd, int errnum,
				const char *errlog_before)
{
	const struct kp_kind *kind = &kp_kinds[p->kind];
	const char *hint = create_hint(errnum);
	char *entry = kp_errlog_snapshot(NULL);
	struct kp_symcheck sc;
	bool shown = false;

	/*
	 * No part of the kernel took the line: EINVAL and no error_log entry.
	 * README is no proof for every kind: it lists "e:" even without
	 * CONFIG_EPROBE_EVENTS.
	 */
	if (errnum == EINVAL && kind->readme_letter &&
	    !(entry && (!errlog_before || strcmp(entry, errlog_before)))) {
		free(entry);
		error("cannot create probe '%s': %s", p->definition, kind->missing);
		return;
	}

	if (entry && (!errlog_before || strcmp(entry, errlog_before)))
		shown = kp_syntax_explain("cannot create probe", entry, p->definition, cmd, false);
	free(entry);
	if (!shown && hint)
		error("cannot create probe '%s': %s (%s)", p->definition, hint, errno_name(errnum));
	else if (!shown)
		error("cannot create probe '%s': %s", p->definition, strerror(errnum));
	if (errnum == ENOENT || errnum == EINVAL) {
		kp_symcheck_init(&sc);
		sc.refused = true;
		kp_symcheck_probe(&sc, p);
		kp_symcheck_destroy(&sc);
	}
}

int kp_dynevents_create(struct kp_dynevents *d)
{
	/* only a failure adds an entry, and the first one ends the loop */
	char *before = kp_errlog_snapshot(NULL);
	int err = 0, i;

	for (i = 0; i < d->nr && !err; i++) {
		const struct kp_probe *p = &d->probes[i];
		char *cmd = kp_probe_command(p, d->run_group);

		if (!cmd) {
			err = error("out of memory");
			break;
		}
		if (p->group)
			record_probe(d, p);
		if (kp_tfs_append(NULL, kp_kinds[p->kind].file, cmd) < 0) {
			report_create_error(p, cmd, errno, before);
			err = -1;
		} else {
			d->created[i] = true;
		}
		free(cmd);
	}
	free(before);
	return err;
}

int kp_dynevents_print_formats(struct kp_dynevents *d, struct kp_output *out)
{
	int i;

	for (i = 0; i < d->nr; i++) {
		const struct kp_probe *p = &d->probes[i];
		const char *group = kp_probe_group(p, d->run_group);
		char *fmt;
		int ret;

		if (!d->created[i])
			continue;
		fmt = tracefs_event_file_read(NULL, group, p->event, "format", NULL);
		if (!fmt)
			return error_errno("cannot read the format of '%s/%s'", group, p->event);
		if (p->shown) {
			char *renamed = kp_evname_format(fmt, p->shown);

			free(fmt);
			if (!renamed)
				return error("out of memory");
			fmt = renamed;
		}
		ret = kp_output_write(out, fmt, strlen(fmt));
		free(fmt);
		if (ret && !out->closed)
			return error_errno("cannot write the format of '%s'", p->event);
	}
	return 0;
}

int kp_dynevents_destroy(struct kp_dynevents *d)
{
	int err = 0, i;

	for (i = d->nr - 1; i >= 0 && d->created; i--) {
		const struct kp_probe *p = &d->probes[i];

		if (!d->created[i])
			continue;
		if (kp_dynevent_remove(kp_kinds[p->kind].file, kp_probe_group(p, d->run_group),
				       p->event))
			err = -1;
		d->created[i] = false;
	}
	/* the record goes last, once its probes are gone */
	if (d->record_path) {
		if (!err && unlink(d->record_path) && errno != ENOENT)
			err = error_errno("cannot remove '%s'", d->record_path);
		free(d->record_path);
		d->record_path = NULL;
	}
	free(d->created);
	d->created = NULL;
	return err;
}
