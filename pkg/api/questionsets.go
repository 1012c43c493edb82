package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
)

// getQuestionSet gives the session's questions as a question set document.
func (a *api) getQuestionSet(c *echo.Context) error {
	return c.JSON(http.StatusOK, session.ExportQuestionSet(currentSession(c)))
}

// questionSetBody is a question set document as sent: each question read
// on its own, so that an error names the first one that does not fit.
type questionSetBody struct {
	Version   int               `json:"version"`
	Questions []json.RawMessage `json:"questions"`
}

// readQuestionSet decodes a question set document, strictly (unknown
// fields refused), naming the index of the first question that is not a
// question.
func readQuestionSet(c *echo.Context) (session.QuestionSet, error) {
	var body questionSetBody
	if err := decode(c, &body); err != nil {
		return session.QuestionSet{}, err
	}
	doc := session.QuestionSet{Version: body.Version}
	if body.Questions != nil {
		doc.Questions = make([]poll.Question, len(body.Questions))
	}
	for i, raw := range body.Questions {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc.Questions[i]); err != nil {
			return doc, badRequest(fmt.Sprintf("questions[%d] (question %d): %s", i, i+1, jsonReason(err)))
		}
	}
	return doc, nil
}

func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if ok := asType(err, &te); ok {
		return fmt.Sprintf("field %q must be of type %s", te.Field, te.Type)
	}
	return err.Error()
}

// importQuestionSet adds the questions of a question set document to the session.
func (a *api) importQuestionSet(c *echo.Context) error {
	doc, err := readQuestionSet(c)
	if err != nil {
		return err
	}
	n, err := a.svc.ImportQuestionSet(c.Request().Context(), currentSession(c), doc)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]int{"added": n})
}
