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
// They run only with -bench; go test ./... compiles them and times nothing
// (its one test checks that the design floor catches the signals sysprims
// catches). Subfolders: floor/spawn (with -catch: the design floor of the
// waiting paths and the minimal Go forwarder; without: the spawn
// library's floor), floor/inplace (the drop-ins' floor) and floor/signals
// (the floor's signal list) are the floors; spawnlib is the smallest
// program using the spawn library; pid1 is the reaping workload and
// siglat (C, compiled by bench/run with gcc) the signal-forwarding
// receiver of the PID 1 cases; earlysig measures the start-up window in
// which SIGTERM kills; table turns bench/run's raw results into the
// markdown tables.
package bench
