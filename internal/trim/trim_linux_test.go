package trim

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// residentOfOurs returns the kB resident in the executable's read-only
// mappings and in its writable ones.
func residentOfOurs(t *testing.T) (readOnly, writable int) {
	t.Helper()
	var self unix.Stat_t
	if err := unix.Stat("/proc/self/exe", &self); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	var exe, rw bool
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		if m, ok := parseHeader(line, self); ok {
			f := bytes.Fields(line)
			exe, rw = m.ours || (len(f) > 5 && string(f[len(f)-1]) == mustExe(t)), f[1][1] == 'w'
			continue
		}
		if v, ok := bytes.CutPrefix(line, []byte("Rss:")); ok && exe {
			kb, _ := strconv.Atoi(string(bytes.Fields(v)[0]))
			if rw {
				writable += kb
			} else {
				readOnly += kb
			}
		}
	}
	return readOnly, writable
}

func mustExe(t *testing.T) string {
	p, err := os.Readlink("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Now drops resident pages of the executable's code and read-only data.
// (Not all stay out: every page touched since comes back with the
// kernel's fault-around, 64 kB at a time.)
func TestNowDropsReadOnlyPages(t *testing.T) {
	before, _ := residentOfOurs(t)
	n, err := Now()
	if err != nil || n == 0 {
		t.Fatalf("Now() = %d, %v; want mappings advised", n, err)
	}
	after, _ := residentOfOurs(t)
	t.Logf("read-only pages of the executable: %d kB resident before, %d kB after", before, after)
	if after >= before {
		t.Errorf("read-only pages of the executable: %d kB resident before Now, %d kB after; want fewer", before, after)
	}
}

// written lives in the executable's writable data (it has a static
// initial value): dropping its page would bring back the value on file.
var written = [4]int{1, 2, 3, 4}

// Now leaves writable mappings alone: data written at run time survives.
func TestNowKeepsWrittenData(t *testing.T) {
	written[0] = 42
	if _, err := Now(); err != nil {
		t.Fatal(err)
	}
	if written[0] != 42 {
		t.Errorf("written[0] = %d after Now, want 42: a writable page was dropped", written[0])
	}
}
