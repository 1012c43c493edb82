// Package model holds Ting's domain types: a session with its questions
// and state, its participants, groups and answers. The store engines keep
// them, the session service and the API hand them on; none of them owns
// them. A question and its types live in pkg/poll.
package model
