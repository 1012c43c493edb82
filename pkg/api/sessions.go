package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
)

type createSessionRequest struct {
	Title    string `json:"title"`
	Language string `json:"language"`
	// Pace is "live" (default) or "audience" (self-paced).
	Pace       string `json:"pace"`
	MinSegment int    `json:"minSegment"`
	// MaxParticipants caps the participants (0: the default).
	MaxParticipants int `json:"maxParticipants"`
	// CopyOf starts the session with an earlier one's questions; its token
	// comes in the X-Source-Token header.
	CopyOf string `json:"copyOf"`
	// Programme makes the session one of a programme's; the programme's
	// facilitator token comes in the X-Source-Token header.
	Programme string `json:"programme"`
	// QuestionSet starts the session with the questions of a question set
	// of the caller's library.
	QuestionSet string `json:"questionSet"`
	// ClosesAt (RFC 3339) closes every answer from then on.
	ClosesAt json.RawMessage `json:"closesAt"`
}

// sourceTokenHeader carries the facilitator token of another session (the
// original of a copy, the other run of a comparison).
const sourceTokenHeader = "X-Source-Token"

type createSessionResponse struct {
	ID               string     `json:"id"`
	Code             string     `json:"code"`
	FacilitatorToken string     `json:"facilitatorToken"`
	JoinURL          string     `json:"joinUrl"`
	PresentURL       string     `json:"presentUrl"`
	Pace             string     `json:"pace"`
	MinSegment       int        `json:"minSegment"`
	MaxParticipants  int        `json:"maxParticipants"`
	ExpiresAt        *time.Time `json:"expiresAt,omitempty"`
	ClosesAt         *time.Time `json:"closesAt"`
	Questions        int        `json:"questions"`
}

// sessionView is a session as the facilitator sees it.
type sessionView struct {
	ID         string          `json:"id"`
	Code       string          `json:"code"`
	Title      string          `json:"title"`
	Language   string          `json:"language"`
	CreatedAt  time.Time       `json:"createdAt"`
	Questions  []poll.Question `json:"questions"`
	State      stateView       `json:"state"`
	Seq        uint64          `json:"seq"`
	JoinURL    string          `json:"joinUrl"`
	PresentURL string          `json:"presentUrl"`
	Pace       string          `json:"pace"`
	MinSegment int             `json:"minSegment"`
	// MaxParticipants is the session's participant cap (the default when it set none).
	MaxParticipants int        `json:"maxParticipants"`
	ExpiresAt       *time.Time `json:"expiresAt,omitempty"`
	// ClosesAt is when the session stops taking answers, or null.
	ClosesAt *time.Time `json:"closesAt"`
	// Role is the caller's: owner, cofacilitator or viewer (the facilitator token: owner).
	Role string `json:"role"`
}

func paceName(p string) string {
	if p == model.PaceAudience {
		return p
	}
	return "live"
}

func closing(s *model.Session) *time.Time {
	if s.ClosesAt.IsZero() {
		return nil
	}
	t := s.ClosesAt
	return &t
}

func expiry(s *model.Session) *time.Time {
	if s.ExpiresAt.IsZero() {
		return nil
	}
	t := s.ExpiresAt
	return &t
}

// stateView shows an empty question id as null, and locked as the room
// sees it: closed by hand or by a countdown that reached zero.
type stateView struct {
	QuestionID     *string    `json:"questionId"`
	ResultsVisible bool       `json:"resultsVisible"`
	Locked         bool       `json:"locked"`
	Deadline       *time.Time `json:"deadline,omitempty"`
	RemainingMs    int64      `json:"remainingMs,omitempty"`
	// SegmentBy is the choice question the big screen splits results by, or null.
	SegmentBy *string `json:"segmentBy"`
	// JoinsClosed: the session takes no new participants.
	JoinsClosed bool `json:"joinsClosed"`
}

func viewState(sess *model.Session) stateView {
	now, s := time.Now(), sess.State
	v := stateView{ResultsVisible: s.ResultsVisible, Locked: sess.Closed(now), JoinsClosed: s.JoinsClosed}
	if s.QuestionID != "" {
		id := s.QuestionID
		v.QuestionID = &id
	}
	if s.SegmentBy != "" {
		by := s.SegmentBy
		v.SegmentBy = &by
	}
	if !s.Deadline.IsZero() {
		d := s.Deadline
		v.Deadline = &d
		if !v.Locked {
			v.RemainingMs = d.Sub(now).Milliseconds()
		}
	}
	return v
}

func (a *api) createSession(c *echo.Context) error {
	var req createSessionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	var closes time.Time
	if req.ClosesAt != nil {
		var err error
		if closes, err = parseClosesAt(req.ClosesAt); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	source := strings.TrimSpace(c.Request().Header.Get(sourceTokenHeader))
	if req.Programme != "" {
		if err := a.programmeRunnable(c, req.Programme, source); err != nil {
			return err
		}
	}
	var questions []poll.Question
	if req.QuestionSet != "" {
		qs, err := a.ownSet(c, req.QuestionSet)
		if err != nil {
			return err
		}
		questions = qs.Questions
		if questions == nil {
			questions = []poll.Question{}
		}
	}
	// A copy, a programme's session and a question set's import are
	// creations too: they count against the same quotas.
	if err := a.auth.MayCreate(ctx, currentCaller(c)); err != nil {
		return err
	}
	token, hash := auth.NewSessionToken()
	created, err := a.svc.CreateSession(ctx, session.NewSession{
		TokenHash: hash,
		Questions: questions,
		ClosesAt:  closes,
		Title:     req.Title, Language: req.Language, Pace: req.Pace, MinSegment: req.MinSegment, MaxParticipants: req.MaxParticipants,
		CopyOf: req.CopyOf, Open: a.opener(c), Programme: req.Programme,
	})
	if err != nil {
		return err
	}
	// The creator owns it. Should that fail, the session must not stay
	// behind without an owner.
	if err := a.auth.Created(ctx, currentCaller(c), created.Session.ID); err != nil {
		_ = a.svc.DeleteSession(context.WithoutCancel(ctx), created.Session.ID)
		return err
	}
	base := a.baseURL(c)
	s := created.Session
	return c.JSON(http.StatusCreated, createSessionResponse{
		ID:               s.ID,
		Code:             s.Code,
		FacilitatorToken: token,
		JoinURL:          joinURL(base, s.Code, s.LinkKey),
		PresentURL:       presentURL(base, s.ID, token),
		Pace:             paceName(s.Pace),
		MinSegment:       s.Threshold(),
		MaxParticipants:  s.Cap(),
		ExpiresAt:        expiry(s),
		ClosesAt:         closing(s),
		Questions:        len(s.Questions),
	})
}

func (a *api) getSession(c *echo.Context) error {
	s := currentSession(c)
	qs := s.Questions
	if qs == nil {
		qs = []poll.Question{}
	}
	base := a.baseURL(c)
	return c.JSON(http.StatusOK, sessionView{
		ID: s.ID, Code: s.Code, Title: s.Title, Language: s.Language, CreatedAt: s.CreatedAt,
		Questions: qs, State: viewState(s), Seq: s.Seq,
		JoinURL: joinURL(base, s.Code, s.LinkKey), PresentURL: a.presentURLFor(c, base, s.ID),
		Pace: paceName(s.Pace), MinSegment: s.Threshold(), MaxParticipants: s.Cap(), ExpiresAt: expiry(s),
		ClosesAt: closing(s), Role: currentAccess(c).Role,
	})
}

// joinURL opens the phone page of a session: its code and, when it has
// one, its link key (k), which lets the phone past a guesser's spent
// budget of failed lookups. The address people type carries no key.
func joinURL(base, code, key string) string {
	if key == "" {
		return base + "/?code=" + code
	}
	return base + "/?code=" + code + "&k=" + url.QueryEscape(key)
}

// presentURL opens the big screen; the token rides in the fragment, which
// browsers never send to a server.
func presentURL(base, id, token string) string {
	return base + "/screen#s=" + url.QueryEscape(id) + "&t=" + url.QueryEscape(token)
}

// presentURLFor is the big screen's address for this caller: with the
// session's token when the caller sent it; else without one, for the
// signed-in browser presents with its cookie (an API key or the owner key
// never goes into a URL).
func (a *api) presentURLFor(c *echo.Context, base, id string) string {
	if currentAccess(c).Token {
		return presentURL(base, id, bearer(c))
	}
	return base + "/screen#s=" + url.QueryEscape(id)
}

// baseURL is the configured public address, or the one the request came to.
func (a *api) baseURL(c *echo.Context) string {
	if a.cfg.PublicURL != "" {
		return a.cfg.PublicURL
	}
	return c.Scheme() + "://" + c.Request().Host
}
