package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// restClient is the facilitator: it creates the session and its question,
// moves the state and reads the results over the REST API of one node.
type restClient struct {
	base  *url.URL
	http  *http.Client
	token string // the session's facilitator token, once created
	key   string // the owner key, which creates the session
}

// createdSession is the answer to POST /api/v1/sessions.
type createdSession struct {
	ID               string `json:"id"`
	Code             string `json:"code"`
	FacilitatorToken string `json:"facilitatorToken"`
}

// questionResults is one element of GET .../results; only what the check needs.
type questionResults struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Responses int64  `json:"responses"`
}

func newRESTClient(base *url.URL, adminKey string) *restClient {
	return &restClient{base: base, key: adminKey, http: &http.Client{Timeout: 30 * time.Second}}
}

// maxParticipants is the participant cap of the generator's sessions: as
// large as Ting takes, so that an arena of 10,000 phones fits in one.
const maxParticipants = 100_000

// createSession makes a new session and keeps its facilitator token.
func (c *restClient) createSession(ctx context.Context, title string) (createdSession, error) {
	var s createdSession
	body := map[string]any{"title": title, "language": "sv", "maxParticipants": maxParticipants}
	err := c.do(ctx, http.MethodPost, "/api/v1/sessions", body, http.StatusCreated, &s)
	if err == nil && (s.ID == "" || s.Code == "" || s.FacilitatorToken == "") {
		err = fmt.Errorf("POST /api/v1/sessions: the answer lacks id, code or facilitatorToken")
	}
	c.token = s.FacilitatorToken
	return s, err
}

// addQuestion adds a question and returns its id.
func (c *restClient) addQuestion(ctx context.Context, sessionID string, q any) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	err := c.do(ctx, http.MethodPost, "/api/v1/sessions/"+url.PathEscape(sessionID)+"/questions", q, http.StatusCreated, &out)
	if err == nil && out.ID == "" {
		err = fmt.Errorf("POST .../questions: the answer has no id")
	}
	return out.ID, err
}

// patchState changes the session's state.
func (c *restClient) patchState(ctx context.Context, sessionID string, patch map[string]any) error {
	return c.do(ctx, http.MethodPatch, "/api/v1/sessions/"+url.PathEscape(sessionID)+"/state", patch, http.StatusOK, nil)
}

// results reads GET .../results.
func (c *restClient) results(ctx context.Context, sessionID string) ([]questionResults, error) {
	var out struct {
		Questions []questionResults `json:"questions"`
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/sessions/"+url.PathEscape(sessionID)+"/results", nil, http.StatusOK, &out)
	return out.Questions, err
}

// do sends one JSON request and decodes the answer into out (when not nil).
func (c *restClient) do(ctx context.Context, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch {
	case c.token != "":
		req.Header.Set("Authorization", "Bearer "+c.token)
	case c.key != "":
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s %s: read: %w", method, path, err)
	}
	if resp.StatusCode != want {
		var e struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error.Code != "" {
			return fmt.Errorf("%s %s: %d %s: %s", method, path, resp.StatusCode, e.Error.Code, e.Error.Message)
		}
		return fmt.Errorf("%s %s: status %d, want %d", method, path, resp.StatusCode, want)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return nil
}
