package poll

import (
	"encoding/json"
	"fmt"
	"testing"
)

// cloudAnswers are 400 phones' word-cloud answers of one to three words,
// Swedish, with spellings that differ in case and white space only.
func cloudAnswers() []json.RawMessage {
	words := []string{"glädje", "Samarbete", "tillit", " mod ", "ansvar", "lugn", "energi", "trygghet",
		"nyfikenhet", "respekt", "fika", "lagom", "gemenskap", "frihet", "får", "far", "hår", "har"}
	out := make([]json.RawMessage, 400)
	for i := range out {
		n := 1 + i%3
		var v []string
		for j := range n {
			v = append(v, words[(i*7+j*5)%len(words)])
		}
		out[i], _ = json.Marshal(v)
	}
	return out
}

// BenchmarkWordcloudAggregate is what a word cloud costs the server for a
// room of 400 phones: each answer checked, normalised and folded into the
// question's tally (answer=), and the tally of all 400 rendered as results
// (results=), plain and stemmed.
func BenchmarkWordcloudAggregate(b *testing.B) {
	for _, stem := range []bool{false, true} {
		q := Question{Type: "wordcloud", Prompt: "Vad betyder arbetsglädje?", MaxEntries: 3, Language: "sv", Stem: stem}
		if err := Check(&q); err != nil {
			b.Fatal(err)
		}
		answers := cloudAnswers()
		b.Run(fmt.Sprintf("answer/stem=%v", stem), func(b *testing.B) {
			tl := map[string]int64{}
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				a, err := Parse(&q, answers[i%len(answers)], Context{})
				if err != nil {
					b.Fatal(err)
				}
				for k, n := range a.Tally {
					tl[k] += n
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
		})
		tl := Tally{Counts: map[string]int64{}}
		for _, v := range answers {
			a, err := Parse(&q, v, Context{})
			if err != nil {
				b.Fatal(err)
			}
			for k, n := range a.Tally {
				tl.Counts[k] += n
			}
			tl.Responses++
		}
		k, _ := Lookup(q.Type)
		b.Run(fmt.Sprintf("results/stem=%v", stem), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = k.Results(&q, tl, View{})
			}
		})
	}
}
