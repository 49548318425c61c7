// Package dropin makes sysprims behave as util-linux setsid(1) and GNU
// coreutils nohup(1) when it is invoked under their names.
package dropin
