//go:build unix

package server

import "syscall"

// openFileLimit returns the process's limit on open file descriptors (Go
// raises the soft limit to the hard one at start), or 0 when unknown.
func openFileLimit() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil || rl.Cur > 1<<30 {
		return 0
	}
	return int(rl.Cur)
}
