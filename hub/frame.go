package hub

import (
	"encoding/binary"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
)

// frame is one outbound WebSocket frame as it goes on the wire. A frame of
// a broadcast shares its bytes with every member and counts as one of the
// broadcast's copies until it is released.
type frame struct {
	wire []byte
	b    *broadcast
}

// hold counts the frame as a copy of its broadcast on its way.
func (f frame) hold() {
	if f.b != nil {
		f.b.pending.Add(1)
	}
}

// release tells the broadcast that this copy is written or given up.
func (f frame) release() {
	if f.b != nil {
		f.b.release()
	}
}

// broadcast is one message framed once for every member of a room. It
// counts the copies not yet handed to the kernel, so that the last one can
// observe how long the fan-out took.
type broadcast struct {
	wire    []byte
	start   time.Time
	pending atomic.Int64 // copies not yet released, plus one while sending
	fanout  prometheus.Observer
}

func newBroadcast(wire []byte, start time.Time, fanout prometheus.Observer) *broadcast {
	b := &broadcast{wire: wire, start: start, fanout: fanout}
	b.pending.Store(1) // the broadcaster's, until every copy is on its way
	return b
}

// frame returns the broadcast's frame for one member.
func (b *broadcast) frame() frame { return frame{wire: b.wire, b: b} }

// release drops one count; the last observes the fan-out time.
func (b *broadcast) release() {
	if b.pending.Add(-1) == 0 {
		b.fanout.Observe(time.Since(b.start).Seconds())
	}
}

// pingFrame is a ping without application data.
var pingFrame = frame{wire: appendFrame(nil, websocket.PingMessage, nil)}

// appendFrame appends a server's WebSocket frame (RFC 6455 section 5.2:
// final, not masked, not compressed) of type op with payload p to dst.
func appendFrame(dst []byte, op int, p []byte) []byte {
	dst = append(dst, 0x80|byte(op))
	switch n := len(p); {
	case n <= 125:
		dst = append(dst, byte(n))
	case n <= 0xFFFF:
		dst = append(dst, 126)
		dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, 127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	return append(dst, p...)
}

// textFrame frames a text message for one connection.
func textFrame(p []byte) frame {
	return frame{wire: appendFrame(make([]byte, 0, len(p)+10), websocket.TextMessage, p)}
}

// closeFrame frames a close message. A control frame's payload is at most
// 125 bytes, so a longer text is cut.
func closeFrame(code int, text string) frame {
	p := websocket.FormatCloseMessage(code, text)
	if len(p) > 125 {
		p = p[:125]
	}
	return frame{wire: appendFrame(nil, websocket.CloseMessage, p)}
}

// pongFrame answers a ping with its application data.
func pongFrame(appData string) frame {
	p := []byte(appData)
	if len(p) > 125 {
		p = p[:125]
	}
	return frame{wire: appendFrame(nil, websocket.PongMessage, p)}
}
