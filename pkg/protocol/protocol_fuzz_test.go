package protocol

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds Decode arbitrary frames. It must never panic; a frame
// it accepts is valid JSON with a type, every field valid UTF-8, a value
// that is valid JSON, and it survives a round trip; a frame it refuses
// gives ErrBadFrame and nothing else. `go test` runs the seeds.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"type":"join","code":"12345678","token":"abc","name":"Åsa"}`,
		`{"type":"present","sessionId":"s","token":"t"}`,
		`{"type":"answer","ref":"r1","questionId":"q","value":["kaffe","får"]}`,
		`{"type":"answer","ref":"r2","questionId":"q","value":{"ask":"<img src=x onerror=alert(1)>"}}`,
		`{"type":"answer","value":[1e400]}`,
		`{"type":"answer","value":null}`,
		`{"type":"ping"}`,
		`{"type":""}`,
		`{"type":1}`,
		`{"type":"x","type":"y"}`,
		`{"TYPE":"join"}`,
		`{not json`,
		`[]`,
		`null`,
		`"join"`,
		``,
		"{\"type\":\"join\",\"name\":\"\xff\xfe\"}",
		"{\"type\":\"join\",\"name\":\"a\\u0000b\\ud800\"}",
		`{"type":"answer","value":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}`,
		`{"type":"answer","value":"` + strings.Repeat("x", 5000) + `"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrBadFrame) {
				t.Fatalf("Decode(%q) error %v, want ErrBadFrame", data, err)
			}
			if in.Type != "" || in.Value != nil {
				t.Fatalf("Decode(%q) failed but returned %+v", data, in)
			}
			return
		}
		if in.Type == "" {
			t.Fatalf("Decode(%q) accepted a frame without a type", data)
		}
		if !json.Valid(data) {
			t.Fatalf("Decode accepted invalid JSON %q", data)
		}
		for _, s := range []string{in.Type, in.Code, in.Token, in.Name, in.SessionID, in.Ref, in.QuestionID} {
			if !utf8.ValidString(s) {
				t.Fatalf("Decode(%q) gave a field that is not UTF-8: %q", data, s)
			}
		}
		if len(in.Value) > 0 && !json.Valid(in.Value) {
			t.Fatalf("Decode(%q) gave a value that is not JSON: %q", data, in.Value)
		}
		again, err := Decode(Encode(in))
		if err != nil {
			t.Fatalf("re-encoded frame of %q is refused: %v", data, err)
		}
		if again.Type != in.Type || again.Ref != in.Ref || again.Code != in.Code || again.Token != in.Token ||
			again.Name != in.Name || again.SessionID != in.SessionID || again.QuestionID != in.QuestionID {
			t.Fatalf("round trip of %q: %+v then %+v", data, in, again)
		}
	})
}
