package deploy_test

import (
	"cmp"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

type composeFile struct {
	Services map[string]composeService
	Volumes  map[string]any
}

type composeService struct {
	Image string
	Build *struct {
		Context    string
		Dockerfile string
	}
	Command     []string
	Environment map[string]string
	Ports       []string
	Expose      []string
	Volumes     []string
	// StopGracePeriod is how long Docker waits after SIGTERM (default 10s).
	StopGracePeriod string `yaml:"stop_grace_period"`
}

// mounts maps a service's container paths to their host paths (relative
// to deploy/) or volume names.
func (s composeService) mounts() map[string]string {
	m := map[string]string{}
	for _, v := range s.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 {
			m[parts[1]] = parts[0]
		}
	}
	return m
}

// containerPorts lists the container side of ports and expose.
func (s composeService) containerPorts() []string {
	var ps []string
	for _, p := range s.Ports {
		ps = append(ps, p[strings.LastIndex(p, ":")+1:])
	}
	return append(ps, s.Expose...)
}

// tingNodes returns the services built from deploy/Dockerfile.
func (c composeFile) tingNodes() []string {
	var nodes []string
	for name, s := range c.Services {
		if s.Build != nil && path.Join(s.Build.Context, s.Build.Dockerfile) == "../deploy/Dockerfile" {
			nodes = append(nodes, name)
		}
	}
	slices.Sort(nodes)
	return nodes
}

// service returns the one service whose image starts with prefix.
func (c composeFile) service(t *testing.T, imagePrefix string) (string, composeService) {
	t.Helper()
	for name, s := range c.Services {
		if strings.HasPrefix(s.Image, imagePrefix) {
			return name, s
		}
	}
	t.Fatalf("compose.yaml: no service with an image %s…", imagePrefix)
	return "", composeService{}
}

func loadCompose(t *testing.T) composeFile {
	t.Helper()
	var c composeFile
	decodeYAML(t, "compose.yaml", &c)
	return c
}

// TestComposeImages: every service names a pinned image, and every file it
// mounts from the repository exists.
func TestComposeImages(t *testing.T) {
	c := loadCompose(t)
	for name, s := range c.Services {
		repo, tag, _ := strings.Cut(s.Image, ":")
		if repo == "" || tag == "" || tag == "latest" {
			t.Errorf("%s: image %q, want a pinned tag", name, s.Image)
		}
		for target, src := range s.mounts() {
			if strings.HasPrefix(src, ".") {
				if _, err := os.Stat(filepath.FromSlash(src)); err != nil {
					t.Errorf("%s: mount of %s: %v", name, target, err)
				}
			} else if _, ok := c.Volumes[src]; !ok {
				t.Errorf("%s: volume %q is not declared", name, src)
			}
		}
	}
}

// TestComposeTing: two or more Ting nodes of one image, on port 8080, on
// the Redis service, set only by settings Ting has.
func TestComposeTing(t *testing.T) {
	c := loadCompose(t)
	nodes := c.tingNodes()
	if len(nodes) < 2 {
		t.Fatalf("Ting nodes %q, want two or more built from deploy/Dockerfile", nodes)
	}
	redisName, _ := c.service(t, "redis:")
	for _, name := range nodes {
		s := c.Services[name]
		if s.Image != c.Services[nodes[0]].Image || !strings.HasPrefix(s.Image, "ting:") {
			t.Errorf("%s: image %q, want the same ting:… image on every node", name, s.Image)
		}
		checkSettings(t, name, s.Environment)
		if u := s.Environment["TING_REDIS_URL"]; !strings.HasPrefix(u, "redis://"+redisName+":6379/") {
			t.Errorf("%s: TING_REDIS_URL %q, want the %s service", name, u, redisName)
		}
		if addr := s.Environment["TING_ADDR"]; addr != "" && addr != ":8080" {
			t.Errorf("%s: TING_ADDR %q, want :8080", name, addr)
		}
		if !slices.Contains(s.containerPorts(), "8080") {
			t.Errorf("%s: port 8080 not exposed (%q)", name, s.containerPorts())
		}
		// Draining: Docker must not kill the node before it has closed
		// every phone.
		grace, err := time.ParseDuration(cmp.Or(s.StopGracePeriod, "10s"))
		if shutdown := shutdownTimeout(t, s.Environment); err != nil || grace <= shutdown {
			t.Errorf("%s: stop_grace_period %q, want more than TING_SHUTDOWN_TIMEOUT %v", name, s.StopGracePeriod, shutdown)
		}
	}
}

// TestComposeRedis: Redis keeps an append-only file on a volume, synced
// before it replies, so that no acknowledged answer is lost in a crash.
func TestComposeRedis(t *testing.T) {
	_, s := loadCompose(t).service(t, "redis:")
	cmd := strings.Join(s.Command, " ")
	if !strings.Contains(cmd, "--appendonly yes") || !strings.Contains(cmd, "--appendfsync always") {
		t.Errorf("redis command %q, want --appendonly yes --appendfsync always", cmd)
	}
	if src := s.mounts()["/data"]; src == "" || strings.HasPrefix(src, ".") {
		t.Errorf("redis /data on %q, want a named volume", src)
	}
}

// TestComposeProxy: Caddy on 8080 in front of every Ting node, with a
// readiness check and no sticky sessions; WebSockets pass without settings.
func TestComposeProxy(t *testing.T) {
	c := loadCompose(t)
	_, s := c.service(t, "caddy:")
	if !slices.Contains(s.Ports, "8080:8080") {
		t.Errorf("proxy ports %q, want 8080:8080", s.Ports)
	}
	src := s.mounts()["/etc/caddy/Caddyfile"]
	if src == "" {
		t.Fatal("no Caddyfile mounted at /etc/caddy/Caddyfile")
	}
	caddyfile := string(read(t, src))
	var directives []string // each line, white space collapsed, comments left out
	for _, l := range strings.Split(caddyfile, "\n") {
		if f := strings.Fields(l); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
			directives = append(directives, strings.Join(f, " "))
		}
	}
	want := "reverse_proxy"
	for _, n := range c.tingNodes() {
		want += " " + n + ":8080"
	}
	for _, d := range []string{":8080 {", want + " {", "health_uri /readyz", "lb_policy least_conn"} {
		if !slices.Contains(directives, d) {
			t.Errorf("Caddyfile has no %q", d)
		}
	}
	if strings.Contains(caddyfile, "lb_policy cookie") || strings.Contains(caddyfile, "lb_policy ip_hash") {
		t.Error("Caddyfile makes sessions sticky: any node serves any phone")
	}
	if strings.Count(caddyfile, "{") != strings.Count(caddyfile, "}") {
		t.Error("Caddyfile braces do not balance")
	}
}

// TestComposePrometheus: Prometheus scrapes /metrics of every Ting node.
func TestComposePrometheus(t *testing.T) {
	c := loadCompose(t)
	_, s := c.service(t, "prom/prometheus:")
	var cfg struct {
		ScrapeConfigs []struct {
			MetricsPath   string                       `yaml:"metrics_path"`
			StaticConfigs []struct{ Targets []string } `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	decodeYAML(t, s.mounts()["/etc/prometheus/prometheus.yml"], &cfg)
	var targets []string
	for _, sc := range cfg.ScrapeConfigs {
		if sc.MetricsPath != "" && sc.MetricsPath != "/metrics" {
			continue
		}
		for _, st := range sc.StaticConfigs {
			targets = append(targets, st.Targets...)
		}
	}
	for _, n := range c.tingNodes() {
		if !slices.Contains(targets, n+":8080") {
			t.Errorf("Prometheus does not scrape %s:8080/metrics (targets %q)", n, targets)
		}
	}
}

// TestComposeGrafana: Grafana reads Prometheus and loads the Ting
// dashboard, whose queries name only metrics Ting has.
func TestComposeGrafana(t *testing.T) {
	c := loadCompose(t)
	promName, _ := c.service(t, "prom/prometheus:")
	_, s := c.service(t, "grafana/grafana:")
	mounts := s.mounts()
	prov := mounts["/etc/grafana/provisioning"]
	if prov == "" {
		t.Fatal("no provisioning mounted at /etc/grafana/provisioning")
	}
	var ds struct {
		Datasources []struct{ Type, URL string }
	}
	decodeYAML(t, prov+"/datasources/prometheus.yaml", &ds)
	if len(ds.Datasources) != 1 || ds.Datasources[0].Type != "prometheus" || ds.Datasources[0].URL != "http://"+promName+":9090" {
		t.Errorf("data sources %+v, want prometheus at http://%s:9090", ds.Datasources, promName)
	}
	var dash struct {
		Providers []struct {
			Options struct{ Path string }
		}
	}
	decodeYAML(t, prov+"/dashboards/ting.yaml", &dash)
	if len(dash.Providers) != 1 {
		t.Fatalf("dashboard providers %+v, want 1", dash.Providers)
	}
	dir := dash.Providers[0].Options.Path
	var board string
	for target, src := range mounts {
		if path.Dir(target) == dir && strings.HasSuffix(target, ".json") {
			board = path.Clean(src)
		}
	}
	if board != "grafana/ting-dashboard.json" {
		t.Fatalf("dashboard mounted into %s from %q, want grafana/ting-dashboard.json", dir, board)
	}
	if home := s.Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]; home != "" && path.Clean(mounts[home]) != board {
		t.Errorf("home dashboard %s is not the mounted dashboard", home)
	}
	checkDashboard(t, board)
}

// checkDashboard wants valid JSON with panels, whose ting_ metrics are all
// registered somewhere in hub/ or pkg/.
func checkDashboard(t *testing.T, file string) {
	t.Helper()
	raw := read(t, file)
	var d struct {
		Title  string
		Panels []json.RawMessage
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if d.Title == "" || len(d.Panels) == 0 {
		t.Errorf("%s: title %q, %d panels", file, d.Title, len(d.Panels))
	}
	known := registeredMetrics(t)
	metric := regexp.MustCompile(`\bting_[a-z0-9_]+`)
	for _, m := range metric.FindAllString(string(raw), -1) {
		base := m
		for _, suffix := range []string{"_bucket", "_sum", "_count"} {
			if b, ok := strings.CutSuffix(m, suffix); ok && known[b] {
				base = b
			}
		}
		if !known[base] {
			t.Errorf("%s: %s is not a metric of Ting", file, m)
		}
	}
}

// registeredMetrics finds the "ting_…" string literals in the Go sources.
func registeredMetrics(t *testing.T) map[string]bool {
	t.Helper()
	lit := regexp.MustCompile(`"(ting_[a-z0-9_]+)"`)
	known := map[string]bool{}
	for _, root := range []string{"../hub", "../pkg"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			b, err := os.ReadFile(p)
			for _, m := range lit.FindAllSubmatch(b, -1) {
				known[string(m[1])] = true
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if !known["ting_hub_connections"] {
		t.Fatal("no ting_hub_connections in hub/: where are the metrics registered?")
	}
	return known
}
