//go:build unix

package trampoline_test

import (
	"fmt"
	"syscall"

	"github.com/sysprims/sysprims/trampoline"
)

// Any program that imports trampoline is its own stage: Start re-executes
// it, the stage starts a new session and execs the command, which keeps
// the stage's PID.
func ExampleStart() {
	pid, err := trampoline.Start(trampoline.Spec{
		Steps: trampoline.NewSession,
		Argv:  []string{"sh", "-c", `test "$(ps -o sid= -p $$)" -eq $$`},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The command is the caller's child, to be waited for as any other.
	var ws syscall.WaitStatus
	_, err = syscall.Wait4(pid, &ws, 0, nil)
	fmt.Println(ws.ExitStatus(), err)
	// Output: 0 <nil>
}
