package session

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/store"
)

// TestFailures checks what each error of the store and the service tells a
// client on either transport, wrapped as the layers below wrap them.
func TestFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error // the source rows and InvalidError are REST-only: on the wire they are the fallback
		status int   // 0: the table leaves REST to the HTTP layer
		code   protocol.Code
		wire   protocol.Code
	}{
		{"not found", store.ErrNotFound, http.StatusNotFound, protocol.CodeNotFound, protocol.CodeUnknownSession},
		{"no question", store.ErrNoQuestion, http.StatusNotFound, protocol.CodeNotFound, protocol.CodeUnavailable},
		{"not current", store.ErrNotCurrent, 0, "", protocol.CodeNotCurrent},
		{"locked", store.ErrLocked, 0, "", protocol.CodeLocked},
		{"unavailable", store.ErrUnavailable, http.StatusServiceUnavailable, protocol.CodeUnavailable, protocol.CodeUnavailable},
		{"unauthorized", ErrUnauthorized, http.StatusUnauthorized, protocol.CodeUnauthorized, protocol.CodeForbidden},
		{"forbidden", ErrForbidden, http.StatusForbidden, protocol.CodeForbidden, protocol.CodeForbidden},
		{"no group", ErrNoGroup, http.StatusNotFound, protocol.CodeNotFound, protocol.CodeUnavailable},
		{"invalid", invalid("give %s", "x"), http.StatusBadRequest, protocol.CodeBadRequest, protocol.CodeUnavailable},
		{"source unauthorized", sourceError(ErrUnauthorized), http.StatusUnauthorized, protocol.CodeUnauthorized, protocol.CodeUnavailable},
		{"source forbidden", sourceError(ErrForbidden), http.StatusForbidden, protocol.CodeForbidden, protocol.CodeUnavailable},
		{"source not found", sourceError(store.ErrNotFound), http.StatusNotFound, protocol.CodeNotFound, protocol.CodeUnavailable},
		{"size quota", poll.OverLimit(poll.QuotaSessions, 500, "you own 500 sessions"), http.StatusUnprocessableEntity, protocol.CodeLimitReached, protocol.CodeUnavailable},
		{"rate quota", poll.OverRate(poll.QuotaSessionsPerMinute, 30, "too many"), http.StatusTooManyRequests, protocol.CodeLimitReached, protocol.CodeUnavailable},
		{"other", errors.New("disk on fire"), 0, "", protocol.CodeUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := fmt.Errorf("session: doing it: %w", tc.err)
			f, ok := RESTFailure(err)
			if ok != (tc.status != 0) || f.Status != tc.status || f.Code != tc.code {
				t.Errorf("RESTFailure = %d %q (%v), want %d %q", f.Status, f.Code, ok, tc.status, tc.code)
			}
			if ok && f.Message == "" {
				t.Error("REST failure without a message")
			}
			code, msg := WireFailure(err)
			if code != tc.wire || msg == "" {
				t.Errorf("WireFailure = %q %q, want %q with a message", code, msg, tc.wire)
			}
		})
	}
	if f, _ := RESTFailure(sourceError(store.ErrNotFound)); f.Message != "no such source session" {
		t.Errorf("source not found says %q", f.Message)
	}
	if f, _ := RESTFailure(invalid("give minSegment")); f.Message != "give minSegment" {
		t.Errorf("invalid says %q, want its own message", f.Message)
	}
}
