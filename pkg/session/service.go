// Package session is Ting's session service: it creates sessions and
// questions, moves the room from question to question, takes answers from
// phones, and keeps every node's hub rooms in step with the store through
// the Broker.
package session

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// Languages a session may be held in.
var Languages = []string{"sv", "nb", "da", "en"}

// Limits on what a facilitator may create (the quotas are poll's) and on a
// participant's nickname.
const (
	MaxTitleLen = poll.MaxTitleLen
	MaxNameLen  = 40
)

// Config sets up a Service.
type Config struct {
	Store   store.Engine
	Broker  store.Broker
	Logger  *slog.Logger
	Metrics prometheus.Registerer
	// Hub configures this node's hub; its Refresh and Metrics are set by the Service.
	Hub hub.Config
	// Counters keep the join limits' counts (the engine's: in Redis for
	// every node); nil counts in this process.
	Counters store.Counters
	// Joins bounds joins across connections; zero values take defaults.
	Joins JoinLimits
	// RateBurst and RatePerSecond limit each participant's messages.
	RateBurst     int
	RatePerSecond float64
	// Retention is how long a session and its answers are kept after it is
	// created (default DefaultRetention); negative keeps sessions until
	// they are deleted by hand.
	Retention time.Duration
	// SweepInterval is how often expired sessions are looked for (default a minute).
	SweepInterval time.Duration
	// PresenceInterval is how often each node records its connected phones
	// in the store (default DefaultPresenceInterval); a phone silent for
	// three intervals no longer counts as connected when groups are made.
	PresenceInterval time.Duration
}

// DefaultRetention is how long sessions are kept when Config sets nothing.
const DefaultRetention = 90 * 24 * time.Hour

// Service runs sessions on this node.
type Service struct {
	store   store.Engine
	broker  store.Broker
	hub     *hub.Hub
	log     *slog.Logger
	metrics *metrics
	limits  *limiter
	joins   *joinGuard

	retention time.Duration
	sweeper   *sweeper
	presence  *presence

	mu   sync.Mutex
	live map[string]*liveSession

	// edits serialises this node's changes that read a question and write
	// it back whole (edit, moderation), so that two at once (the laptop and
	// the big screen hiding two words) do not lose one.
	edits sync.Mutex
}

// New returns a Service and the hub it feeds.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Service{
		store:   cfg.Store,
		broker:  cfg.Broker,
		log:     cfg.Logger,
		metrics: newMetrics(cfg.Metrics),
		limits:  newLimiter(cfg.RateBurst, cfg.RatePerSecond),
		joins:   &joinGuard{counters: cfg.Counters, lim: cfg.Joins.withDefaults()},
		live:    map[string]*liveSession{},
	}
	if s.joins.counters == nil {
		s.joins.counters = store.NewMemoryCounters()
	}
	switch {
	case cfg.Retention == 0:
		s.retention = DefaultRetention
	case cfg.Retention > 0:
		s.retention = cfg.Retention
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = time.Minute
	}
	hc := cfg.Hub
	hc.Refresh = s.refresh
	hc.Metrics = hub.NewMetrics(cfg.Metrics)
	hc.Logger = cfg.Logger
	s.hub = hub.New(hc)
	s.sweeper = s.startSweeper(cfg.SweepInterval)
	if cfg.PresenceInterval <= 0 {
		cfg.PresenceInterval = DefaultPresenceInterval
	}
	s.presence = s.startPresence(cfg.PresenceInterval)
	return s
}

// Hub returns the service's hub.
func (s *Service) Hub() *hub.Hub { return s.hub }

// Store returns the service's store.
func (s *Service) Store() store.Engine { return s.store }

// Shutdown closes every connection and stops the rate limiter's sweeper.
func (s *Service) Shutdown(ctx context.Context) error {
	s.sweeper.stop()
	s.presence.stop()
	err := s.hub.Shutdown(ctx)
	s.limits.stop()
	return err
}

// Created is a new session.
type Created struct {
	Session *model.Session
}

// NewSession is what a facilitator asks for in a new session.
type NewSession struct {
	Title    string
	Language string
	// Pace is model.PaceLive or model.PaceAudience (self-paced).
	Pace string
	// MinSegment is the fewest participants a segment or group shows; 0: the default.
	MinSegment int
	// MaxParticipants caps the participants; 0: model.DefaultMaxParticipants.
	MaxParticipants int
	// TokenHash is the hash of the facilitator token the edge made for the
	// session (pkg/auth); the token itself never reaches the service.
	TokenHash []byte
	// CopyOf, when set, is the id of an earlier session whose questions the
	// new one starts with; Open, which the edge made, returns it if the
	// caller may read it.
	CopyOf string
	Open   Opener
	// Programme, when set, makes the session one of that programme's: it
	// starts with copies of the questions of the programme's most recent
	// session (none for the first). The caller has checked access to it.
	Programme string
	// Questions, when set, are the questions the session starts with (a
	// question set of the library, checked when it was saved); each gets
	// a new id.
	Questions []poll.Question
	// ClosesAt, when set, closes every answer from then on.
	ClosesAt time.Time
}

// MaxMinSegment bounds a session's MinSegment.
const MaxMinSegment = 1000

// CreateSession makes a new session.
func (s *Service) CreateSession(ctx context.Context, ns NewSession) (Created, error) {
	if strings.TrimSpace(ns.Title) == "" {
		return Created{}, invalid("title is required")
	}
	title, err := poll.CleanLabel(ns.Title, MaxTitleLen, poll.QuotaTitleLen, "title")
	if err != nil {
		return Created{}, checkError(err)
	}
	language := ns.Language
	if language == "" {
		language = "sv"
	}
	if !knownLanguage(language) {
		return Created{}, invalid("language must be one of %s", strings.Join(Languages, ", "))
	}
	if ns.Pace != model.PaceLive && ns.Pace != model.PaceAudience && ns.Pace != "live" {
		return Created{}, invalid("pace must be live or audience")
	}
	if ns.MinSegment < 0 || ns.MinSegment > MaxMinSegment {
		return Created{}, invalid("minSegment must be from 1 to %d", MaxMinSegment)
	}
	if err := checkMaxParticipants(ns.MaxParticipants); err != nil {
		return Created{}, err
	}
	now := time.Now().UTC()
	sess := &model.Session{
		ID:              uuid.NewString(),
		Title:           title,
		Language:        language,
		TokenHash:       slices.Clone(ns.TokenHash),
		CreatedAt:       now,
		MinSegment:      ns.MinSegment,
		ClosesAt:        ns.ClosesAt.UTC().Truncate(time.Millisecond),
		MaxParticipants: ns.MaxParticipants,
		LinkKey:         newLinkKey(),
	}
	if ns.Pace == model.PaceAudience {
		sess.Pace = model.PaceAudience
	}
	if s.retention > 0 {
		sess.ExpiresAt = now.Add(s.retention)
	}
	if ns.CopyOf != "" && ns.Programme != "" {
		return Created{}, invalid("give either copyOf or programme, not both")
	}
	if ns.CopyOf != "" {
		src, err := open(ctx, ns.Open, ns.CopyOf)
		if err != nil {
			return Created{}, sourceError(err)
		}
		if sess.Questions, err = copyQuestions(src.Questions); err != nil {
			return Created{}, err
		}
	}
	if ns.Questions != nil && ns.CopyOf != "" {
		return Created{}, invalid("give either copyOf or questionSet, not both")
	}
	var prog model.Programme
	if ns.Programme != "" {
		if prog, err = s.Programme(ctx, ns.Programme); err != nil {
			return Created{}, err
		}
		sess.Programme = prog.ID
		if sess.Questions, err = s.programmeQuestions(ctx, prog); err != nil {
			return Created{}, err
		}
		if ns.Questions != nil && len(prog.Sessions) > 0 {
			return Created{}, invalid("questionSet: only a programme's first session starts from a question set; the later ones copy the one before")
		}
	}
	if ns.Questions != nil {
		if len(ns.Questions) > poll.MaxQuestions {
			return Created{}, poll.OverLimit(poll.QuotaQuestions, poll.MaxQuestions, "the question set has %d questions, more than a session may hold", len(ns.Questions))
		}
		for _, q := range ns.Questions {
			q.ID, q.Origin, q.Moderation = uuid.NewString(), "", nil
			sess.Questions = append(sess.Questions, q)
		}
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return Created{}, fmt.Errorf("session: create: %w", err)
	}
	if ns.Programme != "" {
		if err := s.store.AddProgrammeSession(ctx, prog.ID, sess.ID); err != nil {
			_ = s.store.DeleteSession(ctx, sess.ID)
			if errors.Is(err, store.ErrNotFound) {
				return Created{}, ErrNoProgramme
			}
			return Created{}, fmt.Errorf("session: add to programme: %w", err)
		}
		if err := s.keepProgrammeGroups(ctx, prog, sess.ID); err != nil {
			// The session is made; the facilitator can split the programme again.
			s.log.Warn("session: keep the programme's groups", "programme", prog.ID, "session", sess.ID, "err", err)
		}
	}
	return Created{Session: sess}, nil
}

// Opener returns the session id names if the caller may read it, else
// ErrUnauthorized (no credential for it), ErrForbidden (a credential of
// another session) or store.ErrNotFound. The edge makes one per request
// from the caller's credentials (a role, a facilitator token); the service
// never checks a credential itself.
type Opener func(ctx context.Context, id string) (*model.Session, error)

// open returns the session id names through o; without an Opener the
// caller may read no other session.
func open(ctx context.Context, o Opener, id string) (*model.Session, error) {
	if o == nil {
		return nil, ErrUnauthorized
	}
	return o(ctx, id)
}

// AddQuestion checks q, gives it an id and appends it to the session.
func (s *Service) AddQuestion(ctx context.Context, sessionID string, q poll.Question) (poll.Question, error) {
	if q.Language == "" { // a word cloud's stop words and stems follow the session
		sess, err := s.store.Session(ctx, sessionID)
		if err != nil {
			return poll.Question{}, fmt.Errorf("session: add question: %w", err)
		}
		q.Language = sess.Language
	}
	if err := poll.Check(&q); err != nil {
		return poll.Question{}, checkError(err)
	}
	q.ID = uuid.NewString()
	seq, err := s.store.AddQuestion(ctx, sessionID, q)
	if errors.Is(err, store.ErrQuestionLimit) {
		return poll.Question{}, poll.OverLimit(poll.QuotaQuestions, poll.MaxQuestions, "the session has as many questions as it may hold")
	}
	if err != nil {
		return poll.Question{}, fmt.Errorf("session: add question: %w", err)
	}
	s.notify(ctx, sessionID, store.NoticeState, seq)
	return q, nil
}

// StateChange is what a facilitator changes about what the room sees; nil
// fields stay as they are.
type StateChange struct {
	// QuestionID makes a question current ("" shows none). A question made
	// current starts its clock; a quiz starts its countdown.
	QuestionID     *string
	ResultsVisible *bool
	// Locked closes or opens answers; opening also ends a countdown.
	Locked *bool
	// Countdown closes answers after this many seconds; 0 stops a countdown.
	Countdown *int
	// SegmentBy splits the big screen's results by the options of a choice
	// question of the session; "" shows them unsplit.
	SegmentBy *string
	// JoinsClosed closes the session for new participants (true) or opens it.
	JoinsClosed *bool
}

// MaxCountdown is the longest countdown, in seconds.
const MaxCountdown = 3600

// UpdateState changes what the room sees and pushes it to every phone at once.
func (s *Service) UpdateState(ctx context.Context, sess *model.Session, ch StateChange) (model.State, error) {
	now := time.Now().UTC()
	p := model.StatePatch{QuestionID: ch.QuestionID, ResultsVisible: ch.ResultsVisible, Locked: ch.Locked, SegmentBy: ch.SegmentBy, JoinsClosed: ch.JoinsClosed}
	if ch.SegmentBy != nil && *ch.SegmentBy != "" {
		if q := sess.Question(*ch.SegmentBy); q == nil || q.Type != "choice" {
			return model.State{}, invalid("segmentBy must be a choice question of this session, or null")
		}
	}
	noDeadline := time.Time{}
	if ch.QuestionID != nil && *ch.QuestionID != sess.State.QuestionID {
		p.OpenedAt, p.Deadline = &now, &noDeadline
		if q := sess.Question(*ch.QuestionID); q != nil && q.Seconds > 0 {
			end := now.Add(time.Duration(q.Seconds) * time.Second)
			p.Deadline = &end
		}
	}
	if ch.Locked != nil && !*ch.Locked {
		p.Deadline = &noDeadline
	}
	if ch.Countdown != nil {
		switch n := *ch.Countdown; {
		case n < 0 || n > MaxCountdown:
			return model.State{}, invalid("countdown must be from 0 to %d seconds", MaxCountdown)
		case n == 0:
			p.Deadline = &noDeadline
		default:
			end := now.Add(time.Duration(n) * time.Second)
			p.Deadline = &end
		}
	}
	st, seq, err := s.store.UpdateState(ctx, sess.ID, p)
	if err != nil {
		return model.State{}, fmt.Errorf("session: update state: %w", err)
	}
	s.notify(ctx, sess.ID, store.NoticeState, seq)
	return st, nil
}

// notify publishes a notice. A lost notice only delays a screen, so a
// failure is logged, not returned.
func (s *Service) notify(ctx context.Context, sessionID string, kind store.NoticeKind, seq uint64) {
	if err := s.broker.Publish(ctx, store.Notice{SessionID: sessionID, Kind: kind, Seq: seq}); err != nil {
		s.log.Warn("session: publish notice", "session", sessionID, "err", err)
	}
}

func knownLanguage(l string) bool {
	for _, k := range Languages {
		if k == l {
			return true
		}
	}
	return false
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("session: random source failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
