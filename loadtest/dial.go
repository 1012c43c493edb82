package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// dialTimeout bounds a TCP connect plus the WebSocket handshake.
const dialTimeout = 10 * time.Second

// clientWritePool shares write buffers between the phones: an idle phone
// holds none.
var clientWritePool sync.Pool

// newDialers returns one WebSocket dialer per source address (one with the
// system's choice of address when sources is empty). Phone i uses dialer
// i mod len. Small buffers keep ten thousand phones cheap.
func newDialers(sources []net.IP) []*websocket.Dialer {
	mk := func(local net.Addr) *websocket.Dialer {
		nd := &net.Dialer{Timeout: dialTimeout, LocalAddr: local}
		return &websocket.Dialer{
			NetDialContext:   nd.DialContext,
			HandshakeTimeout: dialTimeout,
			ReadBufferSize:   1024,
			WriteBufferSize:  1024,
			WriteBufferPool:  &clientWritePool,
		}
	}
	if len(sources) == 0 {
		return []*websocket.Dialer{mk(nil)}
	}
	out := make([]*websocket.Dialer, len(sources))
	for i, ip := range sources {
		out[i] = mk(&net.TCPAddr{IP: ip})
	}
	return out
}

// wsURL turns a node's base URL into its WebSocket endpoint.
func wsURL(base *url.URL) string {
	u := *base
	if u.Scheme == "https" {
		u.Scheme = "wss"
	} else {
		u.Scheme = "ws"
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/ws"
	return u.String()
}

// dial opens one WebSocket connection.
func dial(ctx context.Context, d *websocket.Dialer, target string) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	conn, resp, err := d.DialContext(ctx, target, http.Header{})
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("handshake: status %d: %w", resp.StatusCode, err)
		}
		return nil, err
	}
	return conn, nil
}

// classify names the kind of a connection failure, so that the report can
// count them without one line per port number.
func classify(err error) string {
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return "too_many_open_files"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return "no_local_port"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection_refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection_reset"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, websocket.ErrBadHandshake):
		msg := err.Error()
		if strings.HasPrefix(msg, "handshake: status ") {
			return "handshake_" + strings.Fields(msg)[2][:3]
		}
		return "bad_handshake"
	}
	return "other"
}
