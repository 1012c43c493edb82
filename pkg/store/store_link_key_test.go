package store_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

// A session hash written before sessions had a link key has no linkKey
// field: it loads, with no key. (The bolt file's form of it is read by
// TestBoltReadsVersion1.)
func TestRedisSessionWithoutLinkKey(t *testing.T) {
	for name, raw := range map[string]func(*testing.T) string{"redis": func(t *testing.T) string { return testutil.RedisURL(t) }, "cluster": clusterURL} {
		t.Run(name, func(t *testing.T) {
			url := raw(t)
			c := testutil.RedisClient(t, url)
			prefix := testutil.RedisPrefix(t, url)
			st := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: prefix})
			t.Cleanup(func() { st.Close() })
			s := &model.Session{ID: uuid.NewString(), Title: "Gammal", Language: "sv", CreatedAt: time.Now(), LinkKey: "a2V5LW9mLWEtbmV3LW9uZQ"}
			if err := st.CreateSession(t.Context(), s); err != nil {
				t.Fatal(err)
			}
			if got, err := st.Session(t.Context(), s.ID); err != nil || got.LinkKey != s.LinkKey {
				t.Fatalf("as created: %+v, %v", got, err)
			}
			if err := c.HDel(t.Context(), prefix+":{"+s.ID+"}:session", "linkKey").Err(); err != nil {
				t.Fatal(err)
			}
			got, err := st.Session(t.Context(), s.ID)
			if err != nil || got.LinkKey != "" || got.Code != s.Code || got.Title != "Gammal" {
				t.Fatalf("without the field: %+v, %v", got, err)
			}
		})
	}
}
