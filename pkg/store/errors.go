package store

import "errors"

var (
	// ErrNotFound: no session, code or participant matches.
	ErrNotFound = errors.New("store: not found")
	// ErrNoQuestion: the question is not one of the session's.
	ErrNoQuestion = errors.New("store: no such question")
	// ErrNotCurrent: an answer is for a question that is not the current one.
	ErrNotCurrent = errors.New("store: question is not current")
	// ErrLocked: the session is locked; answers are refused.
	ErrLocked = errors.New("store: locked")
	// ErrQuestionLimit: the session holds poll.MaxQuestions questions already.
	ErrQuestionLimit = errors.New("store: session has its most questions")
	// ErrFull: the session has as many participants as its cap; a new one is refused.
	ErrFull = errors.New("store: session is full")
	// ErrUnavailable wraps failures of the store's backend (a lost Redis, a full disk).
	ErrUnavailable = errors.New("store: unavailable")
)
