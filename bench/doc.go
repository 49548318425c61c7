// Package bench holds sysprims' benchmarks against the C tools it replaces
// (util-linux setsid, coreutils nohup, tini, dumb-init) and against the
// floors, minimal Go programs making the same system calls.
//
// bench/run builds everything and prints the table; bench/run --smoke only
// proves that every case still runs. The Go benchmarks in this package
// measure the spawn library from one process:
//
//	go test -run '^$' -bench . ./bench/
//
// They run only with -bench; go test ./... compiles them and times nothing.
// Subfolders: floor/spawn and floor/inplace are the floors, pid1 is the
// workload for the PID 1 cases (reaping, signal-forward latency), table
// turns bench/run's raw results into the markdown table.
package bench
