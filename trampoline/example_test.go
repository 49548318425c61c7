//go:build unix

package trampoline_test

import (
	"fmt"

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
	ws, err := trampoline.Wait(pid)
	fmt.Println(ws.ExitStatus(), err)
	// Output: 0 <nil>
}

func ExampleWait() {
	pid, err := trampoline.Start(trampoline.Spec{Argv: []string{"sh", "-c", "exit 3"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ws, err := trampoline.Wait(pid)
	fmt.Println(ws.ExitStatus(), err)
	// Output: 3 <nil>
}

func ExampleDecodeSteps() {
	s, err := trampoline.DecodeSteps((trampoline.NewSession | trampoline.IgnoreHangup).Encode())
	fmt.Println(s == trampoline.NewSession|trampoline.IgnoreHangup, err)
	// Output: true <nil>
}
