// Package tty tells whether a file descriptor is a terminal, with x/sys
// alone (the same ioctl that isatty(3) makes).
package tty
