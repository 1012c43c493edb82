package deploy_test

import (
	"bufio"
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// read returns the file at path (relative to deploy/).
func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// yamlDocs parses every document of a (multi-document) YAML file.
func yamlDocs(t *testing.T, path string) []*yaml.Node {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(read(t, path)))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, &n)
	}
}

// decodeYAML parses a one-document YAML file into v.
func decodeYAML(t *testing.T, path string, v any) {
	t.Helper()
	docs := yamlDocs(t, path)
	if len(docs) != 1 {
		t.Fatalf("%s: %d documents, want 1", path, len(docs))
	}
	if err := docs[0].Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// envFile reads KEY=VALUE lines, skipping blank lines and # comments.
func envFile(t *testing.T, path string) map[string]string {
	t.Helper()
	env := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(read(t, path)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: %q is not KEY=VALUE", path, line)
		}
		env[k] = v
	}
	return env
}

// tingSettings returns the environment variables of cmd/ting's settings
// table, each with its default, read from the source (package main cannot
// be imported).
func tingSettings(t *testing.T) map[string]string {
	t.Helper()
	const path = "../cmd/ting/config.go"
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "settings" || len(vs.Values) != 1 {
			return true
		}
		for _, el := range vs.Values[0].(*ast.CompositeLit).Elts {
			var s []string // flag, env, default, help
			for _, f := range el.(*ast.CompositeLit).Elts {
				lit, ok := f.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("%s: a setting holds %T, want string literals", path, f)
				}
				v, _ := strconv.Unquote(lit.Value)
				s = append(s, v)
			}
			settings[s[1]] = s[2]
		}
		return false
	})
	if len(settings) == 0 || settings["TING_ADDR"] != ":8080" {
		t.Fatalf("%s: no settings table found (got %v)", path, settings)
	}
	return settings
}

// shutdownTimeout is TING_SHUTDOWN_TIMEOUT in env, or its default.
func shutdownTimeout(t *testing.T, env map[string]string) time.Duration {
	t.Helper()
	v := env["TING_SHUTDOWN_TIMEOUT"]
	if v == "" {
		v = tingSettings(t)["TING_SHUTDOWN_TIMEOUT"]
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("TING_SHUTDOWN_TIMEOUT %q: %v", v, err)
	}
	return d
}

// checkSettings fails for every key of env that is not a Ting setting.
func checkSettings(t *testing.T, where string, env map[string]string) {
	t.Helper()
	settings := tingSettings(t)
	for k := range env {
		if _, ok := settings[k]; !ok {
			t.Errorf("%s: %s is not a setting of cmd/ting", where, k)
		}
	}
}
