package poll

import "github.com/ting-live/ting/pkg/wordcloud"

// Limits is the table of limits and defaults the server enforces on
// questions and answers, as the browser pages read it (GET /api/v1/limits):
// a changed limit is changed here and nowhere else.
type Limits struct {
	Questions   int `json:"questions"`   // questions of one session
	PromptLen   int `json:"promptLen"`   // characters of a prompt
	Options     int `json:"options"`     // options of a choice or ranking
	OptionLen   int `json:"optionLen"`   // characters of one option
	QuizOptions int `json:"quizOptions"` // options of a quiz

	EntryLen          int `json:"entryLen"`          // characters of one word-cloud entry
	MaxEntries        int `json:"maxEntries"`        // the most entries a word cloud may ask of a participant
	DefaultMaxEntries int `json:"defaultMaxEntries"` // entries asked when the facilitator gives none
	MaxWords          int `json:"maxWords"`          // the most words a cloud may show
	DefaultMaxWords   int `json:"defaultMaxWords"`   // words shown when the facilitator gives none
	WordList          int `json:"wordList"`          // banned or flagged words of a cloud
	CloudWords        int `json:"cloudWords"`        // different words one cloud keeps

	OpenLen int `json:"openLen"` // characters of an open answer
	AskLen  int `json:"askLen"`  // characters of one Q&A question
	Asks    int `json:"asks"`    // Q&A questions one participant may ask

	MinSeconds     int `json:"minSeconds"`     // a quiz's shortest countdown
	MaxSeconds     int `json:"maxSeconds"`     // a quiz's longest countdown
	DefaultSeconds int `json:"defaultSeconds"` // a quiz's countdown when the facilitator gives none

	ScaleMin   int `json:"scaleMin"`   // a scale's lowest step when the facilitator gives none
	ScaleMax   int `json:"scaleMax"`   // a scale's highest step when the facilitator gives none
	ScaleSteps int `json:"scaleSteps"` // the most steps of a scale
	Statements int `json:"statements"` // statements of one scale question
}

// TheLimits returns the limits of this build.
func TheLimits() Limits {
	return Limits{
		Questions:   MaxQuestions,
		PromptLen:   MaxPromptLen,
		Options:     MaxOptions,
		OptionLen:   MaxOptionLen,
		QuizOptions: MaxQuizOptions,

		EntryLen:          wordcloud.MaxLen,
		MaxEntries:        MaxMaxEntries,
		DefaultMaxEntries: DefaultMaxEntries,
		MaxWords:          MaxMaxWords,
		DefaultMaxWords:   DefaultMaxWords,
		WordList:          MaxWordList,
		CloudWords:        MaxCloudWords,

		OpenLen: MaxOpenLen,
		AskLen:  MaxAskLen,
		Asks:    MaxAsks,

		MinSeconds:     MinSeconds,
		MaxSeconds:     MaxSeconds,
		DefaultSeconds: DefaultSeconds,

		ScaleMin:   DefaultScaleMin,
		ScaleMax:   DefaultScaleMax,
		ScaleSteps: MaxScaleSteps,
		Statements: MaxStatements,
	}
}
