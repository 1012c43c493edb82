package deploy_test

import (
	"strings"
	"testing"
)

// instruction is one line of a Dockerfile, continuations joined.
type instruction struct {
	cmd  string // upper case: FROM, RUN, ...
	args string
}

// dockerStages splits the Dockerfile into its stages' instructions.
func dockerStages(t *testing.T, path string) [][]instruction {
	t.Helper()
	var stages [][]instruction
	var line string
	for _, l := range strings.Split(string(read(t, path)), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") || (l == "" && line == "") {
			continue
		}
		if rest, ok := strings.CutSuffix(l, "\\"); ok {
			line += rest + " "
			continue
		}
		line += l
		cmd, args, _ := strings.Cut(line, " ")
		line = ""
		in := instruction{strings.ToUpper(cmd), strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		} else if len(stages) == 0 {
			t.Fatalf("%s: %s before FROM", path, in.cmd)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	return stages
}

// TestDockerfile: two stages, a static binary built in the first, run in a
// distroless image as a non-root user on port 8080.
func TestDockerfile(t *testing.T) {
	stages := dockerStages(t, "Dockerfile")
	if len(stages) != 2 {
		t.Fatalf("%d stages, want 2 (build, run)", len(stages))
	}
	build, run := stages[0], stages[1]
	if from := build[0].args; !strings.HasPrefix(from, "golang:") || !strings.HasSuffix(from, " AS build") {
		t.Errorf("build stage FROM %q, want golang:… AS build", from)
	}
	var static bool
	for _, in := range build {
		if in.cmd == "RUN" && strings.Contains(in.args, "CGO_ENABLED=0 go build") && strings.Contains(in.args, "./cmd/ting") {
			static = true
		}
	}
	if !static {
		t.Error("build stage has no CGO_ENABLED=0 go build … ./cmd/ting")
	}

	if from := run[0].args; !strings.HasPrefix(from, "gcr.io/distroless/static") {
		t.Errorf("run stage FROM %q, want gcr.io/distroless/static…", from)
	}
	got := map[string][]string{}
	for _, in := range run[1:] {
		got[in.cmd] = append(got[in.cmd], in.args)
	}
	users := got["USER"]
	if len(users) == 0 {
		t.Error("run stage has no USER: it would run as root")
	}
	for _, u := range users {
		if name, _, _ := strings.Cut(u, ":"); name == "root" || name == "0" {
			t.Errorf("USER %s is root", u)
		}
	}
	if !strings.Contains(strings.Join(got["COPY"], "\n"), "--from=build /out/ting /ting") {
		t.Errorf("run stage COPY %q does not take the binary from the build stage", got["COPY"])
	}
	if e := strings.Join(got["ENTRYPOINT"], " "); e != `["/ting"]` {
		t.Errorf(`ENTRYPOINT %s, want ["/ting"]`, e)
	}
	if strings.Join(got["EXPOSE"], " ") != "8080" {
		t.Errorf("EXPOSE %q, want 8080", got["EXPOSE"])
	}
	env := map[string]string{}
	for _, e := range got["ENV"] {
		for _, kv := range strings.Fields(e) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	}
	checkSettings(t, "Dockerfile ENV", env)
	if env["TING_ADDR"] != ":8080" {
		t.Errorf("ENV TING_ADDR=%q, want :8080 as EXPOSEd", env["TING_ADDR"])
	}
}
