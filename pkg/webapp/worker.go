package webapp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
)

// Worker is a service worker script as served: the file of the web app
// with a first line that tells it the version and what to keep offline.
type Worker struct{ f *file }

// Offline is what a service worker keeps: the pages by route ("/") and the
// versioned URLs of every asset they need.
type Offline struct {
	Version string   `json:"version"`
	Pages   []string `json:"pages"`
	Assets  []string `json:"assets"`
}

// Worker builds the service worker from the asset at name
// ("assets/sw.js") for the pages served at the routes (route → page file).
// Its bytes change with the version, so browsers install it anew after
// each change of an asset.
func (s *Site) Worker(name string, routes map[string]string) (*Worker, error) {
	src, ok := s.assets[name]
	if !ok {
		return nil, fmt.Errorf("webapp: no %s", name)
	}
	off := Offline{Version: s.Version}
	seen := map[string]bool{}
	for route, page := range routes {
		if !s.HasPage(page) {
			return nil, fmt.Errorf("webapp: no page %s for %s", page, route)
		}
		off.Pages = append(off.Pages, route)
		for _, u := range s.Needs(page) {
			if !seen[u] {
				seen[u] = true
				off.Assets = append(off.Assets, u)
			}
		}
	}
	sort.Strings(off.Pages)
	sort.Strings(off.Assets)
	head, err := json.Marshal(off)
	if err != nil {
		return nil, err
	}
	body := append([]byte("self.TING_OFFLINE = "+string(head)+";\n"), src.body...)
	f := &file{name: name, body: body}
	f.gzip()
	f.brotli()
	return &Worker{f: f}, nil
}

// Serve writes the script, always revalidated: browsers check a service
// worker for updates themselves and must see a new one at once.
func (wk *Worker) Serve(w http.ResponseWriter, r *http.Request) {
	wk.f.serve(w, r, Revalidate)
}
