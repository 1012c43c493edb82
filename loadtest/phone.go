package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Timeouts of one phone's requests.
const (
	joinTimeout  = 10 * time.Second
	ackTimeout   = 15 * time.Second
	writeTimeout = 10 * time.Second
)

// joinError is a join the server refused or never answered; its text is
// the kind the report counts.
type joinError string

func (e joinError) Error() string { return string(e) }

// inFrame is any frame the server sends; only the fields the load test
// looks at are decoded.
type inFrame struct {
	Type     string `json:"type"`
	Token    string `json:"token"`
	Ref      string `json:"ref"`
	Code     string `json:"code"`
	Question *struct {
		ID string `json:"id"`
	} `json:"question"`
	QuestionID string `json:"questionId"`
	Responses  int64  `json:"responses"`
	Count      int64  `json:"count"`
}

// answerFrame is what a phone sends to answer.
type answerFrame struct {
	Type       string `json:"type"`
	Ref        string `json:"ref"`
	QuestionID string `json:"questionId"`
	Value      any    `json:"value"`
}

// reply is the server's answer to one request: an ack or an error.
type reply struct {
	ok   bool
	code string
	at   time.Time
}

// link is one WebSocket connection of a phone. A phone that rejoins gets a
// new link; the reader goroutine of the old one ends with it.
type link struct {
	conn    *websocket.Conn
	welcome chan string   // the token of the welcome
	joinErr chan string   // an error frame without ref, while joining
	done    chan struct{} // closed when the reader ends
	closing atomic.Bool   // the phone closes it on purpose: not a drop
	joined  atomic.Bool   // a welcome came: a later end counts as a drop
}

// phone plays one participant: one connection at a time, with exactly one
// reader goroutine on it; requests are written by the phone's driver.
type phone struct {
	id     int
	r      *runner
	dialer *websocket.Dialer
	target string // ws:// URL of its node

	wmu sync.Mutex // one writer at a time on the connection

	mu         sync.Mutex
	link       *link
	token      string
	pending    map[string]chan reply
	nextRef    int
	questionAt time.Time     // first "question" frame with the measured question
	joinTook   time.Duration // dial to welcome, first connect
	connected  bool          // the first join got a welcome
	acks       int
	lastAcked  bool // the latest answer sent got its ack
}

func newPhone(id int, r *runner, d *websocket.Dialer, target string) *phone {
	return &phone{id: id, r: r, dialer: d, target: target, pending: map[string]chan reply{}}
}

// connect dials, joins (with the phone's token when it has one) and waits
// for the welcome.
func (p *phone) connect(ctx context.Context) error {
	start := time.Now()
	conn, err := dial(ctx, p.dialer, p.target)
	if err != nil {
		return err
	}
	l := &link{conn: conn, welcome: make(chan string, 1), joinErr: make(chan string, 1), done: make(chan struct{})}
	go p.read(l)

	p.mu.Lock()
	token := p.token
	p.mu.Unlock()
	join := map[string]string{"type": "join", "code": p.r.sess.Code}
	if token != "" {
		join["token"] = token
	}
	if err := p.write(l, join); err != nil {
		p.closeLink(l)
		return err
	}
	timer := time.NewTimer(joinTimeout)
	defer timer.Stop()
	select {
	case tok := <-l.welcome:
		p.mu.Lock()
		if old := p.link; old != nil && old != l {
			p.mu.Unlock()
			p.closeLink(old)
			p.mu.Lock()
		}
		p.link = l
		if token != "" {
			p.r.stats.rejoined(tok == token)
		}
		p.token = tok
		if !p.connected {
			p.connected = true
			p.joinTook = time.Since(start)
		}
		p.mu.Unlock()
		return nil
	case code := <-l.joinErr:
		p.closeLink(l)
		return joinError("join_error_" + code)
	case <-l.done:
		return joinError("closed_before_welcome")
	case <-timer.C:
		p.closeLink(l)
		return joinError("join_timeout")
	case <-ctx.Done():
		p.closeLink(l)
		return ctx.Err()
	}
}

// read is the reader goroutine of one link. It reads every frame into the
// same buffer: ten thousand phones allocating a buffer per frame would make
// the load generator collect garbage (and take CPU from the server) just as
// the question is pushed.
func (p *phone) read(l *link) {
	defer close(l.done)
	var buf bytes.Buffer
	for {
		data, err := readFrame(l.conn, &buf)
		if err != nil {
			if l.joined.Load() && !l.closing.Load() && !p.r.stopping.Load() {
				p.r.stats.drop(dropReason(err))
			}
			return
		}
		now := time.Now()
		p.r.stats.frames.Add(1)
		switch frameType(data) {
		case "question":
			if bytes.Contains(data, p.r.qidKey) {
				p.mu.Lock()
				if p.questionAt.IsZero() {
					p.questionAt = now
				}
				p.mu.Unlock()
			}
			continue
		case "welcome", "ack", "error":
		case "":
			p.r.stats.badFrame()
			continue
		default:
			continue // results and the like: a phone does not look at them
		}
		var f inFrame
		if json.Unmarshal(data, &f) != nil {
			p.r.stats.badFrame()
			continue
		}
		switch f.Type {
		case "welcome":
			l.joined.Store(true)
			select {
			case l.welcome <- f.Token:
			default:
			}
		case "ack":
			p.deliver(f.Ref, reply{ok: true, at: now})
		case "error":
			p.r.stats.errorFrame(f.Code)
			if f.Ref != "" {
				p.deliver(f.Ref, reply{code: f.Code, at: now})
			} else {
				select {
				case l.joinErr <- f.Code:
				default:
				}
			}
		}
	}
}

// readFrame reads the next data frame into buf and returns its bytes,
// valid until the next call.
func readFrame(conn *websocket.Conn, buf *bytes.Buffer) ([]byte, error) {
	_, r, err := conn.NextReader()
	if err != nil {
		return nil, err
	}
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// deliver hands a reply to whoever waits for ref.
func (p *phone) deliver(ref string, rep reply) {
	p.mu.Lock()
	ch := p.pending[ref]
	delete(p.pending, ref)
	p.mu.Unlock()
	if ch != nil {
		ch <- rep // buffered 1, one reply per ref
	}
}

// write sends one frame on l.
func (p *phone) write(l *link, v any) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	_ = l.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	return l.conn.WriteJSON(v)
}

// request is an answer on its way: what wait needs.
type request struct {
	ref  string
	sent time.Time
	ch   chan reply
	l    *link
}

// send writes an answer to the measured question on the current link.
func (p *phone) send(value any) (request, error) {
	p.mu.Lock()
	l := p.link
	p.nextRef++
	ref := fmt.Sprintf("p%d-%d", p.id, p.nextRef)
	ch := make(chan reply, 1)
	p.pending[ref] = ch
	p.lastAcked = false
	p.mu.Unlock()
	req := request{ref: ref, ch: ch, l: l}
	if l == nil {
		p.forget(ref)
		return req, errors.New("not connected")
	}
	req.sent = time.Now()
	err := p.write(l, answerFrame{Type: "answer", Ref: ref, QuestionID: p.r.qid, Value: value})
	if err != nil {
		p.forget(ref)
		return req, err
	}
	p.r.stats.sent()
	return req, nil
}

// wait waits for the ack (or error) of req. It reports whether the answer
// was acknowledged; the ack is counted in the stats.
func (p *phone) wait(ctx context.Context, req request) bool {
	timer := time.NewTimer(ackTimeout)
	defer timer.Stop()
	select {
	case rep := <-req.ch:
		return p.acked(req, rep)
	case <-req.l.done:
	case <-timer.C:
		p.r.stats.errorFrame("(no ack within " + ackTimeout.String() + ")")
	case <-ctx.Done():
	}
	select {
	case rep := <-req.ch: // it came just as the wait ended
		return p.acked(req, rep)
	default:
	}
	p.forget(req.ref)
	return false
}

// acked records the reply to req and reports whether it was an ack.
func (p *phone) acked(req request, rep reply) bool {
	if !rep.ok {
		return false
	}
	p.r.stats.ack(p.id, req.sent, rep.at)
	p.mu.Lock()
	p.acks++
	p.lastAcked = true
	p.mu.Unlock()
	return true
}

func (p *phone) forget(ref string) {
	p.mu.Lock()
	delete(p.pending, ref)
	p.mu.Unlock()
}

// answer sends one answer and waits for its ack.
func (p *phone) answer(ctx context.Context, value any) bool {
	req, err := p.send(value)
	if err != nil {
		return false
	}
	return p.wait(ctx, req)
}

// closeLink ends a link on purpose.
func (p *phone) closeLink(l *link) {
	l.closing.Store(true)
	_ = l.conn.Close()
}

// drop ends the phone's current connection as a lost network would: no
// close frame, just gone. It is used by the churn scenario.
func (p *phone) drop() {
	p.mu.Lock()
	l := p.link
	p.link = nil
	p.mu.Unlock()
	if l != nil {
		p.closeLink(l)
		<-l.done
	}
}

// online reports whether the phone has a connection that is still open.
func (p *phone) online() bool {
	p.mu.Lock()
	l := p.link
	p.mu.Unlock()
	if l == nil {
		return false
	}
	select {
	case <-l.done:
		return false
	default:
		return true
	}
}

// close ends the phone at the end of the run.
func (p *phone) close() {
	p.mu.Lock()
	l := p.link
	p.mu.Unlock()
	if l != nil {
		p.closeLink(l)
	}
}

// dropReason names why the server side ended a connection.
func dropReason(err error) string {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return fmt.Sprintf("close_%d", ce.Code)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "eof"
	}
	return classify(err)
}
