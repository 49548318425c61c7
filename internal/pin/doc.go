// Package pin keeps a supervisor's threads on one CPU while it catches
// signals, and gives them their affinity back before the command runs.
//
// Catching a signal is a round trip between the calling goroutine and
// the runtime's signal-mask thread, some 60 of them before the command
// may run. sysprims makes them while the command's stage, already forked,
// starts up: on a machine with idle CPUs each trip wakes a thread on
// another CPU, twice, and the trips compete with the stage for the CPUs.
// Pinned to one CPU, the trips are plain switches there, and the stage
// has the others to itself: `setsid --wait /bin/true` is about 4% faster
// on two CPUs.
//
// The stage is forked before [Threads] is called, and nothing is forked
// before the function it returns has run, so neither the stage nor the
// command ever sees the pinned mask (TestCommandKeepsCallersAffinity).
// A process allowed on one CPU only, or that cannot read or set its
// affinity, is left alone. Outside Linux it does nothing.
package pin
