package main

import (
	"bytes"
	"testing"

	"github.com/ting-live/ting/pkg/protocol"
)

func TestFrameType(t *testing.T) {
	for _, tc := range []struct{ frame, want string }{
		{`{"type":"question","question":{"id":"q1","type":"choice"}}`, "question"},
		{`{"type":"ack","ref":"p1-1"}`, "ack"},
		{`{"type":""}`, ""},
		{`{"ref":"x"}`, ""},
		{`not json`, ""},
		{`{"type":"unterminated`, ""},
	} {
		if got := frameType([]byte(tc.frame)); got != tc.want {
			t.Errorf("frameType(%s) = %q, want %q", tc.frame, got, tc.want)
		}
	}
}

// TestQuestionIDKeyMatchesTheServersFrame checks the search against a frame
// encoded the way the server encodes it.
func TestQuestionIDKeyMatchesTheServersFrame(t *testing.T) {
	frame := protocol.Encode(protocol.Question{
		Type:     protocol.TypeQuestion,
		Question: map[string]any{"id": "5f0c-q", "type": "choice", "options": []string{"a", "b"}},
	})
	if got := frameType(frame); got != "question" {
		t.Fatalf("frameType = %q of %s", got, frame)
	}
	if !bytes.Contains(frame, questionIDKey("5f0c-q")) {
		t.Errorf("%s does not contain %s", frame, questionIDKey("5f0c-q"))
	}
	results := []byte(`{"type":"results","questionId":"5f0c-q","responses":3}`)
	if bytes.Contains(results, questionIDKey("5f0c-q")) {
		t.Errorf("a results frame's questionId matched the question id key")
	}
}
