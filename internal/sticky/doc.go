// Package sticky applies the rule the Linux kernel applies with
// protected_regular and protected_fifos to the files sysprims opens or
// replaces on a user's behalf (--output, --pidfile, nohup.out): in a
// folder that is sticky and world-writable, such as /tmp, an existing
// file that belongs neither to the caller nor to the folder's owner may
// have been planted by another user, and is refused. Symbolic links
// there are refused by O_NOFOLLOW (protected_symlinks' counterpart).
package sticky
