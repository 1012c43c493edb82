package testutil

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The Redis Cluster of one test binary: three masters started by
// RedisClusterURL on first use, stopped by StopRedisCluster.
var cluster struct {
	once  sync.Once
	url   string
	err   error
	dir   string
	procs []*exec.Cmd
}

// RedisClusterURL is a Redis Cluster for the tests, in go-redis' cluster
// URL form: TING_TEST_REDIS_CLUSTER_URL when set, otherwise three
// `redis-server --cluster-enabled yes` on free ports in a temporary
// folder, joined by `redis-cli --cluster create`, started once per test
// binary (the package's TestMain calls StopRedisCluster at the end). It
// skips t with TING_SKIP_REDIS=1, or when redis-server or redis-cli is not
// installed.
func RedisClusterURL(t testing.TB) string {
	t.Helper()
	SkipRedis(t)
	if u := os.Getenv("TING_TEST_REDIS_CLUSTER_URL"); u != "" {
		return u
	}
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed: no Redis Cluster to test on (or set TING_TEST_REDIS_CLUSTER_URL)", bin)
		}
	}
	cluster.once.Do(func() { cluster.url, cluster.err = startCluster() })
	if cluster.err != nil {
		t.Fatalf("start a Redis Cluster: %v", cluster.err)
	}
	return cluster.url
}

// StopRedisCluster stops the cluster RedisClusterURL started, if any, and
// removes its folder.
func StopRedisCluster() {
	for _, p := range cluster.procs {
		_ = p.Process.Kill()
		_ = p.Wait()
	}
	cluster.procs = nil
	if cluster.dir != "" {
		_ = os.RemoveAll(cluster.dir)
	}
}

// clusterPort returns a free port whose cluster bus port (+10000) is free too.
func clusterPort() (int, error) {
	for range 50 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close()
		if port+10000 > 65535 {
			continue
		}
		bus, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+10000))
		if err != nil {
			continue
		}
		_ = bus.Close()
		return port, nil
	}
	return 0, errors.New("no free port pair")
}

func startCluster() (string, error) {
	dir, err := os.MkdirTemp("", "ting-redis-cluster-")
	if err != nil {
		return "", err
	}
	cluster.dir = dir
	var addrs []string
	for range 3 {
		port, err := clusterPort()
		if err != nil {
			return "", err
		}
		p := strconv.Itoa(port)
		cmd := exec.Command("redis-server",
			"--port", p, "--bind", "127.0.0.1", "--dir", dir,
			"--cluster-enabled", "yes", "--cluster-config-file", "nodes-"+p+".conf", "--cluster-node-timeout", "5000",
			"--save", "", "--appendonly", "no", "--logfile", filepath.Join(dir, "redis-"+p+".log"))
		if err := cmd.Start(); err != nil {
			return "", fmt.Errorf("redis-server: %w", err)
		}
		cluster.procs = append(cluster.procs, cmd)
		addrs = append(addrs, "127.0.0.1:"+p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, a := range addrs {
		if err := waitFor(ctx, a, func(c *redis.Client) bool { return c.Ping(ctx).Err() == nil }); err != nil {
			return "", fmt.Errorf("redis-server at %s does not answer: %w", a, err)
		}
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.CommandContext(ctx, "redis-cli", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("redis-cli --cluster create: %w: %s", err, out)
	}
	for _, a := range addrs {
		err := waitFor(ctx, a, func(c *redis.Client) bool {
			info, err := c.ClusterInfo(ctx).Result()
			return err == nil && strings.Contains(info, "cluster_state:ok")
		})
		if err != nil {
			return "", fmt.Errorf("cluster node %s is not ready: %w", a, err)
		}
	}
	return "redis://" + addrs[0] + "?addr=" + addrs[1] + "&addr=" + addrs[2], nil
}

// waitFor polls the Redis at addr until ok holds or ctx ends.
func waitFor(ctx context.Context, addr string, ok func(*redis.Client) bool) error {
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer c.Close()
	for !ok(c) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}
