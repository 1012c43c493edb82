package server_test

import (
	"strings"
	"testing"
)

// A session's questions go out as a question set document and into
// another session as they were created; a document with a question that
// does not fit is refused whole, naming the first such question; one that
// would pass the questions-per-session quota is limit_reached.
func TestQuestionSetExportAndImport(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			src := newSession(t, n)
			src.question(map[string]any{"type": "choice", "prompt": "Förvaltning?", "options": []string{"Skola", "Vård"}})
			src.question(map[string]any{"type": "scale", "prompt": "Jag blir hörd", "category": "Delaktighet", "min": 1, "max": 7})
			src.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord", "maxEntries": 2, "banned": []string{"dumt"}})
			var doc map[string]any
			if code := call(t, "GET", src.url("/questionset"), src.s.FacilitatorToken, nil, &doc); code != 200 {
				t.Fatalf("GET questionset: %d", code)
			}
			qs := doc["questions"].([]any)
			if doc["version"].(float64) != 1 || len(qs) != 3 {
				t.Fatalf("question set %v", doc)
			}
			for _, q := range qs {
				if _, ok := q.(map[string]any)["id"]; ok && q.(map[string]any)["id"] != "" {
					t.Fatalf("a question set carries ids: %v", q)
				}
			}

			dst := newSession(t, n)
			var added struct{ Added int }
			if code := call(t, "POST", dst.url("/questionset"), dst.s.FacilitatorToken, doc, &added); code != 201 || added.Added != 3 {
				t.Fatalf("POST questionset: %d %+v", code, added)
			}
			got := sessionQuestions(t, dst)
			if len(got) != 3 || got[1]["category"] != "Delaktighet" || got[1]["max"].(float64) != 7 || got[2]["banned"] == nil || got[0]["id"] == "" {
				t.Fatalf("imported questions %v", got)
			}

			bad := map[string]any{"version": 1, "questions": []any{
				map[string]any{"type": "open", "prompt": "Fine"},
				map[string]any{"type": "choice", "prompt": "Only one option", "options": []string{"A"}},
				map[string]any{"type": "nope", "prompt": "x"},
			}}
			var e struct {
				Error struct{ Code, Message string }
			}
			if code := call(t, "POST", dst.url("/questionset"), dst.s.FacilitatorToken, bad, &e); code != 400 || e.Error.Code != "bad_request" ||
				!strings.Contains(e.Error.Message, "questions[1]") || !strings.Contains(e.Error.Message, "option") {
				t.Fatalf("a set with a bad question: %d %+v", code, e)
			}
			unknownField := map[string]any{"version": 1, "questions": []any{map[string]any{"type": "open", "prompt": "x"}, map[string]any{"type": "open", "prompt": "x", "colour": "red"}}}
			if code := call(t, "POST", dst.url("/questionset"), dst.s.FacilitatorToken, unknownField, &e); code != 400 || !strings.Contains(e.Error.Message, "questions[1]") {
				t.Fatalf("a set with an unknown field: %d %+v", code, e)
			}
			if code := call(t, "POST", dst.url("/questionset"), dst.s.FacilitatorToken, map[string]any{"version": 2, "questions": []any{}}, &e); code != 400 {
				t.Fatalf("version 2: %d", code)
			}
			if n := len(sessionQuestions(t, dst)); n != 3 {
				t.Fatalf("refused sets added questions: %d, want 3", n)
			}

			many := make([]any, 198)
			for i := range many {
				many[i] = map[string]any{"type": "open", "prompt": "Fråga"}
			}
			if code := call(t, "POST", dst.url("/questionset"), dst.s.FacilitatorToken, map[string]any{"version": 1, "questions": many}, &e); code != 422 || e.Error.Code != "limit_reached" || !strings.Contains(e.Error.Message, "questionsPerSession") {
				t.Fatalf("past the quota: %d %+v", code, e)
			}
			if n := len(sessionQuestions(t, dst)); n != 3 {
				t.Fatalf("a set past the quota added questions: %d, want 3", n)
			}
		})
	}
}
