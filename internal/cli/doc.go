// Package cli is the sysprims command line: the setsid, nohup and init
// subcommands over the session, supervise and pidfile packages. It parses,
// starts, reports and maps errors to exit codes; everything else lives in
// the packages below it.
package cli
