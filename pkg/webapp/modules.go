package webapp

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Static import and re-export statements of an ES module: `import x from
// './a.js'`, `import './a.js'`, `export { x } from './a.js'`,
// `export * from './a.js'`, spread over lines or not. Dynamic import() is
// left out: what a module loads lazily is not preloaded.
var (
	importRe = regexp.MustCompile(`(?m)^[ \t]*import\s*(?:[^;'"()]*?\bfrom\s*)?['"]([^'"]+)['"]`)
	exportRe = regexp.MustCompile(`(?m)^[ \t]*export\s*[*{][^;'"]*?\bfrom\s*['"]([^'"]+)['"]`)
	// cssImportRe finds `@import "a.css"` and `@import url(a.css)`.
	cssImportRe = regexp.MustCompile(`@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)`)
)

// imports lists the files a module or style sheet loads, as paths inside the
// file system (name is its own path there). Bare specifiers and URLs of
// other origins are skipped.
func imports(name string, body []byte) []string {
	var res []*regexp.Regexp
	switch path.Ext(name) {
	case ".js", ".mjs":
		res = []*regexp.Regexp{importRe, exportRe}
	case ".css":
		res = []*regexp.Regexp{cssImportRe}
	default:
		return nil
	}
	src := stripBlockComments(stripLineComments(string(body)))
	var out []string
	for _, re := range res {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			if p, ok := resolve(name, m[1]); ok {
				out = append(out, p)
			}
		}
	}
	return out
}

// lineComment is a line that is a // comment only.
var lineComment = regexp.MustCompile(`(?m)^[ \t]*//.*$`)

// stripLineComments blanks the lines that are // comments, so a "/*" in
// one ("see types/*.js") does not open a block comment that hides the
// imports after it.
func stripLineComments(s string) string { return lineComment.ReplaceAllString(s, "") }

// stripBlockComments blanks /* … */ comments so an example import in a
// comment is not taken for one. Line comments cannot match: the patterns
// need the keyword at the start of a line.
func stripBlockComments(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			b.WriteString(s[:i])
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(strings.Repeat("\n", strings.Count(s[i:i+2+j+2], "\n")))
		s = s[i+2+j+2:]
	}
}

// resolve turns a specifier seen in file `from` into a path in the file
// system: "./x.js" and "../x.js" relative to it, "/assets/x.js" from the root.
func resolve(from, spec string) (string, bool) {
	spec, _, _ = strings.Cut(spec, "?")
	spec, _, _ = strings.Cut(spec, "#")
	switch {
	case strings.HasPrefix(spec, "./"), strings.HasPrefix(spec, "../"):
		return path.Join(path.Dir(from), spec), true
	case strings.HasPrefix(spec, "/") && !strings.HasPrefix(spec, "//"):
		return strings.TrimPrefix(path.Clean(spec), "/"), true
	case path.Ext(from) == ".css" && spec != "" && !strings.HasPrefix(spec, "/") && !strings.Contains(spec, ":"):
		// A style sheet's @import "parts/x.css" is relative too.
		return path.Join(path.Dir(from), spec), true
	}
	return "", false
}

// closure lists every file the roots load, directly or through others,
// without the roots themselves, sorted, and the files loaded that are
// missing (each as "x.js loads y.js").
func closure(files map[string]*file, roots []string) (out, missing []string) {
	seen := map[string]bool{}
	for _, r := range roots {
		seen[r] = true
	}
	queue := append([]string(nil), roots...)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		for _, dep := range files[name].deps {
			if seen[dep] {
				continue
			}
			seen[dep] = true
			if _, ok := files[dep]; !ok {
				missing = append(missing, fmt.Sprintf("%s loads %s", name, dep))
				continue
			}
			out = append(out, dep)
			queue = append(queue, dep)
		}
	}
	sort.Strings(out)
	return out, missing
}
