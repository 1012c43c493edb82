// Command loadtest plays many phones and one big screen against a running
// Ting and reports how fast the room sees what happens: the time for a new
// question to reach every phone, for an answer to be acknowledged, and for a
// vote to show on the big screen. It then checks that the server stored
// exactly one answer per phone that got an ack.
//
//	go run ./loadtest -phones 400 -scenario theatre -answer-window 10s
//
// See loadtest/README.md for what each number means.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Scenarios the tool can play.
const (
	scenarioTheatre = "theatre" // N phones, one word cloud
	scenarioArena   = "arena"   // many phones, one choice question
	scenarioChurn   = "churn"   // phones drop and rejoin with their token while answering
)

// Defaults of the flags.
const (
	defaultURL          = "http://127.0.0.1:8080"
	defaultPhones       = 400
	defaultArenaPhones  = 10000
	defaultWindow       = 60 * time.Second
	defaultDuration     = 2 * time.Minute
	defaultConnectRate  = 500
	reservedFiles       = 64 // stdio, the REST client, the screen, slack
	minConnectedPercent = 99.0
)

// config is what the flags ask for, checked.
type config struct {
	nodes        []*url.URL // the first one also serves the facilitator and the screen
	phones       int
	scenario     string
	answerWindow time.Duration
	duration     time.Duration
	jsonFile     string
	sources      []net.IP
	connectRate  float64
	serverPIDs   []int // Ting processes whose memory is measured, summed
	allowRemote  bool
	seed         int64
	// adminKey is the credential the session is created with (Ting's TING_ADMIN_KEY).
	adminKey string
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is main with its outside world passed in; it returns the exit code:
// 0 for a passed run, 1 for a failed one, 2 for a usage or setup problem.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 2
	}
	limit, err := raiseFileLimit(uint64(cfg.phones + reservedFiles))
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 2
	}
	logf := func(format string, a ...any) {
		fmt.Fprintf(stderr, "%s  %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, a...))
	}
	logf("open files limit %d; %s with %d phones on %d node(s), answer window %s, stop after %s",
		limit, cfg.scenario, cfg.phones, len(cfg.nodes), cfg.answerWindow, cfg.duration)
	warnPorts(cfg, logf)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()

	rep := newRunner(cfg, logf).run(ctx)
	rep.WriteTable(stdout)
	if cfg.jsonFile != "" {
		if err := rep.WriteJSONFile(cfg.jsonFile); err != nil {
			fmt.Fprintln(stderr, "loadtest:", err)
			return 2
		}
	}
	if !rep.Pass {
		return 1
	}
	return 0
}

// parseFlags reads and checks the command line.
func parseFlags(args []string, out io.Writer) (config, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(out)
	urls := fs.String("url", defaultURL, "base URL of a Ting node, or a comma-separated list of nodes: phones go round-robin over them, the facilitator and the screen use the first")
	phones := fs.Int("phones", defaultPhones, fmt.Sprintf("number of phones (arena: %d unless given)", defaultArenaPhones))
	scenario := fs.String("scenario", scenarioTheatre, "theatre (word cloud), arena (choice question, many phones) or churn (phones drop and rejoin while answering)")
	window := fs.Duration("answer-window", defaultWindow, "phones answer at random moments within this time after the question arrives")
	duration := fs.Duration("duration", defaultDuration, "the run stops by itself after this long, finished or not")
	jsonFile := fs.String("json", "", "also write the report as JSON to this file")
	sources := fs.String("sources", "", "comma-separated local source IPs (e.g. 127.0.0.2,127.0.0.3) to spread connections over; default: the system's choice")
	rate := fs.Float64("connect-rate", defaultConnectRate, "new phone connections per second")
	pids := fs.String("server-pid", "", "PID of the Ting process, or a comma-separated list of the PIDs of every node, to report the servers' memory per connection from /proc/PID/status (summed over the nodes)")
	allowRemote := fs.Bool("allow-remote", false, "allow a -url that is not a loopback address (load testing a shared server hurts its users)")
	seed := fs.Int64("seed", 0, "random seed for answer timing and words (0: from the clock)")
	adminKey := fs.String("admin-key", "", "the owner key (Ting's TING_ADMIN_KEY) the session is created with (default: $TING_ADMIN_KEY)")
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: go run ./loadtest [flags]\n\nPlays phones and a big screen against a running Ting and reports latencies.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q (see -help)", fs.Arg(0))
	}
	var err error
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg := config{
		phones:       *phones,
		scenario:     strings.ToLower(strings.TrimSpace(*scenario)),
		answerWindow: *window,
		duration:     *duration,
		jsonFile:     *jsonFile,
		connectRate:  *rate,
		allowRemote:  *allowRemote,
		seed:         *seed,
		adminKey:     ownerKey(*adminKey, os.Getenv),
	}
	switch cfg.scenario {
	case scenarioTheatre, scenarioChurn:
	case scenarioArena:
		if !set["phones"] {
			cfg.phones = defaultArenaPhones
		}
	case "multi-node", "multinode", "multi":
		return config{}, fmt.Errorf("-scenario %q: several nodes are no scenario of their own: give every node in -url (a comma-separated list) with any scenario, or run make load-multi", *scenario)
	default:
		return config{}, fmt.Errorf("-scenario %q: use theatre, arena or churn", *scenario)
	}
	if cfg.phones < 1 {
		return config{}, fmt.Errorf("-phones must be at least 1")
	}
	if cfg.answerWindow <= 0 || cfg.duration <= 0 {
		return config{}, fmt.Errorf("-answer-window and -duration must be positive durations like 10s")
	}
	if cfg.connectRate <= 0 {
		return config{}, fmt.Errorf("-connect-rate must be positive")
	}
	if cfg.serverPIDs, err = parsePIDs(*pids); err != nil {
		return config{}, err
	}
	for _, pid := range cfg.serverPIDs {
		if _, err := readMemory(pid); err != nil {
			return config{}, fmt.Errorf("-server-pid %d: %w", pid, err)
		}
	}
	if cfg.seed == 0 {
		cfg.seed = time.Now().UnixNano()
	}
	nodes, err := parseNodes(*urls, cfg.allowRemote, out)
	if err != nil {
		return config{}, err
	}
	cfg.nodes = nodes
	if cfg.sources, err = parseSources(*sources); err != nil {
		return config{}, err
	}
	return cfg, nil
}

// parseNodes splits -url into node base URLs and refuses hosts that are not
// loopback unless allowRemote.
func parseNodes(list string, allowRemote bool, warn io.Writer) ([]*url.URL, error) {
	var nodes []*url.URL
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("-url %q is not an http(s) base URL like %s", s, defaultURL)
		}
		u.Path = strings.TrimRight(u.Path, "/")
		u.RawQuery, u.Fragment = "", ""
		if !isLoopbackHost(u.Hostname()) {
			if !allowRemote {
				return nil, fmt.Errorf("-url %q is not a loopback address; the load test only runs against a Ting on this machine unless -allow-remote is given", s)
			}
			fmt.Fprintf(warn, "loadtest: WARNING: %s is not on this machine; every user of that server will feel this load\n", u.Host)
		}
		nodes = append(nodes, u)
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("-url is empty")
	}
	return nodes, nil
}

// isLoopbackHost reports whether host is localhost or a loopback IP.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parsePIDs reads -server-pid: empty, one PID, or a comma-separated list.
func parsePIDs(list string) ([]int, error) {
	var pids []int
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		pid, err := strconv.Atoi(s)
		if err != nil || pid <= 0 {
			return nil, fmt.Errorf("-server-pid: %q is not a process id", s)
		}
		pids = append(pids, pid)
	}
	return pids, nil
}

// parseSources reads -sources.
func parseSources(list string) ([]net.IP, error) {
	var ips []net.IP
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		ip := net.ParseIP(s)
		if ip == nil {
			return nil, fmt.Errorf("-sources: %q is not an IP address", s)
		}
		ips = append(ips, ip)
	}
	return ips, nil
}

// raiseFileLimit lifts the soft RLIMIT_NOFILE to the hard limit and checks
// that need descriptors fit. It returns the new soft limit.
func raiseFileLimit(need uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("read the open files limit: %w", err)
	}
	if lim.Cur < lim.Max {
		raised := lim
		raised.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised); err == nil {
			lim = raised
		}
	}
	if need > lim.Cur {
		return lim.Cur, fmt.Errorf("%d phones need about %d open files, but this process may open only %d (hard limit %d): lower -phones or raise the limit (ulimit -Hn)",
			need-reservedFiles, need, lim.Cur, lim.Max)
	}
	return lim.Cur, nil
}

// warnPorts warns when one source address would run out of local ports.
func warnPorts(cfg config, logf func(string, ...any)) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return
	}
	var lo, hi int
	if _, err := fmt.Sscan(string(b), &lo, &hi); err != nil || hi <= lo {
		return
	}
	per := cfg.phones
	if n := len(cfg.sources); n > 0 {
		per = (cfg.phones + n - 1) / n
	}
	if per > hi-lo {
		logf("WARNING: %d connections per source address but only %d local ports (%d-%d); give more -sources", per, hi-lo, lo, hi)
	}
}

// ownerKey is the one place the load generator gets its credential: the
// -admin-key flag, else TING_ADMIN_KEY.
func ownerKey(flagValue string, getenv func(string) string) string {
	if k := strings.TrimSpace(flagValue); k != "" {
		return k
	}
	return strings.TrimSpace(getenv("TING_ADMIN_KEY"))
}
