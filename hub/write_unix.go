//go:build unix

package hub

import (
	"errors"
	"os"
	"syscall"
)

// rawWriter writes to a connection's descriptor without waiting. The
// function handed to RawConn.Write is bound once per connection, so that a
// write allocates nothing: a closure made per write would cost three
// allocations for every member of every broadcast. Only the owner of the
// socket (Conn.writing) calls it.
type rawWriter struct {
	rc  syscall.RawConn
	fn  func(fd uintptr) bool
	b   []byte
	n   int
	err error
}

func newRawWriter(rc syscall.RawConn) *rawWriter {
	w := &rawWriter{rc: rc}
	w.fn = w.write
	return w
}

func (w *rawWriter) write(fd uintptr) bool {
	w.n, w.err = syscall.Write(int(fd), w.b)
	return true // never wait here: a writer goroutine waits instead
}

// writeNow writes as much of b as the socket takes without waiting: one
// write system call on the non-blocking descriptor. A full socket buffer is
// no error: it returns how much was written, maybe nothing.
func (w *rawWriter) writeNow(b []byte) (int, error) {
	w.b, w.n, w.err = b, 0, nil
	cerr := w.rc.Write(w.fn)
	n, err := w.n, w.err
	w.b, w.err = nil, nil
	if cerr != nil {
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
