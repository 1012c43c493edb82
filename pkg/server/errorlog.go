package server

import (
	"io"
	"log"
	"log/slog"
	"regexp"
	"strings"
)

// addrPattern matches the client addresses net/http puts in its own error
// lines ("http: TLS handshake error from 10.0.0.7:51234", "panic serving
// [::1]:40000"): IPv4 and bracketed IPv6, with a port.
var addrPattern = regexp.MustCompile(`(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.%a-zA-Z]+\]):\d+`)

// redactAddrs removes client addresses from a log line: Ting logs no IP
// address of a participant.
func redactAddrs(line string) string { return addrPattern.ReplaceAllString(line, "[addr]") }

// httpErrorLog is the net/http server's error log: its lines, with client
// addresses removed, go to the logger at warn level.
func httpErrorLog(logger *slog.Logger) *log.Logger {
	to := slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	return log.New(redactingWriter{to}, "", 0)
}

type redactingWriter struct{ to *log.Logger }

func (w redactingWriter) Write(p []byte) (int, error) {
	w.to.Print(strings.TrimRight(redactAddrs(string(p)), "\n"))
	return len(p), nil
}

var _ io.Writer = redactingWriter{}
