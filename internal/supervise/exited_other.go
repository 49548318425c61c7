//go:build unix && !linux

package supervise

// canPeek: golang.org/x/sys has no waitid here, so Wait reaps directly and
// its kill races the reap in the instant between the command's end and
// its reap, as os/exec's did before pidfds.
const canPeek = false

func exited(int) error { panic("unreachable") }
