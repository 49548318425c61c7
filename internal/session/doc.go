// Package session starts a command the setsid or nohup way through the
// trampoline and hands back its PID: the one mechanism behind the spawn
// library and the sysprims subcommands, which differ only in how they wait.
package session
