package hub

import (
	"time"

	"github.com/gorilla/websocket"
)

// Transport is the connection a Conn drives: a *websocket.Conn in
// production, a fake in tests and benchmarks.
type Transport interface {
	ReadMessage() (messageType int, p []byte, err error)
	WriteMessage(messageType int, data []byte) error
	WritePreparedMessage(pm *websocket.PreparedMessage) error
	WriteControl(messageType int, data []byte, deadline time.Time) error
	SetReadLimit(limit int64)
	SetReadDeadline(t time.Time) error
	SetWriteDeadline(t time.Time) error
	SetPongHandler(h func(appData string) error)
	Close() error
}

var _ Transport = (*websocket.Conn)(nil)
