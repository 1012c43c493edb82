package main

import "bytes"

// Ten thousand phones read the same question frame within a few hundred
// milliseconds, on the machine the server runs on. Decoding every frame
// with encoding/json would spend the CPU the server needs, and the report
// would show the load generator's cost as the server's. So a phone reads
// only the frame's type, and the question frame's id by a search; it
// decodes the small frames it answers to (welcome, ack, error) in full.

var typeKey = []byte(`"type":"`)

// frameType returns the value of a frame's first "type" field, or "" when
// there is none. Every frame Ting sends is a JSON object written by
// encoding/json, whose first field is the type.
func frameType(data []byte) string {
	i := bytes.Index(data, typeKey)
	if i < 0 {
		return ""
	}
	rest := data[i+len(typeKey):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// questionIDKey returns what a question frame showing question qid
// contains: its id field.
func questionIDKey(qid string) []byte {
	return []byte(`"id":"` + qid + `"`)
}
