package store

// Engine is one store engine seen by concern. Every method of every part is
// safe for concurrent use; a method that changes a session raises its Seq
// and returns the new value. The engines (MemoryStore, BoltStore,
// RedisStore) fill every part with themselves through their Engine method;
// a consumer that needs one concern takes that part alone.
type Engine struct {
	SessionStore
	QuestionStore
	StateStore
	ParticipantStore
	AnswerStore
	PresenceStore
	GroupStore
	SelectionStore
	Health
	Facilitators
	APIKeys
	Logins
	Members
	AuditLog
	ProgrammeStore
	TallyReader
	QuestionSetStore
}
