// Package procfs reads the small files and folders of /proc (and of
// cgroupfs) with plain system calls.
//
// Package os would do it too, but the first file os opens starts the
// runtime's network poller: two descriptors kept for good, which a tight
// RLIMIT_NOFILE cannot spare, and an epoll registration tried and
// refused, with its fcntl calls, for every file. A supervisor reads /proc
// on every forwarded signal and every poll of its cleanup, so the calls
// saved are on its busiest path.
package procfs
