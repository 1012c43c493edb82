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

// A facilitator saves a session's questions in the library under a name,
// starts a session and a programme's first session from it; the set is
// its own: another facilitator may neither read, use nor delete it.
func TestQuestionSetLibrary(t *testing.T) {
	n := startNode(t, "embedded", "")
	key := newFacilitatorKey(t, n, "anna@kommun.se", "facilitator")
	other := newFacilitatorKey(t, n, "bo@kommun.se", "facilitator")
	var s created
	if code := call(t, "POST", n.URL+"/api/v1/sessions", key, map[string]string{"title": "Dialog"}, &s); code != 201 {
		t.Fatalf("create: %d", code)
	}
	src := &facilitator{t: t, base: n.URL, s: s}
	src.question(map[string]any{"type": "choice", "prompt": "Förvaltning?", "options": []string{"Skola", "Vård"}})
	src.question(map[string]any{"type": "scale", "prompt": "Jag blir hörd", "category": "Delaktighet"})

	var set struct {
		ID, Name  string
		Questions int
	}
	if code := call(t, "POST", n.URL+"/api/v1/questionsets", other, map[string]string{"name": "Stulen", "session": s.ID}, nil); code != 403 {
		t.Fatalf("saving another's session: %d, want 403", code)
	}
	if code := call(t, "POST", n.URL+"/api/v1/questionsets", key, map[string]string{"name": "Dialogmaterial", "session": s.ID}, &set); code != 201 || set.Questions != 2 || set.Name != "Dialogmaterial" {
		t.Fatalf("save: %d %+v", code, set)
	}
	var list struct{ QuestionSets []struct{ ID string } }
	call(t, "GET", n.URL+"/api/v1/questionsets", key, nil, &list)
	if len(list.QuestionSets) != 1 || list.QuestionSets[0].ID != set.ID {
		t.Fatalf("library: %+v", list)
	}
	call(t, "GET", n.URL+"/api/v1/questionsets", other, nil, &list)
	if len(list.QuestionSets) != 0 {
		t.Fatalf("another's library: %+v", list)
	}
	var doc struct {
		Document map[string]any
	}
	if code := call(t, "GET", n.URL+"/api/v1/questionsets/"+set.ID, key, nil, &doc); code != 200 || len(doc.Document["questions"].([]any)) != 2 {
		t.Fatalf("get: %d %+v", code, doc)
	}
	if code := call(t, "GET", n.URL+"/api/v1/questionsets/"+set.ID, other, nil, nil); code != 403 {
		t.Fatalf("get another's: %d, want 403", code)
	}

	var started created
	if code := call(t, "POST", n.URL+"/api/v1/sessions", key, map[string]string{"title": "Nästa kommun", "questionSet": set.ID}, &started); code != 201 {
		t.Fatalf("start from the set: %d", code)
	}
	qs := sessionQuestions(t, &facilitator{t: t, base: n.URL, s: started})
	if len(qs) != 2 || qs[1]["category"] != "Delaktighet" || qs[0]["origin"] != nil {
		t.Fatalf("a session started from the set: %v", qs)
	}
	if code := call(t, "POST", n.URL+"/api/v1/sessions", other, map[string]string{"title": "x", "questionSet": set.ID}, nil); code != 403 {
		t.Fatalf("another's set: %d, want 403", code)
	}
	p := newProgramme(t, n, key, "Program från material")
	var first created
	if code := call(t, "POST", n.URL+"/api/v1/sessions", key, map[string]string{"title": "1", "programme": p.ID, "questionSet": set.ID}, &first); code != 201 {
		t.Fatalf("a programme's first session from the set: %d", code)
	}
	if code := call(t, "POST", n.URL+"/api/v1/sessions", key, map[string]string{"title": "2", "programme": p.ID, "questionSet": set.ID}, nil); code != 400 {
		t.Fatalf("a programme's second session from a set: %d, want 400", code)
	}
	if code := call(t, "DELETE", n.URL+"/api/v1/questionsets/"+set.ID, other, nil, nil); code != 403 {
		t.Fatalf("delete another's: %d, want 403", code)
	}
	if code := call(t, "DELETE", n.URL+"/api/v1/questionsets/"+set.ID, key, nil, nil); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code := call(t, "GET", n.URL+"/api/v1/questionsets/"+set.ID, key, nil, nil); code != 404 {
		t.Fatalf("get a deleted set: %d, want 404", code)
	}
}
