// Package testutil is the scaffolding Ting's tests share: waiting for a
// condition (WaitFor), a Redis of the test's own keys (RedisURL,
// RedisClient, RedisPrefix), and answers in flight when a fault strikes
// (AnswersInFlight). It is imported by tests only.
package testutil
