// Package steps applies to the calling process what sysprims does to a
// command before it runs: a new session, the terminal on stdin as its
// controlling terminal, SIGHUP ignored. The trampoline's stage applies
// them just before it execs the command, and the in-place drop-ins (setsid
// without a fork, nohup) just before they become the command: one function
// for both, so the two cannot drift apart.
package steps
