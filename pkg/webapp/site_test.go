package webapp

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"

	"github.com/ting-live/ting/static"
)

var app = fstest.MapFS{
	"phone.html": {Data: []byte(`<!doctype html>
<html>
  <head>
    <link rel="icon" href="/assets/icon.svg">
    <link rel="stylesheet" href="/assets/app.css">
    <script type="module" src="/assets/phone.js"></script>
  </head>
  <body></body>
</html>
`)},
	"broken.html":           {Data: []byte(`<html><head><script type="module" src="/assets/gone.js"></script></head></html>`)},
	"assets/icon.svg":       {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
	"assets/app.css":        {Data: []byte(`@import "parts/base.css";` + "\n" + strings.Repeat("body { color: black; }\n", 50))},
	"assets/parts/base.css": {Data: []byte(`@import url("../more.css");` + "\nhtml { margin: 0 }\n")},
	"assets/more.css":       {Data: []byte("p { margin: 0 }\n")},
	"assets/phone.js": {Data: []byte(`// import { nope } from './commented.js';
/* import { nope } from './blocked.js'; */
import { a,
  b } from './common.js';
import './side.js';
export { c } from "./types/choice.js";
export * as all from './types/cloud.js';
export const label = 'from ./not-an-import.js';
const lazy = () => import('./lazy.js');
` + strings.Repeat("console.log(a, b);\n", 100))},
	"assets/common.js":       {Data: []byte("export const a = 1, b = 2;\n")},
	"assets/side.js":         {Data: []byte("import { a } from './common.js';\n")},
	"assets/types/choice.js": {Data: []byte("// one of types/*.js\nimport { a } from '../common.js';\nimport { x } from '/assets/types/shared.js';\nexport const c = a + x;\n")},
	"assets/types/shared.js": {Data: []byte("export const x = 3;\n")},
	"assets/types/cloud.js":  {Data: []byte("export const w = 1;\n")},
	"assets/lazy.js":         {Data: []byte("export const l = 1;\n")},
	"assets/sw.js":           {Data: []byte("const { version } = self.TING_OFFLINE;\n")},
}

func site(t *testing.T) *Site {
	t.Helper()
	s, err := build(app, false)
	if err != nil {
		t.Fatal(err)
	}
	<-s.Compressed()
	return s
}

func get(t *testing.T, serve func(http.ResponseWriter, *http.Request) bool, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", "/", nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	if !serve(w, req) {
		w.WriteHeader(http.StatusNotFound)
	}
	return w.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	var r io.Reader = res.Body
	switch res.Header.Get("Content-Encoding") {
	case "br":
		r = brotli.NewReader(res.Body)
	case "gzip":
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The page names every module and style sheet its scripts and sheets load,
// however deep and however written, under the versioned URLs; lazy imports
// and strings that only look like imports are left out.
func TestPagePreloadsTheWholeImportGraph(t *testing.T) {
	s := site(t)
	page := string(s.pages["phone.html"].body)
	v := "/assets/" + s.Version + "/"
	for _, want := range []string{
		`<link rel="icon" href="` + v + `icon.svg">`,
		`<link rel="stylesheet" href="` + v + `app.css">`,
		`<script type="module" src="` + v + `phone.js"></script>`,
		`    <link rel="modulepreload" href="` + v + `common.js">` + "\n",
		`<link rel="modulepreload" href="` + v + `side.js">`,
		`<link rel="modulepreload" href="` + v + `types/choice.js">`,
		`<link rel="modulepreload" href="` + v + `types/shared.js">`,
		`<link rel="modulepreload" href="` + v + `types/cloud.js">`,
		`<link rel="preload" href="` + v + `parts/base.css" as="style">`,
		`<link rel="preload" href="` + v + `more.css" as="style">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s:\n%s", want, page)
		}
	}
	for _, never := range []string{"commented.js", "blocked.js", "not-an-import.js", "lazy.js", `modulepreload" href="` + v + `phone.js`} {
		if strings.Contains(page, never) {
			t.Errorf("page preloads %s:\n%s", never, page)
		}
	}
	if !strings.Contains(page, "</script>\n    <link rel=\"modulepreload\"") || !strings.HasSuffix(strings.TrimSpace(page[:strings.Index(page, "</head>")]), ">") {
		t.Errorf("preload links not in the head:\n%s", page)
	}
	if want := []string{"broken.html names assets/gone.js"}; !slices.Equal(s.Problems, want) {
		t.Errorf("problems %q, want %q", s.Problems, want)
	}
	needs := s.Needs("phone.html")
	if len(needs) != 10 || !slices.Contains(needs, v+"phone.js") || !slices.Contains(needs, v+"more.css") {
		t.Errorf("needs %q", needs)
	}
}

func TestVersionChangesWithAnyAsset(t *testing.T) {
	a := site(t)
	changed := fstest.MapFS{}
	for k, v := range app {
		changed[k] = v
	}
	changed["assets/types/shared.js"] = &fstest.MapFile{Data: []byte("export const x = 4;\n")}
	b, err := build(changed, false)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version == b.Version || len(a.Version) != versionLen {
		t.Errorf("versions %q and %q", a.Version, b.Version)
	}
}

func TestAssetsCachedByVersion(t *testing.T) {
	s := site(t)
	asset := func(p string) func(http.ResponseWriter, *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool { return s.ServeAsset(w, r, p) }
	}
	for _, tc := range []struct{ path, cache string }{
		{s.Version + "/phone.js", Immutable},
		{s.Version + "/types/choice.js", Immutable},
		{"phone.js", Revalidate},
		{"types/choice.js", Revalidate},
		{"0123456789ab/phone.js", Revalidate}, // another build's page during a rollout
	} {
		res := get(t, asset(tc.path), "Accept-Encoding", "gzip, br")
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != tc.cache {
			t.Errorf("%s: %d %q, want 200 %q", tc.path, res.StatusCode, res.Header.Get("Cache-Control"), tc.cache)
		}
		if got := res.Header.Get("Content-Type"); got != "text/javascript" {
			t.Errorf("%s: Content-Type %q", tc.path, got)
		}
		if (res.Header.Get("ETag") == "") != (tc.cache == Immutable) {
			t.Errorf("%s: ETag %q with %q", tc.path, res.Header.Get("ETag"), tc.cache)
		}
	}
	for _, p := range []string{"nope.js", s.Version + "/nope.js", "../phone.html", s.Version} {
		if res := get(t, asset(p)); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}

func TestCompressionAsAsked(t *testing.T) {
	s := site(t)
	js := func(w http.ResponseWriter, r *http.Request) bool { return s.ServeAsset(w, r, s.Version+"/phone.js") }
	plain := string(app["assets/phone.js"].Data)
	for _, tc := range []struct{ accept, enc string }{
		{"gzip, deflate, br, zstd", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip;q=0.5", "gzip"},
		{"BR", "br"},
		{"", ""},
		{"identity", ""},
		{"gzip;q=0", ""},
	} {
		res := get(t, js, "Accept-Encoding", tc.accept)
		if got := res.Header.Get("Content-Encoding"); got != tc.enc {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.enc)
		}
		if res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.accept, res.Header.Get("Vary"))
		}
		if b := body(t, res); b != plain {
			t.Errorf("Accept-Encoding %q: body differs", tc.accept)
		}
	}
	f := s.assets["assets/phone.js"]
	if br := f.br.Load(); br == nil || len(*br) >= len(f.gz) || len(f.gz) >= len(f.body) {
		t.Errorf("sizes: body %d, gzip %d, brotli %v", len(f.body), len(f.gz), br != nil)
	}
	// A file that does not shrink is sent as it is, without Vary.
	tiny := get(t, func(w http.ResponseWriter, r *http.Request) bool { return s.ServeAsset(w, r, "more.css") }, "Accept-Encoding", "br")
	if tiny.Header.Get("Content-Encoding") != "" || tiny.Header.Get("Vary") != "" {
		t.Errorf("tiny file: %v", tiny.Header)
	}
}

// A page is revalidated: its ETag brings a 304, in any encoding, weak or
// strong; a changed page does not match.
func TestPageRevalidatedByETag(t *testing.T) {
	s := site(t)
	page := func(w http.ResponseWriter, r *http.Request) bool { return s.ServePage(w, r, "phone.html") }
	first := get(t, page, "Accept-Encoding", "br")
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || first.Header.Get("Cache-Control") != "no-cache" || !strings.HasSuffix(etag, `-br"`) {
		t.Fatalf("first: %d %v", first.StatusCode, first.Header)
	}
	if b := body(t, first); !strings.Contains(b, "modulepreload") {
		t.Errorf("page body %q", b)
	}
	for _, inm := range []string{etag, "W/" + etag, `"x", ` + strings.Replace(etag, "-br", "-gzip", 1), "*"} {
		res := get(t, page, "Accept-Encoding", "gzip", "If-None-Match", inm)
		if res.StatusCode != http.StatusNotModified || res.ContentLength > 0 {
			t.Errorf("If-None-Match %s: %d, want 304", inm, res.StatusCode)
		}
		if b, _ := io.ReadAll(res.Body); len(b) != 0 {
			t.Errorf("304 with a body")
		}
	}
	if res := get(t, page, "If-None-Match", `"0123456789abcdef0123-br"`); res.StatusCode != 200 {
		t.Errorf("stale ETag: %d, want 200", res.StatusCode)
	}
	if res := get(t, func(w http.ResponseWriter, r *http.Request) bool { return s.ServePage(w, r, "none.html") }); res.StatusCode != 404 {
		t.Errorf("missing page: %d", res.StatusCode)
	}
}

func TestWorkerKnowsWhatToKeep(t *testing.T) {
	s := site(t)
	wk, err := s.Worker("assets/sw.js", map[string]string{"/": "phone.html"})
	if err != nil {
		t.Fatal(err)
	}
	res := get(t, func(w http.ResponseWriter, r *http.Request) bool { wk.Serve(w, r); return true })
	b := body(t, res)
	if res.Header.Get("Cache-Control") != "no-cache" || res.Header.Get("Content-Type") != "text/javascript" {
		t.Errorf("headers %v", res.Header)
	}
	v := "/assets/" + s.Version + "/"
	head, _, _ := strings.Cut(b, "\n")
	for _, want := range []string{`self.TING_OFFLINE = {"version":"` + s.Version + `","pages":["/"],"assets":[`, `"` + v + `types/shared.js"`, `"` + v + `icon.svg"`} {
		if !strings.Contains(head, want) {
			t.Errorf("first line %q lacks %q", head, want)
		}
	}
	if !strings.HasSuffix(b, string(app["assets/sw.js"].Data)) {
		t.Errorf("script %q", b)
	}
	if _, err := s.Worker("assets/sw.js", map[string]string{"/": "gone.html"}); err == nil {
		t.Error("a worker for a missing page")
	}
}

// The web app as embedded names nothing it lacks, bundles every page, and
// still serves each module under its own name.
func TestEmbeddedWebApp(t *testing.T) {
	s, err := Build(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) > 0 {
		t.Errorf("problems: %q", s.Problems)
	}
	if s.BundleErr != nil {
		t.Errorf("not bundled: %v", s.BundleErr)
	}
	if again, _ := Build(static.FS); again != s {
		t.Error("the embedded web app built twice")
	}
	for _, page := range []string{"phone", "screen", "host"} {
		body := string(s.pages[page+".html"].body)
		want := []string{s.URL("assets/icon.svg"), s.URL(BundleDir + "/" + page + ".css"), s.URL(BundleDir + "/" + page + ".js")}
		if got := s.Needs(page + ".html"); !slices.Equal(got, want) {
			t.Errorf("%s needs %q, want %q", page, got, want)
		}
		if n := strings.Count(body, "<script"); n != 1 || strings.Count(body, `rel="stylesheet"`) != 1 || strings.Contains(body, "modulepreload") {
			t.Errorf("%s page is not bundled:\n%s", page, body)
		}
	}
	if _, ok := s.assets["assets/common.js"]; !ok {
		t.Error("common.js no longer served on its own")
	}
}

// bundled is the test web app without the page that names a file it lacks.
func bundled(t *testing.T, changes map[string]string) *Site {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range app {
		if k != "broken.html" {
			fsys[k] = v
		}
	}
	for k, v := range changes {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	s, err := build(fsys, true)
	if err != nil {
		t.Fatal(err)
	}
	<-s.Compressed()
	return s
}

// A page gets one script and one style sheet: every module its script
// loads, however deep, and every sheet its links and their
// @imports name, in the order the browser would apply them; the page names
// the two and the icon, nothing else, and the service worker keeps those.
func TestPageBundled(t *testing.T) {
	s := bundled(t, nil)
	if s.BundleErr != nil {
		t.Fatal(s.BundleErr)
	}
	v := "/assets/" + s.Version + "/"
	page := string(s.pages["phone.html"].body)
	want := `<head>
    <link rel="icon" href="` + v + `icon.svg">
    <link rel="stylesheet" href="` + v + `bundle/phone.css">
    <script type="module" src="` + v + `bundle/phone.js"></script>
  </head>`
	if !strings.Contains(page, want) {
		t.Errorf("page:\n%s\nwant:\n%s", page, want)
	}
	if got, want := s.Needs("phone.html"), []string{v + "icon.svg", v + "bundle/phone.css", v + "bundle/phone.js"}; !slices.Equal(got, want) {
		t.Errorf("needs %q, want %q", got, want)
	}

	js := get(t, func(w http.ResponseWriter, r *http.Request) bool {
		return s.ServeAsset(w, r, s.Version+"/bundle/phone.js")
	}, "Accept-Encoding", "br")
	code := body(t, js)
	if js.Header.Get("Cache-Control") != Immutable || js.Header.Get("Content-Encoding") != "br" || js.Header.Get("Content-Type") != "text/javascript" {
		t.Errorf("bundle served with %v", js.Header)
	}
	// The values of common.js (a, b: 1, 2) and of types/choice.js (a + x
	// of types/shared.js: 4) are in; the imports are gone, and so are the
	// comments.
	for _, in := range []string{"console.log(1,2)", "=4"} {
		if !strings.Contains(code, in) {
			t.Errorf("bundle lacks %q:\n%s", in, code)
		}
	}
	for _, out := range []string{"./common.js", "/assets/", "commented.js", "\n\n"} {
		if strings.Contains(code, out) {
			t.Errorf("bundle has %q:\n%s", out, code)
		}
	}
	if len(code) >= len(app["assets/phone.js"].Data) {
		t.Errorf("bundle of %d bytes not minified (phone.js alone has %d)", len(code), len(app["assets/phone.js"].Data))
	}

	css := body(t, get(t, func(w http.ResponseWriter, r *http.Request) bool {
		return s.ServeAsset(w, r, s.Version+"/bundle/phone.css")
	}))
	more, base, own := strings.Index(css, "p{margin:0}"), strings.Index(css, "html{margin:0}"), strings.Index(css, "body{color:#000}")
	if more < 0 || base < more || own < base || strings.Contains(css, "@import") {
		t.Errorf("style bundle out of order or incomplete:\n%s", css)
	}

	// The modules stay served one by one, for whatever imports them.
	if res := get(t, func(w http.ResponseWriter, r *http.Request) bool { return s.ServeAsset(w, r, s.Version+"/common.js") }); res.StatusCode != 200 {
		t.Errorf("common.js: %d", res.StatusCode)
	}

	wk, err := s.Worker("assets/sw.js", map[string]string{"/": "phone.html"})
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(body(t, get(t, func(w http.ResponseWriter, r *http.Request) bool { wk.Serve(w, r); return true })), "\n")
	if want := `"assets":["` + v + `bundle/phone.css","` + v + `bundle/phone.js","` + v + `icon.svg"]}`; !strings.Contains(head, want) {
		t.Errorf("worker keeps %s, want %s", head, want)
	}

	// The version follows the bundle's bytes.
	if unbundled := site(t); unbundled.Version == s.Version {
		t.Error("same version bundled and not")
	}
}

// A module esbuild cannot bundle (one it cannot parse, an import of a file
// the web app lacks) leaves the whole app served module by module, as
// before, and says why.
func TestBundleFailureServesModules(t *testing.T) {
	for name, changes := range map[string]map[string]string{
		"syntax":  {"assets/side.js": "import { a } from './common.js';\nexport const = ;\n"},
		"missing": {"assets/side.js": "import { z } from './nowhere.js';\n"},
		"clash":   {"assets/bundle/phone.js": "export {};\n"},
	} {
		s := bundled(t, changes)
		if s.BundleErr == nil || !strings.Contains(s.BundleErr.Error(), "phone.html") {
			t.Errorf("%s: error %v", name, s.BundleErr)
		}
		page := string(s.pages["phone.html"].body)
		if !strings.Contains(page, `<script type="module" src="/assets/`+s.Version+`/phone.js">`) ||
			!strings.Contains(page, `<link rel="modulepreload" href="/assets/`+s.Version+`/common.js">`) {
			t.Errorf("%s: page not served module by module:\n%s", name, page)
		}
	}
}
