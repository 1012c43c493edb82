package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/store"
)

// requestTimeout bounds the store work behind one client message.
const requestTimeout = 5 * time.Second

// client is one WebSocket connection's state: a phone or a big screen.
type client struct {
	s           *Service
	key         string // rate-limit key of the connection
	addr        string // the client's AddressKey, for the join limits
	ls          *liveSession
	role        hub.Audience
	participant model.Participant
	// presenter decides which sessions the connection may present.
	presenter Presenter
}

// Presenter returns the session a present frame names if the connection
// may show it on a big screen: token is the frame's facilitator token ("" if
// none), which the Presenter checks, as it checks the role of a signed-in
// facilitator (the connection's login cookie). Its errors are an Opener's.
// The HTTP edge makes it for each connection; the service never checks a
// credential itself.
type Presenter func(ctx context.Context, sessionID, token string) (*model.Session, error)

// NewClient returns the handler for one new WebSocket connection from addr
// (the client's IP address, for the limits on joins across connections);
// p authorises its present frames (nil: none may present).
func (s *Service) NewClient(addr string, p Presenter) hub.Handler {
	return &client{s: s, key: "conn:" + uuid.NewString(), addr: AddressKey(addr), presenter: p}
}

// HandleMessage implements hub.Handler.
func (cl *client) HandleMessage(c *hub.Conn, data []byte) {
	// Every frame counts against the limit, broken ones too: a flood of
	// garbage gets no more answers than a flood of answers.
	in, err := protocol.Decode(data)
	if !cl.allow() {
		cl.fail(c, in.Ref, protocol.CodeRateLimited, "too many messages; wait a moment and try again")
		return
	}
	if err != nil {
		cl.fail(c, "", protocol.CodeBadRequest, "the message is not a JSON object with a type")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	switch in.Type {
	case protocol.TypeJoin:
		cl.join(ctx, c, in)
	case protocol.TypePresent:
		cl.present(ctx, c, in)
	case protocol.TypeAnswer:
		cl.answer(ctx, c, in)
	case protocol.TypePing:
		c.Send(protocol.Encode(map[string]string{"type": protocol.TypePong}))
	default:
		cl.fail(c, in.Ref, protocol.CodeUnknownType, fmt.Sprintf("unknown message type %q", in.Type))
	}
}

// HandleTooLarge implements hub.Handler.
func (cl *client) HandleTooLarge(c *hub.Conn) {
	if !cl.allow() {
		cl.fail(c, "", protocol.CodeRateLimited, "too many messages; wait a moment and try again")
		return
	}
	cl.fail(c, "", protocol.CodeTooLarge, fmt.Sprintf("the message is larger than %d bytes", hub.SoftLimit))
}

// HandleOther implements hub.FrameLimiter: binary frames and pings count
// against the limit like every frame. A binary frame is answered with an
// error; a ping over the limit gets no pong.
func (cl *client) HandleOther(c *hub.Conn, ping bool) bool {
	if !cl.allow() {
		if !ping {
			cl.fail(c, "", protocol.CodeRateLimited, "too many messages; wait a moment and try again")
		}
		return false
	}
	if !ping {
		cl.fail(c, "", protocol.CodeBadRequest, "binary frames are not accepted; send JSON text frames")
	}
	return true
}

// HandleClose implements hub.Handler.
func (cl *client) HandleClose(c *hub.Conn) {
	if cl.ls != nil {
		cl.ls.dropPhone(c)
		cl.s.release(cl.ls)
		cl.ls = nil
	}
}

// allow takes one message from the connection's bucket and, once joined,
// from the participant's: a participant does not get a fresh limit by
// reconnecting, nor a connection by joining again as someone new.
func (cl *client) allow() bool {
	ok := cl.s.limits.allow(cl.key)
	if cl.participant.ID != "" {
		ok = cl.s.limits.allow("p:"+cl.participant.ID) && ok
	}
	return ok
}

func (cl *client) fail(c *hub.Conn, ref string, code protocol.Code, msg string) {
	c.Send(protocol.Encode(protocol.Error{Type: protocol.TypeError, Ref: ref, Code: code, Message: msg}))
}

// storeFail tells the client of an error of the store or the service, as
// the table of failures says; what the table leaves to its fallback is logged.
func (cl *client) storeFail(c *hub.Conn, ref string, err error) {
	code, msg := WireFailure(err)
	if code == protocol.CodeUnavailable {
		cl.s.log.Error("session: client request", "err", err)
	}
	cl.fail(c, ref, code, msg)
}

// joinFail reports a refused join with the fitting code.
func (cl *client) joinFail(c *hub.Conn, ref string, err error) {
	switch {
	case errors.Is(err, ErrRateLimited):
		cl.s.metrics.joinsRefused.WithLabelValues(string(protocol.CodeRateLimited)).Inc()
		cl.fail(c, ref, protocol.CodeRateLimited, "too many joins from here; wait a minute and try again")
	case errors.Is(err, ErrSessionFull):
		cl.s.metrics.joinsRefused.WithLabelValues(string(protocol.CodeSessionFull)).Inc()
		cl.fail(c, ref, protocol.CodeSessionFull, "the session has as many participants as it takes")
	case errors.Is(err, ErrJoinsClosed):
		cl.s.metrics.joinsRefused.WithLabelValues(string(protocol.CodeJoinsClosed)).Inc()
		cl.fail(c, ref, protocol.CodeJoinsClosed, "the session takes no new participants now")
	case errors.Is(err, store.ErrNotFound):
		cl.s.metrics.joinsRefused.WithLabelValues(string(protocol.CodeUnknownSession)).Inc()
		cl.storeFail(c, ref, err)
	default:
		cl.storeFail(c, ref, err)
	}
}

// enter attaches the connection to a live session's room, leaving any earlier one.
func (cl *client) enter(ctx context.Context, c *hub.Conn, id string, role hub.Audience) error {
	ls, err := cl.s.acquire(ctx, id)
	if err != nil {
		return err
	}
	if cl.ls != nil {
		cl.ls.dropPhone(c)
		cl.s.release(cl.ls)
	}
	cl.ls, cl.role = ls, role
	c.Join(id, role)
	return nil
}

func (cl *client) join(ctx context.Context, c *hub.Conn, in protocol.Inbound) {
	code := strings.TrimSpace(in.Code)
	if code == "" {
		cl.fail(c, in.Ref, protocol.CodeBadRequest, "a join needs the session code")
		return
	}
	// While the failed lookups of this address or of the node are spent,
	// only a participant's own token or the session's link key (its join
	// link, its QR code) gets in: a right code and a wrong one then get
	// the same answer, and so do a right code with a wrong key and a
	// wrong code with any.
	spent, err := cl.s.joins.lookupsSpent(ctx, cl.addr)
	if err != nil {
		cl.storeFail(c, in.Ref, err)
		return
	}
	id, err := cl.s.store.SessionIDByCode(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		if cl.lookupFailed(ctx, spent) {
			err = ErrRateLimited
		}
		cl.joinFail(c, in.Ref, err)
		return
	}
	if err != nil {
		cl.storeFail(c, in.Ref, err)
		return
	}
	sess, err := cl.s.store.Session(ctx, id)
	if err != nil {
		cl.storeFail(c, in.Ref, err)
		return
	}
	if spent && in.Key != "" {
		if linkKeyMatches(sess, in.Key) {
			spent = false // caps, closed joins and the new-participant limit still hold
		} else {
			cl.lookupFailed(ctx, spent) // a miss of code and key together
		}
	}
	p, err := cl.s.participant(ctx, sess, in.Token, in.Name, cl.addr, spent)
	if err != nil {
		cl.joinFail(c, in.Ref, err)
		return
	}
	if err := cl.enter(ctx, c, id, hub.Phones); err != nil {
		cl.storeFail(c, in.Ref, err)
		return
	}
	cl.participant = p
	cl.ls.addPhone(c, p.ID)
	if err := cl.s.store.Touch(ctx, id, []string{p.ID}, time.Now()); err != nil {
		cl.s.log.Debug("session: touch phone", "session", id, "err", err)
	}
	cl.s.metrics.joins.Inc()
	c.Send(protocol.Encode(protocol.Welcome{
		Type:    protocol.TypeWelcome,
		Token:   p.Token,
		Session: protocol.SessionInfo{ID: sess.ID, Title: sess.Title, Language: sess.Language, Programme: sess.Programme},
	}))
	cl.snapshot(ctx, c, sess)
	if gs, err := cl.s.store.Groups(ctx, sess.ID); err != nil {
		cl.s.log.Warn("session: snapshot group", "session", sess.ID, "err", err)
	} else if g := groupOf(gs, p.ID); g != nil {
		c.Send(groupFrame(g))
	}
}

// lookupFailed counts a failed lookup of the connection's address and
// reports whether it is over a limit.
func (cl *client) lookupFailed(ctx context.Context, spent bool) bool {
	over, err := cl.s.joins.lookupFailed(ctx, cl.addr, spent)
	if err != nil {
		cl.s.log.Warn("session: count a failed lookup", "err", err)
	}
	return over
}

// participant returns the participant of token, charged one message for
// the rejoin, or a new one if the session takes one more from addr. spent
// refuses new ones: the failed code lookups are used up.
func (s *Service) participant(ctx context.Context, sess *model.Session, token, name, addr string, spent bool) (model.Participant, error) {
	if token != "" {
		p, err := s.store.Participant(ctx, sess.ID, token)
		if err == nil {
			if !s.limits.allow("p:" + p.ID) {
				return model.Participant{}, ErrRateLimited
			}
			p.Token = token // the store keeps only its hash
			return p, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return model.Participant{}, err
		}
	}
	var known *model.Participant
	if token != "" && sess.Programme != "" {
		p, err := s.programmeParticipant(ctx, sess, token)
		if err != nil {
			return model.Participant{}, err
		}
		known = p
	}
	switch {
	case spent:
		return model.Participant{}, ErrRateLimited
	case sess.State.JoinsClosed:
		return model.Participant{}, ErrJoinsClosed
	}
	// The store holds the cap, in the add. This early refusal of a full
	// session only spares the add and the address's count of new
	// participants, so a full room does not spend its budget. A participant
	// of the programme is left to the store: kept already (the same phone
	// twice at once), it is not refused.
	if known == nil {
		if n, err := s.store.ParticipantCount(ctx, sess.ID); err != nil {
			return model.Participant{}, err
		} else if n >= int64(sess.Cap()) {
			return model.Participant{}, ErrSessionFull
		}
	}
	if ok, err := s.joins.newParticipant(ctx, addr, sess.ID); err != nil {
		return model.Participant{}, err
	} else if !ok {
		return model.Participant{}, ErrRateLimited
	}
	p := model.Participant{ID: uuid.NewString(), Token: randomToken(24), Name: cleanName(name)}
	if known != nil {
		// The same participant of the programme: its id and token carry over.
		p.ID, p.Token = known.ID, token
		if p.Name == "" {
			p.Name = known.Name
		}
	}
	n, err := s.store.AddParticipant(ctx, sess.ID, p, int64(sess.Cap()))
	if errors.Is(err, store.ErrFull) {
		return model.Participant{}, ErrSessionFull
	}
	if err != nil {
		return model.Participant{}, err
	}
	s.notify(ctx, sess.ID, store.NoticeAnswers, uint64(n))
	return p, nil
}

func cleanName(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	if utf8.RuneCountInString(name) > MaxNameLen {
		name = string([]rune(name)[:MaxNameLen])
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
}

func (cl *client) present(ctx context.Context, c *hub.Conn, in protocol.Inbound) {
	var sess *model.Session
	err := ErrUnauthorized
	if cl.presenter != nil {
		sess, err = cl.presenter(ctx, in.SessionID, in.Token)
	}
	switch {
	case errors.Is(err, store.ErrNotFound): // the screen names a session by id, not by code
		code, _ := WireFailure(err)
		cl.fail(c, in.Ref, code, "no session has that id")
		return
	case err != nil:
		cl.storeFail(c, in.Ref, err)
		return
	}
	if err := cl.enter(ctx, c, sess.ID, hub.Screens); err != nil {
		cl.storeFail(c, in.Ref, err)
		return
	}
	cl.snapshot(ctx, c, sess)
	if n, err := cl.s.store.ParticipantCount(ctx, sess.ID); err == nil {
		c.Send(participantsFrame(n, cl.s.joins.joinRate(ctx, sess.ID)))
	}
	if gs, err := cl.s.store.Groups(ctx, sess.ID); err == nil && len(gs) > 0 {
		c.Send(groupsFrame(gs))
	}
}

// snapshot sends a newly attached connection everything it should see.
func (cl *client) snapshot(ctx context.Context, c *hub.Conn, sess *model.Session) {
	now := time.Now()
	c.Send(questionFrame(sess, now))
	if cl.role == hub.Phones && sess.Pace == model.PaceAudience {
		c.SendPrepared(cl.ls.questionsFrame(sess, now))
	}
	if cl.role == hub.Phones && !sess.State.ResultsVisible {
		return
	}
	var frame []byte
	var err error
	if cl.role == hub.Screens {
		_, frame, err = cl.s.screenFrames(ctx, sess)
	} else {
		frame, err = cl.s.resultsFrame(ctx, sess) // phones never get segments
	}
	if err != nil {
		cl.s.log.Warn("session: snapshot results", "session", sess.ID, "err", err)
		return
	}
	if frame != nil {
		c.Send(frame)
	}
}

func (cl *client) answer(ctx context.Context, c *hub.Conn, in protocol.Inbound) {
	if cl.ls == nil || cl.role != hub.Phones {
		cl.fail(c, in.Ref, protocol.CodeNotJoined, "join a session before answering")
		return
	}
	result := "ok"
	defer func() { cl.s.metrics.answers.WithLabelValues(result).Inc() }()
	q, err := cl.s.question(ctx, cl.ls, in.QuestionID)
	if err != nil {
		result = string(protocol.CodeUnavailable)
		cl.storeFail(c, in.Ref, err)
		return
	}
	if q == nil {
		result = string(protocol.CodeNotCurrent)
		cl.fail(c, in.Ref, protocol.CodeNotCurrent, "that question is not open now")
		return
	}
	now := time.Now().UTC()
	pc, err := cl.s.answerContext(ctx, cl.ls.id, q, cl.participant, now)
	if err != nil {
		result = errorLabel(err)
		cl.storeFail(c, in.Ref, err)
		return
	}
	a, err := poll.Parse(q, in.Value, pc)
	if err != nil {
		result = string(protocol.CodeInvalidAnswer)
		cl.fail(c, in.Ref, protocol.CodeInvalidAnswer, err.Error())
		return
	}
	seq, err := cl.s.store.Record(ctx, cl.ls.id, model.Answer{
		QuestionID:    q.ID,
		ParticipantID: cl.participant.ID,
		Entries:       a.Entries,
		Tally:         a.Tally,
		At:            now,
	})
	if err != nil {
		result = errorLabel(err)
		cl.storeFail(c, in.Ref, err)
		return
	}
	if cc, ok := pc.Cloud.(*cloudCache); ok {
		cc.answered(a.Tally)
	}
	c.Send(protocol.Encode(protocol.Ack{Type: protocol.TypeAck, Ref: in.Ref}))
	cl.s.notify(ctx, cl.ls.id, store.NoticeAnswers, seq)
}

// answerContext gathers what a question type needs besides the value: the
// time since the question opened (quiz points), what a word cloud holds
// (its cap) and the participant's earlier answer (Q&A builds on it, a quiz
// keeps it).
func (s *Service) answerContext(ctx context.Context, sessionID string, q *poll.Question, p model.Participant, now time.Time) (poll.Context, error) {
	pc := poll.Context{ParticipantID: p.ID, Name: p.Name, Now: now}
	if q.Seconds > 0 {
		sess, err := s.store.Session(ctx, sessionID)
		if err != nil {
			return pc, err
		}
		if sess.State.QuestionID == q.ID && !sess.State.OpenedAt.IsZero() {
			pc.Elapsed = now.Sub(sess.State.OpenedAt)
		}
	}
	if q.Type == "wordcloud" {
		c, err := s.cloud(ctx, sessionID, q.ID)
		if err != nil {
			return pc, err
		}
		if c != nil {
			pc.Cloud = c
		}
	}
	if poll.NeedsPrevious(q) {
		prev, err := s.store.Answer(ctx, sessionID, q.ID, p.ID)
		switch {
		case err == nil:
			pc.Previous = prev.Tally
		case !errors.Is(err, store.ErrNotFound):
			return pc, err
		}
	}
	return pc, nil
}

// errorLabel is the result an answer the store refused counts under: the
// code the phone is told.
func errorLabel(err error) string {
	code, _ := WireFailure(err)
	return string(code)
}
