package store

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

// CodeDigits is the length of a join code.
const CodeDigits = 8

var codeSpace = big.NewInt(90_000_000) // 10000000..99999999: never a leading zero

// NewCode returns a random join code of CodeDigits digits.
func NewCode() string {
	n, err := rand.Int(rand.Reader, codeSpace)
	if err != nil {
		panic("store: random source failed: " + err.Error())
	}
	return fmt.Sprintf("%d", n.Int64()+10_000_000)
}

// codeAttempts bounds the retries when a new code is already taken.
const codeAttempts = 20
