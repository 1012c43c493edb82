package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/server"
)

// ownRedis is a redis-server of one test, in its own directory and on its
// own port, so that the test may kill and restart it. The shared Redis on
// 6379 is never touched.
type ownRedis struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	cmd  *exec.Cmd
	exit chan struct{}
}

const redisServerBin = "/usr/bin/redis-server"

// startOwnRedis starts a redis-server with the append-only file on and
// fsync on every write, as docs/operations.md asks of production.
func startOwnRedis(t *testing.T) *ownRedis {
	t.Helper()
	bin := redisServerBin
	if _, err := os.Stat(bin); err != nil {
		p, lerr := exec.LookPath("redis-server")
		if lerr != nil {
			t.Skip("redis-server is not installed")
		}
		bin = p
	}
	r := &ownRedis{t: t, bin: bin, dir: t.TempDir(), port: freePort(t)}
	r.start()
	t.Cleanup(r.kill)
	return r
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func (r *ownRedis) URL() string  { return "redis://" + r.addr() + "/0" }
func (r *ownRedis) addr() string { return fmt.Sprintf("127.0.0.1:%d", r.port) }

func (r *ownRedis) start() {
	r.t.Helper()
	r.cmd = exec.Command(r.bin,
		"--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--dir", r.dir, "--appendonly", "yes", "--appendfsync", "always",
		"--save", "", "--daemonize", "no", "--logfile", "redis.log")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
	r.exit = make(chan struct{})
	go func(cmd *exec.Cmd, exit chan struct{}) { _ = cmd.Wait(); close(exit) }(r.cmd, r.exit)
	c := redis.NewClient(&redis.Options{Addr: r.addr(), MaxRetries: -1})
	defer c.Close()
	testutil.WaitFor(r.t, 10*time.Second, "own redis-server to answer", func() bool {
		return c.Ping(context.Background()).Err() == nil
	})
}

// kill ends the redis-server at once, as a crash would (SIGKILL).
func (r *ownRedis) kill() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	<-r.exit
	r.cmd = nil
}

// restart starts redis-server again on the same port and directory: it
// loads the append-only file.
func (r *ownRedis) restart() {
	r.t.Helper()
	r.kill()
	r.start()
}

// cutListener remembers every connection it accepted, so that a test can
// cut them all at once as a crashed node would: no close frames, no drain.
type cutListener struct {
	net.Listener
	mu    sync.Mutex
	conns []net.Conn
	cut   bool
}

func (l *cutListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cut {
		c.Close()
		return c, nil
	}
	l.conns = append(l.conns, c)
	return c, nil
}

func (l *cutListener) cutAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cut = true
	for _, c := range l.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // a reset, as from a dead host's kernel
		}
		c.Close()
	}
	l.Listener.Close()
}

// faultNode is a node a test may kill abruptly.
type faultNode struct {
	*node
	srv *server.Server
	ln  *cutListener
}

// startFaultNode runs a node with cfg on a free loopback port.
func startFaultNode(t *testing.T, cfg server.Config) *faultNode {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := server.New(withAdminKey(cfg))
	if err != nil {
		t.Fatalf("start node: %v", err)
	}
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &cutListener{Listener: inner}
	ctx, cancel := context.WithCancel(context.Background())
	n := &faultNode{node: &node{URL: "http://" + inner.Addr().String(), cancel: cancel, done: make(chan error, 1)}, srv: srv, ln: ln}
	go func() { n.done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() { n.stop(t) })
	return n
}

// kill cuts every connection and the listener of the node at once. What
// the process left running is shut down at the test's end.
func (n *faultNode) kill(t *testing.T) {
	t.Helper()
	n.ln.cutAll()
	n.once.Do(func() {
		select {
		case <-n.done:
		case <-time.After(10 * time.Second):
			t.Error("killed node's Serve did not return")
		}
		t.Cleanup(func() { _ = n.srv.Shutdown() })
	})
}

// readyStatus is the status of GET /readyz.
func readyStatus(url string) int {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url + "/readyz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
