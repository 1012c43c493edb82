// Package webapp serves the web app from a file system read once at start:
// each page's modules and style sheets bundled into one script and one
// sheet (esbuild, in memory), every file compressed once (gzip and Brotli),
// assets under a URL that carries the build's version so browsers keep them
// for a year, pages revalidated by ETag. Served unbundled (when bundling
// fails), each page is told every module and style sheet it needs
// (modulepreload) so the browser still fetches them in one round trip.
package webapp

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"
)

// AssetDir is the folder of the file system that holds the assets, served
// under /assets/.
const AssetDir = "assets"

// Site is the web app as served: pages and assets, compressed, versioned.
type Site struct {
	// Version is a hash of every asset: it changes whenever one does, and
	// versioned asset URLs are /assets/<Version>/<path>.
	Version string
	assets  map[string]*file // by path in the file system ("assets/phone.js")
	pages   map[string]*file // by file name ("phone.html")
	needs   map[string][]string
	// Problems lists what the web app names but does not have (a page's
	// asset, a module's import): the browser would get a 404 for it.
	Problems []string
	// BundleErr says why the pages are served module by module, as they
	// are in the file system, rather than bundled; nil when bundled.
	BundleErr error

	brotliDone chan struct{}
}

// file is one response body in each encoding.
type file struct {
	name  string
	body  []byte
	gz    []byte                 // nil when gzip does not make it smaller
	br    atomic.Pointer[[]byte] // nil until compressed, and when Brotli does not make it smaller
	hash  string                 // of body, for the ETag
	ctype string
	deps  []string // modules and style sheets it loads
}

var (
	builtMu sync.Mutex
	built   = map[any]*Site{}
)

// Build reads and compresses the web app once. The same file system value
// (the embedded one in every test server) is built only once per process.
func Build(fsys fs.FS) (*Site, error) {
	key, comparable := any(fsys), isComparable(fsys)
	if comparable {
		builtMu.Lock()
		defer builtMu.Unlock()
		if s, ok := built[key]; ok {
			return s, nil
		}
	}
	s, err := build(fsys, true)
	if err != nil {
		return nil, err
	}
	if comparable {
		built[key] = s
	}
	return s, nil
}

func isComparable(v any) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_ = map[any]bool{v: true}
	return true
}

// build reads the web app, bundles each page's code and style when bundle
// is set, and compresses it all.
func build(fsys fs.FS, bundle bool) (*Site, error) {
	s := &Site{assets: map[string]*file{}, pages: map[string]*file{}, needs: map[string][]string{}}
	var names []string
	err := fs.WalkDir(fsys, AssetDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		s.assets[p] = &file{name: p, body: body, deps: imports(p, body)}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webapp: read assets: %w", err)
	}
	pages, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return nil, err
	}
	html := map[string][]byte{}
	for _, name := range pages {
		if html[name], err = fs.ReadFile(fsys, name); err != nil {
			return nil, err
		}
	}
	if bundle {
		made, err := s.bundleAll(fsys, pages, html)
		if err != nil {
			s.BundleErr = err
		} else {
			for _, name := range pages {
				html[name] = useBundles(html[name], made[name])
				for _, p := range []string{made[name].js, made[name].css} {
					if p != "" {
						names = append(names, p)
					}
				}
			}
		}
	}

	// The version covers the bundles too: a newer esbuild may make other
	// bytes of the same modules.
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(s.assets[n].body))
		h.Write(s.assets[n].body)
	}
	s.Version = hex.EncodeToString(h.Sum(nil))[:versionLen]

	for _, name := range pages {
		out, needs := s.rewritePage(name, html[name])
		s.pages[name] = &file{name: name, body: out}
		s.needs[name] = needs
	}
	// Pages first (small, and asked for first), then the assets in name
	// order.
	all := make([]*file, 0, len(s.assets)+len(s.pages))
	for _, name := range pages {
		all = append(all, s.pages[name])
	}
	for _, name := range names {
		all = append(all, s.assets[name])
	}
	for _, f := range all {
		f.gzip()
	}
	s.brotliDone = make(chan struct{})
	go s.brotliAll(all)
	return s, nil
}

// BackgroundWork names the goroutine that compresses with Brotli after
// start, for leak checks of tests that end before it does.
const BackgroundWork = "github.com/ting-live/ting/pkg/webapp.(*Site).brotliAll"

// brotliAll gives every file its Brotli form. Brotli at its best level
// takes about a second for the whole web app on one core: done once, after
// start, on one goroutine; until a file has it, gzip is served.
func (s *Site) brotliAll(files []*file) {
	for _, f := range files {
		f.brotli()
	}
	// The encoder's windows at its best level are tens of megabytes, freed
	// now; hand them back to the system, or the node keeps them as its
	// resident size for good.
	debug.FreeOSMemory()
	close(s.brotliDone)
}

// Compressed is closed once every file has its Brotli form.
func (s *Site) Compressed() <-chan struct{} { return s.brotliDone }

const versionLen = 12

// assetRef finds the asset URLs a page names in src and href attributes.
var assetRef = regexp.MustCompile(`\b(src|href)="/` + AssetDir + `/([^"?#]+)"`)

// rewritePage points the page's asset URLs at the versioned ones and adds a
// preload link for every module and style sheet its scripts and style
// sheets load, however deep. It returns the versioned URLs the page needs.
func (s *Site) rewritePage(name string, body []byte) ([]byte, []string) {
	var roots []string
	for _, m := range assetRef.FindAllSubmatch(body, -1) {
		p := AssetDir + "/" + string(m[2])
		if _, ok := s.assets[p]; !ok {
			s.Problems = append(s.Problems, fmt.Sprintf("%s names %s", name, p))
			continue
		}
		roots = append(roots, p)
	}
	deps, missing := closure(s.assets, roots)
	s.Problems = append(s.Problems, missing...)
	out := assetRef.ReplaceAll(body, []byte(`$1="`+s.URL("")+`$2"`))
	var links bytes.Buffer
	for _, d := range deps {
		switch path.Ext(d) {
		case ".js", ".mjs":
			fmt.Fprintf(&links, "    <link rel=\"modulepreload\" href=\"%s\">\n", s.URL(d))
		case ".css":
			fmt.Fprintf(&links, "    <link rel=\"preload\" href=\"%s\" as=\"style\">\n", s.URL(d))
		}
	}
	if links.Len() > 0 {
		i := bytes.Index(out, []byte("</head>"))
		if i < 0 {
			s.Problems = append(s.Problems, name+" has no </head> for the preload links")
		} else {
			// Before the line </head> is on, in its indentation.
			j := bytes.LastIndexByte(out[:i], '\n') + 1
			out = append(out[:j:j], append(links.Bytes(), out[j:]...)...)
		}
	}
	var needs []string
	seen := map[string]bool{}
	for _, p := range append(roots, deps...) {
		if !seen[p] {
			seen[p] = true
			needs = append(needs, s.URL(p))
		}
	}
	return out, needs
}

// URL is the versioned URL of an asset given by its path in the file
// system ("assets/phone.js"), or the versioned folder for "".
func (s *Site) URL(p string) string {
	return "/" + AssetDir + "/" + s.Version + "/" + strings.TrimPrefix(p, AssetDir+"/")
}

// Needs lists the versioned URLs of every asset a page loads, for a
// service worker to keep.
func (s *Site) Needs(page string) []string { return s.needs[page] }

// HasPage tells whether the file system has the page.
func (s *Site) HasPage(name string) bool { _, ok := s.pages[name]; return ok }

// gzip sets the file's type, hash and gzip form.
func (f *file) gzip() {
	f.ctype = contentType(f.name)
	sum := sha256.Sum256(f.body)
	f.hash = hex.EncodeToString(sum[:])[:20]
	if !compressible(f.ctype) {
		return
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(f.body)
	zw.Close()
	if gz.Len() < len(f.body) {
		f.gz = gz.Bytes()
	}
}

// brotli adds the Brotli form, when it is smaller than the gzip one.
func (f *file) brotli() {
	if f.gz == nil {
		return
	}
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	bw.Write(f.body)
	bw.Close()
	if br.Len() < len(f.gz) {
		b := br.Bytes()
		f.br.Store(&b)
	}
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript" // a module is UTF-8 whatever it says
	case ".css":
		return "text/css; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg") || strings.Contains(ctype, "xml")
}
