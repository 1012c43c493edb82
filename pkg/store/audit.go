package store

import "context"

// AuditLog keeps each session's audit log, kept with the session
// (DeleteSession removes it), and the organisation's log of deleted
// sessions. The engines implement it in members_*.go.
type AuditLog interface {
	// AppendAudit adds an event to a session's log, or returns ErrNotFound.
	AppendAudit(ctx context.Context, sessionID string, e AuditEvent) error
	// Audit returns a session's log, oldest first.
	Audit(ctx context.Context, sessionID string) ([]AuditEvent, error)
	// AppendDeletion adds an event to the organisation's log of deleted
	// sessions, which outlives them; DeletionLog returns it, oldest first.
	AppendDeletion(ctx context.Context, e AuditEvent) error
	DeletionLog(ctx context.Context) ([]AuditEvent, error)
}
