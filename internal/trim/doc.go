// Package trim gives back the resident pages of the executable's own code
// and read-only data once a long-lived sysprims (init, setsid --wait,
// nohup --wait) has started its command.
//
// Start-up touches most of the binary: the runtime, the package inits,
// the command line. A supervisor that then waits for hours needs a few
// pages of it, but the rest stays counted in its VmRSS, about half of it.
// [Later] drops those pages with madvise(MADV_DONTNEED) half a second
// after the command started: they are clean copies of the file, so the kernel
// refaults the few the wait loop touches from the page cache, and a
// container's memory accounting sees what the supervisor really uses.
//
// Only mappings of the executable that are not writable and hold no
// private (anonymous) page are advised: MADV_DONTNEED on a private page
// would throw away data, which read-only file pages cannot hold. It is
// never done on the short paths, which exit at once.
package trim
