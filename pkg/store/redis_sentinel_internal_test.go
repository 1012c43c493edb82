package store

import (
	"reflect"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestSentinelURL: the master_name form parses into go-redis's failover
// options and gives a plain *redis.Client (shared pub/sub), even with addr
// parameters, which alone would mean a Cluster. Parsing only: no Sentinel
// runs here.
func TestSentinelURL(t *testing.T) {
	const raw = "redis://watch:s3cret@10.0.0.1:26379/2?master_name=ting&addr=10.0.0.2:26379&addr=10.0.0.3:26379&password=m4ster&dial_timeout=3s"
	opt, err := parseSentinelURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.1:26379", "10.0.0.2:26379", "10.0.0.3:26379"}
	if opt.MasterName != "ting" || !reflect.DeepEqual(opt.SentinelAddrs, want) || opt.DB != 2 {
		t.Errorf("master %q, sentinels %q, db %d", opt.MasterName, opt.SentinelAddrs, opt.DB)
	}
	if opt.SentinelUsername != "watch" || opt.SentinelPassword != "s3cret" || opt.Password != "m4ster" {
		t.Errorf("credentials: sentinel %q/%q, master password %q", opt.SentinelUsername, opt.SentinelPassword, opt.Password)
	}

	c, err := ParseRedisURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.(*redis.Client); !ok {
		t.Errorf("ParseRedisURL gave %T, want *redis.Client", c)
	}
	if opt, _ := parseSentinelURL("rediss://10.0.0.1:26379?master_name=ting"); opt == nil || opt.TLSConfig == nil {
		t.Error("rediss:// did not turn on TLS")
	}
}

func TestSentinelURLRejects(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"redis://s1:26379?master_name=", "master_name is empty"},
		{"redis://s1:26379?master_name=m&route_by_latency=true", "replicas"},
		{"redis://s1:26379?master_name=m&route_randomly=true", "replicas"},
		{"redis://s1:26379?master_name=m&replica_only=true", "replicas"},
		{"redis://s1:26379/notadb?master_name=m", "database number"},
		{"redis://s1:26379?master_name=m&bogus=1", "bogus"},
		{"redis://s1:26379?master_name=m&addr=nohostport", "addr"},
		{"http://s1:26379?master_name=m", "scheme"},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			c, err := ParseRedisURL(tc.raw)
			if err == nil {
				c.Close()
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "sentinel") {
				t.Errorf("error %q, want one about the sentinel url naming %q", err, tc.want)
			}
		})
	}
}
