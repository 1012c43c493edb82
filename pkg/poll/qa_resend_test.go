package poll

import "testing"

// A phone whose ask was stored but whose ack was lost sends the same ask
// again after reconnecting: it is one question on the screen, not two.
// A new question of other text is still a new ask.
func TestQAResentAskCountsOnce(t *testing.T) {
	r := newRoom(t, Question{Type: "qa", Prompt: "?"})
	r.answer(t, "p1", `{"ask": "Hur blir det med lönen?"}`)
	r.answer(t, "p1", `{"ask": "  Hur blir det  med lönen? "}`) // the resend, as the phone typed it
	if es := qaEntries(t, r.results(t, true)); len(es) != 1 {
		t.Fatalf("entries after a resent ask: %+v, want one", es)
	}
	r.answer(t, "p1", `{"ask": "Och semestern?"}`)
	r.answer(t, "p2", `{"ask": "Hur blir det med lönen?"}`) // another person may ask the same
	if es := qaEntries(t, r.results(t, true)); len(es) != 3 {
		t.Fatalf("entries: %+v, want three", es)
	}
	// At the limit, a resend of an earlier ask is still taken (acked), not refused.
	for _, q := range []string{"tre", "fyra", "fem"} {
		r.answer(t, "p1", `{"ask": "`+q+`"}`)
	}
	r.answer(t, "p1", `{"ask": "fem"}`)
	if _, err := r.try("p1", `{"ask": "sex"}`); err == nil {
		t.Fatal("a sixth question was taken")
	}
}
