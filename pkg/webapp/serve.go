package webapp

import (
	"net/http"
	"strconv"
	"strings"
)

// Cache-Control of the three kinds of response.
const (
	// Immutable is for a versioned asset: its URL changes with its bytes.
	Immutable = "public, max-age=31536000, immutable"
	// Revalidate is for pages and unversioned URLs: kept, but asked about
	// (ETag) before each use, which costs a 304 of a few hundred bytes.
	Revalidate = "no-cache"
)

// ServePage writes a page (phone.html) revalidated by ETag; false when the
// site has no such page.
func (s *Site) ServePage(w http.ResponseWriter, r *http.Request, name string) bool {
	f, ok := s.pages[name]
	if !ok {
		return false
	}
	f.serve(w, r, Revalidate)
	return true
}

// ServeAsset writes the asset at p, the URL path after /assets/: the
// versioned /assets/<version>/x.js for a year; an unversioned /assets/x.js
// (and one of another version, from a page of an older or newer build
// during a rollout) revalidated, so no URL that once worked breaks and none
// keeps bytes it does not name. False when there is no such asset.
func (s *Site) ServeAsset(w http.ResponseWriter, r *http.Request, p string) bool {
	cache := Revalidate
	first, rest, found := strings.Cut(p, "/")
	if found && isVersion(first) {
		if _, dir := s.assets[AssetDir+"/"+p]; !dir {
			if first == s.Version {
				cache = Immutable
			}
			p = rest
		}
	}
	f, ok := s.assets[AssetDir+"/"+p]
	if !ok {
		return false
	}
	f.serve(w, r, cache)
	return true
}

func isVersion(seg string) bool {
	if len(seg) != versionLen {
		return false
	}
	for _, c := range seg {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// serve writes the file in the best encoding the request accepts, or 304
// when the browser's copy is current.
func (f *file) serve(w http.ResponseWriter, r *http.Request, cache string) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", cache)
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
	}
	body, enc := f.body, ""
	br := f.br.Load()
	switch {
	case br != nil && accepts(r, "br"):
		body, enc = *br, "br"
	case f.gz != nil && accepts(r, "gzip"):
		body, enc = f.gz, "gzip"
	}
	// Each encoding is its own representation and has its own ETag; a
	// proxy that weakens or re-encodes it still matches on the hash.
	etag := `"` + f.hash + `"`
	if enc != "" {
		etag = `"` + f.hash + "-" + enc + `"`
	}
	if cache != Immutable {
		// A versioned file is never asked about again; no ETag to carry.
		h.Set("ETag", etag)
	}
	if matches(r.Header.Get("If-None-Match"), f.hash) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// accepts tells whether Accept-Encoding lists the coding with a q above 0.
func accepts(r *http.Request, coding string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

// matches tells whether an If-None-Match header names a version of the
// file with this hash (in any encoding, weak or strong).
func matches(header, hash string) bool {
	if header == "" {
		return false
	}
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" {
			return true
		}
		tag = strings.Trim(tag, `"`)
		if base, _, _ := strings.Cut(tag, "-"); base == hash {
			return true
		}
	}
	return false
}
