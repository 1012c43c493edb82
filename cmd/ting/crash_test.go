package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/internal/testutil"
)

// The embedded engine keeps every acknowledged answer through a kill -9:
// the real ting binary takes answers from phones, is killed the moment
// acks arrive, and is started again on the same data directory. Every
// acknowledged answer is in the results and the export, none twice, and
// the phones go on with their tokens.
func TestKilledProcessKeepsAckedAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the ting binary")
	}
	bin := buildTing(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	p := startTing(t, bin, dataDir)

	var sess struct{ ID, Code, FacilitatorToken string }
	p.rest("POST", "/api/v1/sessions", crashAdminKey, map[string]string{"title": "Krasch", "language": "sv"}, &sess, 201)
	var q struct{ ID string }
	p.rest("POST", "/api/v1/sessions/"+sess.ID+"/questions", sess.FacilitatorToken,
		map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 1}, &q, 201)
	p.rest("PATCH", "/api/v1/sessions/"+sess.ID+"/state", sess.FacilitatorToken, map[string]any{"questionId": q.ID}, nil, 200)

	const phones = 40
	conns := make([]*websocket.Conn, phones)
	tokens := make([]string, phones)
	for i := range conns {
		ws := p.dial()
		conns[i] = ws
		if err := ws.WriteJSON(map[string]any{"type": "join", "code": sess.Code}); err != nil {
			t.Fatal(err)
		}
		w := readType(t, ws, "welcome", "")
		tokens[i] = w["token"].(string)
		readType(t, ws, "question", "")
	}

	// Every phone answers at once; the process is killed as soon as a
	// quarter of them have their ack, with the rest in flight.
	acked := testutil.AnswersInFlight(t, conns, func(i int) map[string]any {
		return map[string]any{"questionId": q.ID, "value": []string{word(i)}}
	}, p.kill)

	first := p
	p = startTing(t, bin, dataDir)
	words := p.words(sess.ID, q.ID, sess.FacilitatorToken)
	rows := p.exportRows(sess.ID, sess.FacilitatorToken)
	for i := range phones {
		w := word(i)
		if acked[i] && (words[w] != 1 || rows[w] != 1) {
			t.Errorf("acknowledged answer %q: %d in results, %d in export; want 1 and 1", w, words[w], rows[w])
		}
		if words[w] > 1 || rows[w] > 1 {
			t.Errorf("answer %q counted %d times, exported %d times", w, words[w], rows[w])
		}
	}
	stored := len(words)

	// The phones come back with their tokens: those whose answer had no
	// ack send it again, and nothing is counted twice.
	for i := range phones {
		ws := p.dial()
		if err := ws.WriteJSON(map[string]any{"type": "join", "code": sess.Code, "token": tokens[i]}); err != nil {
			t.Fatal(err)
		}
		if w := readType(t, ws, "welcome", ""); w["token"] != tokens[i] {
			t.Fatalf("phone %d rejoined as a new participant (token %v)", i, w["token"])
		}
		if !acked[i] {
			if err := ws.WriteJSON(map[string]any{"type": "answer", "ref": "again", "questionId": q.ID, "value": []string{word(i)}}); err != nil {
				t.Fatal(err)
			}
			readType(t, ws, "ack", "again")
		}
		ws.Close()
	}
	words = p.words(sess.ID, q.ID, sess.FacilitatorToken)
	rows = p.exportRows(sess.ID, sess.FacilitatorToken)
	for i := range phones {
		if w := word(i); words[w] != 1 || rows[w] != 1 {
			t.Errorf("after the phones came back, %q: %d in results, %d in export; want 1 and 1", w, words[w], rows[w])
		}
	}
	if len(words) != phones {
		t.Errorf("%d words after the phones came back (%d stored after the kill), want %d", len(words), stored, phones)
	}
	if r := p.responses(sess.ID, q.ID, sess.FacilitatorToken); r != phones {
		t.Errorf("responses %d, want %d", r, phones)
	}
	// Neither run wrote a token to its log, and the data file holds only
	// the facilitator token's hash.
	p.kill()
	db, err := os.ReadFile(filepath.Join(dataDir, "ting.db"))
	if err != nil || bytes.Contains(db, []byte(sess.FacilitatorToken)) {
		t.Fatalf("ting.db (%v) holds the facilitator token", err)
	}
	for _, tok := range append(tokens, sess.FacilitatorToken) {
		if strings.Contains(first.log.String()+p.log.String(), tok) {
			t.Fatalf("a token is in ting's log:\n%s\n%s", first.log, p.log)
		}
	}
}

func word(i int) string { return fmt.Sprintf("ord%02d", i) }

// buildTing builds this command into the test's temporary directory.
func buildTing(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ting")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is one running ting.
type process struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	log  *bytes.Buffer
	exit chan struct{}
}

func startTing(t *testing.T, bin, dataDir string) *process {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := &process{t: t, base: "http://" + addr, log: &bytes.Buffer{}, exit: make(chan struct{})}
	p.cmd = exec.Command(bin)
	p.cmd.Env = append(os.Environ(), "TING_ADDR="+addr, "TING_DATA_DIR="+dataDir, "TING_REDIS_URL=", "TING_ADMIN_KEY="+crashAdminKey)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exit) }()
	t.Cleanup(p.kill)
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(p.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		select {
		case <-p.exit:
			t.Fatalf("ting exited: %s", p.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("ting not ready: %v\n%s", err, p.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill sends SIGKILL: no shutdown, no flush.
func (p *process) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Kill()
	<-p.exit
}

func (p *process) dial() *websocket.Conn {
	p.t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(p.base, "http")+"/ws", nil)
	if err != nil {
		p.t.Fatalf("dial: %v", err)
	}
	p.t.Cleanup(func() { ws.Close() })
	return ws
}

// crashAdminKey is the owner key (TING_ADMIN_KEY) the process starts with.
const crashAdminKey = "crash-test-owner-key"

func (p *process) rest(method, path, token string, body, out any, want int) {
	p.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		p.t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, data, want)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			p.t.Fatal(err)
		}
	}
}

func (p *process) result(id, qid, token string) map[string]any {
	p.t.Helper()
	var r struct{ Questions []map[string]any }
	p.rest("GET", "/api/v1/sessions/"+id+"/results", token, nil, &r, 200)
	for _, q := range r.Questions {
		if q["id"] == qid {
			return q
		}
	}
	p.t.Fatalf("no results of %s", qid)
	return nil
}

func (p *process) words(id, qid, token string) map[string]int {
	out := map[string]int{}
	ws, _ := p.result(id, qid, token)["words"].([]any)
	for _, w := range ws {
		m := w.(map[string]any)
		out[m["text"].(string)] = int(m["count"].(float64))
	}
	return out
}

func (p *process) responses(id, qid, token string) int {
	n, _ := p.result(id, qid, token)["responses"].(float64)
	return int(n)
}

// exportRows counts the export's rows per entry.
func (p *process) exportRows(id, token string) map[string]int {
	p.t.Helper()
	req, _ := http.NewRequest("GET", p.base+"/api/v1/sessions/"+id+"/export.csv", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		p.t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows[1:] {
		out[r[5]]++
	}
	return out
}

// readType reads frames until one of typ (with ref, when given).
func readType(t *testing.T, ws *websocket.Conn, typ, ref string) map[string]any {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		var m map[string]any
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		if m["type"] == "error" {
			t.Fatalf("waiting for %s: %v", typ, m)
		}
		if m["type"] == typ && (ref == "" || m["ref"] == ref) {
			return m
		}
	}
}
