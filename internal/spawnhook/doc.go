// Package spawnhook lets sysprims' own front ends (the CLI's waiting modes
// and init) set what spawn.Cmd keeps unexported: the whole supervise.Config
// of a supervised wait, rather than the defaults ForwardSignals picks, and
// whether the signals stay caught after Wait. The spawn package installs
// Apply in its init; nothing outside this module can import it.
package spawnhook
