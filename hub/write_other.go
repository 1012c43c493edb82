//go:build !unix

package hub

import "syscall"

// rawWriter writes nothing here: every frame goes through a writer goroutine.
type rawWriter struct{}

func newRawWriter(syscall.RawConn) *rawWriter { return nil }

func (*rawWriter) writeNow([]byte) (int, error) { return 0, nil }
