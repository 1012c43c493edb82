package store

import "context"

// NoticeKind says what changed in a session.
type NoticeKind string

// Notice kinds.
const (
	// NoticeState: questions or state changed; push the question at once.
	NoticeState NoticeKind = "state"
	// NoticeAnswers: answers or participants changed; refresh results (coalesced).
	NoticeAnswers NoticeKind = "answers"
	// NoticeGroups: the room was split into groups; tell each phone its group.
	NoticeGroups NoticeKind = "groups"
	// NoticeDeleted: the session was deleted; tell and close its connections.
	NoticeDeleted NoticeKind = "deleted"
)

// Notice tells every node that a session changed. It carries no data that
// the store does not hold: a lost notice delays a screen, never loses a vote.
type Notice struct {
	SessionID string     `json:"s"`
	Kind      NoticeKind `json:"k"`
	Seq       uint64     `json:"n"`
}

// Broker carries notices between nodes.
type Broker interface {
	// Publish sends a notice to every subscriber of its session, on every node.
	Publish(ctx context.Context, n Notice) error
	// Subscribe calls fn for each notice of a session until the returned
	// function is called. fn must not block.
	Subscribe(ctx context.Context, sessionID string, fn func(Notice)) (unsubscribe func(), err error)
	// Close stops delivery.
	Close() error
}
