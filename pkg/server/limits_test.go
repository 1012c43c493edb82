package server_test

import (
	"testing"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/wordcloud"
)

// The pages read the limits the server enforces from one table, without a
// token; its numbers are pkg/poll's and the session's.
func TestLimitsTable(t *testing.T) {
	n := startNode(t, "embedded", "")
	var got map[string]int
	if code := call(t, "GET", n.URL+"/api/v1/limits", "", nil, &got); code != 200 {
		t.Fatalf("GET /api/v1/limits: %d", code)
	}
	for key, want := range map[string]int{
		"entryLen":          wordcloud.MaxLen,
		"openLen":           poll.MaxOpenLen,
		"askLen":            poll.MaxAskLen,
		"minSeconds":        poll.MinSeconds,
		"maxSeconds":        poll.MaxSeconds,
		"defaultSeconds":    poll.DefaultSeconds,
		"maxEntries":        poll.MaxMaxEntries,
		"defaultMaxEntries": poll.DefaultMaxEntries,
		"maxWords":          poll.MaxMaxWords,
		"defaultMaxWords":   poll.DefaultMaxWords,
		"scaleMin":          poll.DefaultScaleMin,
		"scaleMax":          poll.DefaultScaleMax,
		"scaleSteps":        poll.MaxScaleSteps,
		"countdown":         session.MaxCountdown,
		"titleLen":          session.MaxTitleLen,
		"questions":         poll.MaxQuestions,
		"cloudWords":        poll.MaxCloudWords,
		"nameLen":           session.MaxNameLen,
		"minSegment":        session.MaxMinSegment,
		"groups":            session.MaxGroups,
		"promptLen":         poll.MaxPromptLen,
	} {
		if v, ok := got[key]; !ok || v != want {
			t.Errorf("%s = %d (present %v), want %d", key, v, ok, want)
		}
	}

	// A limit in the table is the one the server enforces: an open answer
	// one character over openLen is refused.
	f := newSession(t, n)
	qid := f.question(map[string]any{"type": "open", "prompt": "Vad?"})
	f.state(map[string]any{"questionId": qid})
	c := dial(t, n)
	c.join(f.s.Code, "")
	long := make([]byte, got["openLen"]+1)
	for i := range long {
		long[i] = 'a'
	}
	if m := c.answer("r1", qid, string(long)); m["type"] != "error" {
		t.Errorf("an answer of openLen+1 characters: %v, want an error", m)
	}
	if m := c.answer("r2", qid, string(long[:got["openLen"]])); m["type"] != "ack" {
		t.Errorf("an answer of openLen characters: %v, want an ack", m)
	}
}
