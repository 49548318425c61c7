/*
 * siglat: the receiver of bench/run's signal-forwarding case, in C so
 * that the measurement adds no runtime of its own. bench/run compiles it
 * with gcc at bench time and runs it as CMD under a wrapper that is PID 1
 * of a new PID namespace (sysprims init, tini, dumb-init, the Go floor):
 *
 *     siglat N
 *
 * SIGTERM is blocked, so it stays pending until sigtimedwait(2) takes it.
 * N times: read CLOCK_MONOTONIC, send SIGTERM to the parent (the wrapper),
 * wait for the forwarded SIGTERM with sigtimedwait, read the clock again
 * on its receipt, and print the microseconds in between, one line each
 * (-1 for a signal that did not come back within a second). A pause of
 * 2 ms between signals lets the wrapper settle. It is a fixture for
 * bench/run, not a tool.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	char *end;
	long n = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc != 2 || *end != '\0' || n < 1) {
		fputs("usage: siglat N\n", stderr);
		return 2;
	}
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &term, NULL) != 0) {
		perror("siglat: sigprocmask");
		return 2;
	}
	pid_t parent = getppid();
	const struct timespec second = {1, 0}, pause = {0, 2000000};
	for (long i = 0; i < n; i++) {
		/* A late delivery of the previous round must not end this one. */
		const struct timespec zero = {0, 0};
		while (sigtimedwait(&term, NULL, &zero) == SIGTERM)
			;
		double start = now_us();
		if (kill(parent, SIGTERM) != 0) {
			perror("siglat: kill parent");
			return 2;
		}
		int sig;
		do
			sig = sigtimedwait(&term, NULL, &second);
		while (sig < 0 && errno == EINTR);
		if (sig == SIGTERM)
			printf("%.1f\n", now_us() - start);
		else
			printf("-1\n");
		nanosleep(&pause, NULL);
	}
	if (fflush(stdout) != 0) {
		perror("siglat: stdout");
		return 2;
	}
	return 0;
}
