package hub

import (
	"net"
	"time"

	"github.com/gorilla/websocket"
)

// Transport is the connection a Conn drives: a *websocket.Conn in
// production, a fake in tests and benchmarks. The hub reads through it and
// writes frames of its own straight to NetConn, so that a frame can be
// written at once by whoever sends it; the ping and close handlers it sets
// keep the WebSocket from writing on its own.
type Transport interface {
	ReadMessage() (messageType int, p []byte, err error)
	SetReadLimit(limit int64)
	SetReadDeadline(t time.Time) error
	SetPingHandler(h func(appData string) error)
	SetPongHandler(h func(appData string) error)
	SetCloseHandler(h func(code int, text string) error)
	NetConn() net.Conn
	Close() error
}

var _ Transport = (*websocket.Conn)(nil)
