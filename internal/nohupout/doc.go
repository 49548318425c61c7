// Package nohupout decides where a nohup'd command's output goes and opens
// it: the nohup.out rules of POSIX and coreutils (./nohup.out, then
// $HOME/nohup.out, created mode 0600 whatever the umask, opened for
// append), shared by the spawn library and both nohup front ends.
package nohupout
