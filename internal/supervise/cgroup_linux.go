package supervise

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/procfs"
)

// cgroupName is the child cgroup that holds the command's tree.
const cgroupName = "sysprims-cmd"

// ErrNoContainerCgroup: sysprims' own cgroup is not a container's cgroup
// v2 that it may divide (not the root of its cgroup namespace, no cgroup2
// mount, or read-only).
var ErrNoContainerCgroup = errors.New("no writable cgroup v2 of the container's own")

// CommandCgroup is a cgroup v2 of the command's tree alone: a child of
// sysprims' own cgroup, when that is the container's (the root of its
// cgroup namespace) and writable. Its cgroup.kill ends the whole tree in
// one step, forks in flight included, and cgroup.events says when it is
// empty; sysprims itself stays outside it, since cgroup.kill spares none.
type CommandCgroup struct {
	parent, dir string
}

// EnterCommandCgroup makes the command's cgroup and moves sysprims into
// it, so that the command, started next, is born there; [CommandCgroup.Leave]
// moves sysprims back out once the command has started.
func EnterCommandCgroup() (*CommandCgroup, error) {
	root, err := containerCgroup()
	if err != nil {
		return nil, err
	}
	c := &CommandCgroup{parent: root, dir: filepath.Join(root, cgroupName)}
	if err := os.Mkdir(c.dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%w: %w", ErrNoContainerCgroup, err)
	}
	if populated(c.dir) {
		// Left over and in use (a restarted init in the same cgroup?):
		// not ours to kill.
		return nil, fmt.Errorf("%s already holds processes", c.dir)
	}
	if err := c.move(c.dir); err != nil {
		c.Remove()
		return nil, err
	}
	return c, nil
}

// Leave moves sysprims back to its own cgroup. Until it has succeeded the
// cgroup must not be killed: sysprims would be killed with it.
func (c *CommandCgroup) Leave() error { return c.move(c.parent) }

// Dir is the cgroup's directory.
func (c *CommandCgroup) Dir() string { return c.dir }

// Remove removes the cgroup if it is empty.
func (c *CommandCgroup) Remove() { _ = os.Remove(c.dir) }

func (c *CommandCgroup) move(dir string) error {
	err := procfs.WriteFile(filepath.Join(dir, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())))
	if err != nil {
		return fmt.Errorf("move sysprims to cgroup %s: %w", dir, err)
	}
	return nil
}

// containerCgroup returns the directory of our own cgroup v2 if it is the
// root of our cgroup namespace ("0::/" in /proc/self/cgroup: a container
// with a cgroup namespace of its own), not the system's root cgroup, and
// mounted writable where containers have it: /sys/fs/cgroup (cgroup v2
// only) or /sys/fs/cgroup/unified (hybrid). Our PID in the mount's
// cgroup.procs proves that the mount shows our own cgroup, not another.
// The cheap tests come first: reading /proc/self/cgroup costs 0.17 ms on
// a hybrid host, more than the rest together, and init pays this on
// every start as PID 1.
func containerCgroup() (string, error) {
	for _, dir := range []string{"/sys/fs/cgroup", "/sys/fs/cgroup/unified"} {
		var st unix.Statfs_t
		if unix.Statfs(dir, &st) != nil || st.Type != unix.CGROUP2_SUPER_MAGIC {
			continue
		}
		if st.Flags&unix.ST_RDONLY != 0 {
			return "", fmt.Errorf("%w: %s is read-only", ErrNoContainerCgroup, dir)
		}
		if _, err := os.Stat(filepath.Join(dir, "cgroup.events")); err != nil {
			// The system's root cgroup (it has no cgroup.events): a PID
			// namespace without a cgroup namespace, on a host that runs
			// it in the root cgroup. Not a container's to divide.
			return "", fmt.Errorf("%w: %s is the system's root cgroup", ErrNoContainerCgroup, dir)
		}
		b, err := procfs.ReadFile("/proc/self/cgroup")
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrNoContainerCgroup, err)
		}
		own := ""
		for _, l := range strings.Split(string(b), "\n") {
			if p, ok := strings.CutPrefix(l, "0::"); ok {
				own = p
			}
		}
		if own != "/" {
			return "", fmt.Errorf("%w: own cgroup v2 is %q, not the root of a cgroup namespace", ErrNoContainerCgroup, own)
		}
		if !slices.Contains(cgroupMembers(dir), os.Getpid()) {
			return "", fmt.Errorf("%w: %s is not sysprims' own cgroup", ErrNoContainerCgroup, dir)
		}
		return dir, nil
	}
	return "", fmt.Errorf("%w: no cgroup2 mount at /sys/fs/cgroup or /sys/fs/cgroup/unified", ErrNoContainerCgroup)
}

// populated reports whether the cgroup at dir holds a live process
// ("populated 1" in cgroup.events), or cannot tell.
func populated(dir string) bool {
	b, err := procfs.ReadFile(filepath.Join(dir, "cgroup.events"))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	return !strings.Contains(string(b), "populated 0")
}

// cgroupMembers lists the PIDs in the cgroup at dir.
func cgroupMembers(dir string) []int {
	b, _ := procfs.ReadFile(filepath.Join(dir, "cgroup.procs"))
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// cgroupHoldsOurs reports whether a live descendant of ours is in the
// cgroup at dir: we may be there too (if leaving it failed), or a
// stranger root moved there; neither is ours to wait for.
func cgroupHoldsOurs(dir string) bool {
	for _, pid := range cgroupMembers(dir) {
		if ours, _ := lineage(pid); ours {
			return true
		}
	}
	return false
}

// lineage reports whether pid's chain of parents leads to us, and gone
// when pid itself no longer exists. A process that entered our PID
// namespace from outside (docker exec), and what it started, leads to 0
// instead. An ancestor that ends during the walk re-parents pid (to us,
// or to a subreaper between): the walk then starts again from pid, rather
// than calling a process of ours a stranger because its parent was just
// killed and reaped.
func lineage(pid int) (ours, gone bool) {
	self := os.Getpid()
	for try := 0; try < 8; try++ {
		p, vanished := pid, false
		for i := 0; i < 4096 && p > 1; i++ {
			st, ok := readStat(p)
			if !ok {
				if p == pid {
					return false, true
				}
				vanished = true
				break
			}
			if st.ppid == self {
				return true, false
			}
			p = st.ppid
		}
		if !vanished {
			return p == self, false
		}
	}
	return false, false
}

// killCgroup sends SIGKILL to every process in the cgroup at dir through
// cgroup.kill (Linux 5.14), after checking that each descends from us:
// the cgroup is made for the command's tree, but root can move anything
// into it, and we never signal a stranger, nor ourselves (if leaving it
// failed, we are in it). It says why it did not.
func killCgroup(dir string) error {
	for _, pid := range cgroupMembers(dir) {
		if ours, gone := lineage(pid); !ours && !gone {
			return fmt.Errorf("pid %d in %s does not descend from sysprims", pid, dir)
		}
	}
	return procfs.WriteFile(filepath.Join(dir, "cgroup.kill"), []byte("1"))
}
