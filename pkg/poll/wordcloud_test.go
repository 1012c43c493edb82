package poll

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestWordcloudCheck(t *testing.T) {
	runCheck(t, []checkCase{
		{"defaults", Question{Type: "wordcloud", Prompt: "?"}, ""},
		{"every option", Question{Type: "wordcloud", Prompt: "?", Language: "da", Stem: true, KeepStopWords: true, MaxWords: 500, Banned: []string{"fanden"}, Flagged: []string{"chef"}}, ""},
		{"language in capitals", Question{Type: "wordcloud", Prompt: "?", Language: " NB "}, ""},
		{"unknown language", Question{Type: "wordcloud", Prompt: "?", Language: "de"}, "language must be one of sv, nb, da, en"},
		{"maxWords too big", Question{Type: "wordcloud", Prompt: "?", MaxWords: 501}, "maxWords must be from 1 to 500"},
		{"maxWords negative", Question{Type: "wordcloud", Prompt: "?", MaxWords: -1}, "maxWords must be from 1 to 500"},
		{"empty banned word", Question{Type: "wordcloud", Prompt: "?", Banned: []string{"ok", " "}}, "banned word 2: entry is empty"},
		{"long flagged word", Question{Type: "wordcloud", Prompt: "?", Flagged: []string{strings.Repeat("x", 51)}}, "flagged word 1: entry is longer than 50 characters"},
		{"too many banned", Question{Type: "wordcloud", Prompt: "?", Banned: make([]string, 501)}, "at most 500 banned words"},
	})
	q := mustCheck(t, Question{Type: "wordcloud", Prompt: "?", Language: "SV", Banned: []string{"Jävla", " jävla ", "SKIT"}, Flagged: []string{"Chefen"}, Moderated: true, Min: ptr(1)})
	wantJSON(t, mustJSON(t, q), `{"id":"","type":"wordcloud","prompt":"?","maxEntries":3,"language":"sv","banned":["jävla","skit"],"flagged":["chefen"],"maxWords":60}`)
}

// cloudRoom is a word cloud room answered by one participant per value.
func cloudRoom(t *testing.T, q Question, values ...string) *room {
	t.Helper()
	r := newRoom(t, q)
	for i, v := range values {
		r.answer(t, fmt.Sprintf("p%d", i), v)
	}
	return r
}

func TestWordcloudStopWords(t *testing.T) {
	q := Question{Type: "wordcloud", Prompt: "?", Language: "sv"}
	values := []string{`["Gemenskap","och"]`, `["gemenskap","Och"]`, `["i och med"]`, `["Kollegor"]`}
	r := cloudRoom(t, q, values...)
	wantJSON(t, r.results(t, false), `{"words":[{"text":"Gemenskap","count":2},{"text":"Kollegor","count":1}]}`)
	wantJSON(t, r.results(t, true), `{"words":[{"text":"Gemenskap","count":2},{"text":"Och","count":2,"stopWord":true},{"text":"Kollegor","count":1},{"text":"i och med","count":1,"stopWord":true}]}`)

	q.KeepStopWords = true
	wantJSON(t, cloudRoom(t, q, values...).results(t, false), `{"words":[{"text":"Gemenskap","count":2},{"text":"Och","count":2},{"text":"Kollegor","count":1},{"text":"i och med","count":1}]}`)

	// Exports keep stop words.
	if a := r.answer(t, "x", `["och","glädje"]`); strings.Join(a.Entries, "|") != "och|glädje" {
		t.Fatalf("entries %q", a.Entries)
	}

	for lang, words := range map[string][2]string{
		"nb": {"og", "arbeid"}, "da": {"og", "arbejde"}, "en": {"the", "work"}, "sv": {"att", "arbete"},
	} {
		t.Run(lang, func(t *testing.T) {
			r := cloudRoom(t, Question{Type: "wordcloud", Prompt: "?", Language: lang}, `["`+words[0]+`","`+words[1]+`"]`)
			wantJSON(t, r.results(t, false), `{"words":[{"text":"`+words[1]+`","count":1}]}`)
		})
	}
	t.Run("no language, no stop words", func(t *testing.T) {
		r := cloudRoom(t, Question{Type: "wordcloud", Prompt: "?"}, `["och"]`)
		wantJSON(t, r.results(t, false), `{"words":[{"text":"och","count":1}]}`)
	})
}

func TestWordcloudStem(t *testing.T) {
	q := Question{Type: "wordcloud", Prompt: "?", Language: "sv", Stem: true, MaxEntries: 3}
	r := cloudRoom(t, q,
		`["Kollegor","kollegorna"]`, // one participant, two forms: counts once
		`["kollegor"]`,
		`["kollega","får"]`,
		`["Trygghet","far"]`,
		`["tryggheten"]`,
		`["och"]`,
	)
	wantJSON(t, r.results(t, false), `{"words":[{"text":"Kollegor","count":3},{"text":"Trygghet","count":2},{"text":"far","count":1},{"text":"får","count":1}]}`)
	wantJSON(t, r.results(t, true), `{"words":[{"text":"Kollegor","count":3},{"text":"Trygghet","count":2},{"text":"far","count":1},{"text":"får","count":1},{"text":"och","count":1,"stopWord":true}]}`)

	t.Run("replacement", func(t *testing.T) {
		r.answer(t, "p0", `["gemenskap"]`)
		// kollega and kollegor, one each: the shorter form names the group.
		wantJSON(t, r.results(t, false), `{"words":[{"text":"Trygghet","count":2},{"text":"kollega","count":2},{"text":"far","count":1},{"text":"får","count":1},{"text":"gemenskap","count":1}]}`)
	})

	t.Run("off", func(t *testing.T) {
		q := *r.q
		q.Stem = false
		wantJSON(t, render(t, &q, r.tally, View{}), `{"words":[{"text":"Trygghet","count":1},{"text":"far","count":1},{"text":"får","count":1},{"text":"gemenskap","count":1},{"text":"kollega","count":1},{"text":"kollegor","count":1},{"text":"tryggheten","count":1}]}`)
	})

	t.Run("answers from before the language was set add up", func(t *testing.T) {
		r := cloudRoom(t, Question{Type: "wordcloud", Prompt: "?", MaxEntries: 3}, `["Kollegor","kollegorna"]`, `["kollega"]`)
		q := *r.q
		q.Language, q.Stem = "sv", true
		wantJSON(t, render(t, &q, r.tally, View{}), `{"words":[{"text":"kollega","count":3}]}`)
	})
}

func TestWordcloudModeration(t *testing.T) {
	q := Question{Type: "wordcloud", Prompt: "?", Language: "sv", Banned: []string{"Skit"}, Flagged: []string{"chefen"}}
	values := []string{`["skit","Chefen"]`, `["Skitbra","kaffe"]`, `["kaffe","skiten"]`}
	r := cloudRoom(t, q, values...)
	wantJSON(t, r.results(t, false), `{"words":[{"text":"kaffe","count":2},{"text":"Chefen","count":1},{"text":"Skitbra","count":1},{"text":"skiten","count":1}]}`)

	hidden := *r.q
	key, err := EntryID(&hidden, " KAFFE ")
	if err != nil || key != "kaffe" {
		t.Fatalf("EntryID = %q, %v", key, err)
	}
	hidden.Moderation = hidden.WithMark(MarkHidden, key, true)
	wantJSON(t, render(t, &hidden, r.tally, View{}), `{"words":[{"text":"Chefen","count":1},{"text":"Skitbra","count":1},{"text":"skiten","count":1}]}`)
	wantJSON(t, render(t, &hidden, r.tally, View{Facilitator: true}), `{"words":[{"text":"kaffe","count":2,"hidden":true},{"text":"Chefen","count":1,"flagged":true},{"text":"Skitbra","count":1},{"text":"skit","count":1,"banned":true},{"text":"skiten","count":1}]}`)

	t.Run("with stems, a banned or hidden word takes its forms along", func(t *testing.T) {
		q := hidden
		q.Stem = true
		q.Moderation = q.WithMark(MarkHidden, "chef", true)
		wantJSON(t, render(t, &q, r.tally, View{}), `{"words":[{"text":"Skitbra","count":1}]}`)
		wantJSON(t, render(t, &q, r.tally, View{Facilitator: true}), `{"words":[{"text":"kaffe","count":2,"hidden":true},{"text":"skit","count":2,"banned":true},{"text":"Chefen","count":1,"hidden":true,"flagged":true},{"text":"Skitbra","count":1}]}`)
	})
}

func TestWordcloudMaxWords(t *testing.T) {
	var values []string
	for i := range 8 {
		values = append(values, fmt.Sprintf(`["ord%d"]`, i%4))
	}
	r := cloudRoom(t, Question{Type: "wordcloud", Prompt: "?", MaxWords: 3}, values...)
	wantJSON(t, r.results(t, false), `{"words":[{"text":"ord0","count":2},{"text":"ord1","count":2},{"text":"ord2","count":2}]}`)
	var all WordcloudResults
	if err := json.Unmarshal([]byte(r.results(t, true)), &all); err != nil || len(all.Words) != 4 {
		t.Fatalf("facilitator sees %+v, %v", all, err)
	}
	q := *r.q
	q.MaxWords = 0 // stored before maxWords existed: the default
	if n := len(render(t, &q, r.tally, View{})); n == 0 {
		t.Fatal("no results")
	}
}

func TestWordcloudParseStems(t *testing.T) {
	q := mustCheck(t, Question{Type: "wordcloud", Prompt: "?", Language: "sv", MaxEntries: 3})
	a, err := Parse(&q, json.RawMessage(`["Kollegor","kollegorna","och"]`), Context{})
	if err != nil {
		t.Fatal(err)
	}
	var stems []string
	for k, n := range a.Tally {
		if strings.HasPrefix(k, stemPrefix) {
			stems = append(stems, fmt.Sprintf("%q=%d", k, n))
		}
	}
	if fmt.Sprint(stems) != `["ssv\x00kolleg"=1]` {
		t.Fatalf("stem keys %v", stems)
	}
}

func BenchmarkWordcloudResultsStemmed(b *testing.B) {
	q := Question{Type: "wordcloud", Prompt: "?", Language: "sv", Stem: true, Banned: []string{"skit"}, Flagged: []string{"chefen"}}
	if err := Check(&q); err != nil {
		b.Fatal(err)
	}
	q.Moderation = q.WithMark(MarkHidden, "ord7", true)
	forms := []string{"kollega", "kollegor", "kollegorna", "gemenskap", "gemenskapen", "trygghet", "tryggheten", "och", "att", "glädje"}
	tl := Tally{Counts: map[string]int64{}}
	for i := range 400 {
		v := fmt.Sprintf(`["ord%d","Ord%d","%s"]`, i%150, i%97, forms[i%len(forms)])
		a, err := Parse(&q, json.RawMessage(v), Context{})
		if err != nil {
			b.Fatal(err)
		}
		for k, n := range a.Tally {
			tl.Counts[k] += n
		}
	}
	k, _ := Lookup("wordcloud")
	for _, v := range []View{{}, {Facilitator: true}} {
		b.Run(fmt.Sprintf("facilitator=%v", v.Facilitator), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = k.Results(&q, tl, v)
			}
		})
	}
}
