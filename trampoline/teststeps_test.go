package trampoline

import "os"

// The test-only step gets its letter and its action here, in a package-level
// variable: those are all initialised before any init function runs, so the
// test binary's own stage (entered from init) already knows the letter.
// Release builds never see this file, so no stage there can be told to die.
var _ = registerTestSteps()

func registerTestSteps() bool {
	stepLetters = append(stepLetters, stepLetter{dieBeforeExec, 'k'})
	beforeExec = func(s Steps) {
		if s&dieBeforeExec == 0 {
			return
		}
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			_ = p.Kill()
		}
	}
	return true
}
