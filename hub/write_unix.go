//go:build unix

package hub

import (
	"errors"
	"os"
	"syscall"
)

// writeNow writes as much of b as the socket takes without waiting: one
// write system call on the non-blocking descriptor. A full socket buffer is
// no error: it returns how much was written, maybe nothing.
func writeNow(rc syscall.RawConn, b []byte) (int, error) {
	var n int
	var err error
	if cerr := rc.Write(func(fd uintptr) bool {
		n, err = syscall.Write(int(fd), b)
		return true // never wait here: a writer goroutine waits instead
	}); cerr != nil {
		if errors.Is(cerr, os.ErrDeadlineExceeded) {
			return 0, nil // a writer's old deadline: let a writer set a new one
		}
		return 0, cerr
	}
	if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EINTR) {
		return 0, nil
	}
	if n < 0 {
		n = 0
	}
	return n, err
}
