/* Thread-local reason of the last failure. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "tcpcp.h"

static _Thread_local char last_error[320];

void tcpcp_set_error(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	errno = saved;
}

void tcpcp_set_syserror(const char *fmt, ...)
{
	int saved = errno;
	char what[200], buf[96];
	const char *msg;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	msg = strerror_r(saved, buf, sizeof(buf)); /* GNU variant: thread-safe */
	snprintf(last_error, sizeof(last_error), "%s: %s", what, msg);
	errno = saved;
}

TCPCP_API const char *tcpcp_last_error(void)
{
	return last_error;
}
