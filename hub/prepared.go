package hub

import "github.com/gorilla/websocket"

// Prepared is a text message framed once, to be sent to many connections
// one at a time (each join of a session, say) as the same bytes: a
// connection that does not read holds a reference to them, not a copy.
type Prepared struct {
	wire []byte
	head int // the frame header's length: wire[head:] is the message
}

// Prepare frames a copy of data once.
func Prepare(data []byte) *Prepared {
	wire := appendFrame(make([]byte, 0, len(data)+10), websocket.TextMessage, data)
	return &Prepared{wire: wire, head: len(wire) - len(data)}
}

// Data returns the message; it must not be changed.
func (p *Prepared) Data() []byte { return p.wire[p.head:] }

// SendPrepared queues a prepared message like Send, sharing its bytes.
func (c *Conn) SendPrepared(p *Prepared) {
	if !c.send(frame{wire: p.wire}) {
		c.drop()
	}
}
