package server_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestScreenSplit: with state.segmentBy the big screen's results frame
// carries the room's view of each segment (a segment under minSegment only
// as hidden, a word the facilitator hid nowhere); phones never get segments.
func TestScreenSplit(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n) // minSegment: the default, 5
			dept := f.question(map[string]any{"type": "choice", "prompt": "Avdelning?", "options": []string{"Skola", "Vård", "Omsorg"}})
			words := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 2})
			open := f.question(map[string]any{"type": "open", "prompt": "Något mer?"})

			screen := dial(t, n)
			screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
			screen.next("question", nil)

			// Six in Skola, one in Vård, one in Omsorg: two hidden segments,
			// so the room minus Skola gives neither.
			phones := joinPhones(t, n, f.s.Code, 8)
			f.ask(phones, dept, func(i int) any {
				if i < 6 {
					return []int{0}
				}
				return []int{i - 5}
			})
			f.ask(phones, words, func(i int) any {
				if i < 6 {
					return []string{"tillit", "fika"}
				}
				return []string{"ensam"}
			})
			if code := call(t, "POST", f.url("/questions/"+words+"/moderation"), f.s.FacilitatorToken, map[string]any{"entry": "fika", "hidden": true}, nil); code != 200 {
				t.Fatalf("hide fika: %d", code)
			}

			// Invalid splits are refused and change nothing.
			for _, bad := range []any{words, "nope", 7, true} {
				if code := call(t, "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"segmentBy": bad}, nil); code != 400 {
					t.Fatalf("segmentBy %v: %d, want 400", bad, code)
				}
			}
			var st map[string]any
			if code := call(t, "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"segmentBy": dept}, &st); code != 200 || st["segmentBy"] != dept || st["questionId"] != words {
				t.Fatalf("PATCH segmentBy: %d %v", code, st)
			}
			var sess struct{ State map[string]any }
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if sess.State["segmentBy"] != dept {
				t.Fatalf("session state %v, want segmentBy %s", sess.State, dept)
			}

			checkSplit := func(who string, m map[string]any) {
				t.Helper()
				raw, _ := json.Marshal(m)
				if m["segmentBy"] != dept {
					t.Fatalf("%s: segmentBy %v", who, m["segmentBy"])
				}
				segs, _ := m["segments"].([]any)
				if len(segs) != 3 {
					t.Fatalf("%s: segments %s", who, raw)
				}
				skola, vard, omsorg := segs[0].(map[string]any), segs[1].(map[string]any), segs[2].(map[string]any)
				if skola["label"] != "Skola" || skola["responses"] != 6.0 || skola["hidden"] != nil {
					t.Fatalf("%s: Skola %v", who, skola)
				}
				if w := wordsOf(skola); w["tillit"] != 6 || len(w) != 1 {
					t.Fatalf("%s: Skola's words %v, want only tillit 6 (fika is hidden)", who, w)
				}
				if len(vard) != 3 || vard["label"] != "Vård" || vard["hidden"] != true {
					t.Fatalf("%s: Vård (1 person) must carry only option, label, hidden: %v", who, vard)
				}
				if len(omsorg) != 3 || omsorg["hidden"] != true {
					t.Fatalf("%s: Omsorg (1 person) must be hidden: %v", who, omsorg)
				}
				if strings.Contains(string(raw), "fika") {
					t.Fatalf("%s: a hidden word reached the screen: %s", who, raw)
				}
			}
			isSplit := func(m map[string]any) bool { return m["questionId"] == words && m["segments"] != nil }
			checkSplit("live screen", screen.next("results", isSplit))

			// A screen that attaches now gets the split in its snapshot.
			late := dial(t, n)
			late.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
			checkSplit("new screen", late.next("results", func(m map[string]any) bool { return m["questionId"] == words }))

			// Phones that see results never see segments, live or on joining.
			f.state(map[string]any{"resultsVisible": true})
			noSegments := func(who string, m map[string]any) {
				t.Helper()
				if _, ok := m["segments"]; ok {
					t.Fatalf("%s got segments: %v", who, m)
				}
				if _, ok := m["segmentBy"]; ok {
					t.Fatalf("%s got segmentBy: %v", who, m)
				}
			}
			noSegments("phone", phones[0].next("results", func(m map[string]any) bool { return m["questionId"] == words }))
			newcomer := dial(t, n)
			newcomer.join(f.s.Code, "")
			noSegments("new phone", newcomer.next("results", func(m map[string]any) bool { return m["questionId"] == words }))
			// A new answer pushes again: the screen's frame stays split, the phone's plain.
			if r := phones[7].answer("again", words, []string{"ensam", "tillit"}); r["type"] != "ack" {
				t.Fatalf("answer again: %v", r)
			}
			noSegments("phone after an answer", phones[0].next("results", func(m map[string]any) bool { return wordsOf(m)["tillit"] == 7 }))
			checkSplit("screen after an answer", screen.next("results", func(m map[string]any) bool { return isSplit(m) && wordsOf(m)["tillit"] == 7 }))

			// A type the screen does not split: segmentBy but no segments.
			f.state(map[string]any{"questionId": open})
			other := screen.next("results", func(m map[string]any) bool { return m["questionId"] == open })
			if _, ok := other["segments"]; ok || other["segmentBy"] != dept {
				t.Fatalf("open question on a split screen: %v", other)
			}

			// Stopping the split and removing the segment question.
			if code := call(t, "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"segmentBy": nil}, &st); code != 200 || st["segmentBy"] != nil {
				t.Fatalf("PATCH segmentBy null: %d %v", code, st)
			}
			f.state(map[string]any{"questionId": words, "segmentBy": dept})
			screen.next("results", isSplit)
			if code := call(t, "DELETE", f.url("/questions/"+dept), f.s.FacilitatorToken, nil, nil); code != 204 {
				t.Fatalf("delete the segment question: %d", code)
			}
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if v, ok := sess.State["segmentBy"]; !ok || v != nil {
				t.Fatalf("after deleting the segment question: state %v, want segmentBy null", sess.State)
			}
			unsplit := screen.next("results", func(m map[string]any) bool { return m["questionId"] == words && m["segments"] == nil })
			if _, ok := unsplit["segmentBy"]; ok {
				t.Fatalf("screen still split after its question was deleted: %v", unsplit)
			}
		})
	}
}
