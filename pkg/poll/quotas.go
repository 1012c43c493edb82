package poll

import "fmt"

// The quotas on what a facilitator may create, defined once here. Going
// past one is a LimitError (the API's limit_reached, HTTP 422); Current
// gives them all, named as the API names them, for a client to show.
const (
	MaxQuestions   = 200 // questions in one session, copies of a copyOf included
	MaxPromptLen   = 500 // characters of a prompt
	MaxTitleLen    = 200 // characters of a session's title
	MaxOptions     = 30  // options of a choice or ranking question
	MaxQuizOptions = 10  // options of a quiz
	MaxOptionLen   = 200 // characters of an option or a statement
	MaxStatements  = 20  // statements of a scale
	MaxCategoryLen = 80  // characters of a question's category
	// MaxCloudWords is how many different words one word cloud keeps: an
	// answer that would add a word beyond them is refused (the words
	// already in the cloud can still be given), so a cloud, its tally and
	// its results frame stay bounded however many participants type.
	MaxCloudWords = 1000
)

// Quota names, as LimitError and the API's messages give them.
const (
	QuotaQuestions   = "questionsPerSession"
	QuotaPromptLen   = "promptLength"
	QuotaTitleLen    = "titleLength"
	QuotaOptions     = "optionsPerQuestion"
	QuotaQuizOptions = "optionsPerQuiz"
	QuotaOptionLen   = "optionLength"
	QuotaStatements  = "statementsPerQuestion"
	QuotaCloudWords  = "wordsPerCloud"
	QuotaCategoryLen = "categoryLength"
	// The facilitator's quotas on creating sessions (pkg/auth's, set by the
	// operator): sessions one facilitator owns, and new ones a minute.
	QuotaSessions          = "sessionsPerFacilitator"
	QuotaSessionsPerMinute = "sessionsPerMinute"
)

// Current returns every quota by its name.
func Current() map[string]int {
	return map[string]int{
		QuotaQuestions:   MaxQuestions,
		QuotaPromptLen:   MaxPromptLen,
		QuotaTitleLen:    MaxTitleLen,
		QuotaOptions:     MaxOptions,
		QuotaQuizOptions: MaxQuizOptions,
		QuotaOptionLen:   MaxOptionLen,
		QuotaStatements:  MaxStatements,
		QuotaCloudWords:  MaxCloudWords,
		QuotaCategoryLen: MaxCategoryLen,
	}
}

// LimitError is a request that would go past a quota. Its message is for a
// person and names the quota.
type LimitError struct {
	Quota string // one of the Quota names
	Max   int
	Msg   string
	// Rate: the quota is a number a minute (HTTP 429: later the same
	// request passes), not a size (HTTP 422).
	Rate bool
}

func (e *LimitError) Error() string { return e.Msg }

// OverLimit builds a LimitError whose message ends with the quota's name
// and its number.
func OverLimit(quota string, max int, format string, args ...any) error {
	return &LimitError{Quota: quota, Max: max, Msg: fmt.Sprintf(format, args...) + fmt.Sprintf(" (quota %s: %d)", quota, max)}
}

// OverRate builds the LimitError of a quota a minute, its message ending
// with the quota's name and its number.
func OverRate(quota string, max int, format string, args ...any) error {
	return &LimitError{Quota: quota, Max: max, Rate: true, Msg: fmt.Sprintf(format, args...) + fmt.Sprintf(" (quota %s: %d a minute)", quota, max)}
}
