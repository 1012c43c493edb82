package webapp

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// BundleDir is the folder under which a page's bundles are served:
// bundle/phone.js holds every module phone.html's scripts load, minified,
// and bundle/phone.css every style sheet its <link rel="stylesheet"> tags
// name, in their order. The modules and sheets themselves are still served
// under their own names.
const BundleDir = AssetDir + "/bundle"

// pageRef finds a page's module scripts and style sheets, each on its own
// line as the pages write them, with the line's indentation and end.
var pageRef = regexp.MustCompile(`(?m)^[ \t]*(?:<script type="module" src="/` + AssetDir + `/([^"?#]+)"></script>|<link rel="stylesheet" href="/` + AssetDir + `/([^"?#]+)">)[ \t]*\r?\n`)

// bundles are the bundles of one page.
type bundles struct{ js, css string } // paths in the file system, "" for none

// bundleAll makes the bundles of every page from the file system with
// esbuild, in memory, and adds them to the assets. On an error nothing is
// added: the pages are then served as they are, module by module.
func (s *Site) bundleAll(fsys fs.FS, pages []string, html map[string][]byte) (map[string]bundles, error) {
	made := map[string]*file{}
	out := map[string]bundles{}
	var errs []error
	for _, name := range pages {
		var scripts, sheets []string
		for _, m := range pageRef.FindAllSubmatch(html[name], -1) {
			if len(m[1]) > 0 {
				scripts = append(scripts, AssetDir+"/"+string(m[1]))
			} else {
				sheets = append(sheets, AssetDir+"/"+string(m[2]))
			}
		}
		base := strings.TrimSuffix(name, path.Ext(name))
		var b bundles
		for _, kind := range []struct {
			files []string
			ext   string
			dst   *string
		}{{scripts, ".js", &b.js}, {sheets, ".css", &b.css}} {
			if len(kind.files) == 0 {
				continue
			}
			p := BundleDir + "/" + base + kind.ext
			if _, clash := s.assets[p]; clash {
				errs = append(errs, fmt.Errorf("%s: the web app has a file %s of its own", name, p))
				continue
			}
			body, err := bundle(fsys, p, kind.files)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
				continue
			}
			made[p] = &file{name: p, body: body}
			*kind.dst = p
		}
		out[name] = b
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for p, f := range made {
		s.assets[p] = f
	}
	return out, nil
}

// The namespace of the web app's files in esbuild, and the path of the
// entry that stands for a page's scripts or sheets.
const (
	nsApp   = "ting"
	nsEntry = "ting-entry"
)

// bundle makes one minified bundle of the files (all modules or all style
// sheets), loaded in their order as the page loads them.
func bundle(fsys fs.FS, name string, files []string) ([]byte, error) {
	css := path.Ext(name) == ".css"
	var entry strings.Builder
	for _, f := range files {
		if css {
			fmt.Fprintf(&entry, "@import %q;\n", "/"+f)
		} else {
			fmt.Fprintf(&entry, "import %q;\n", "/"+f)
		}
	}
	loader := func(p string) api.Loader {
		if path.Ext(p) == ".css" {
			return api.LoaderCSS
		}
		return api.LoaderJS
	}
	plugin := api.Plugin{
		Name: "ting-fs",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
				switch {
				case a.Kind == api.ResolveEntryPoint:
					return api.OnResolveResult{Path: name, Namespace: nsEntry}, nil
				case a.Kind == api.ResolveCSSURLToken:
					// An image or font a sheet names is fetched as it is.
					return api.OnResolveResult{Path: a.Path, External: true}, nil
				}
				from := a.Importer
				if a.Namespace == nsEntry {
					from = AssetDir + "/"
				}
				p, ok := resolve(from, a.Path)
				if !ok {
					return api.OnResolveResult{}, fmt.Errorf("%s: %q is not a file of the web app", a.Importer, a.Path)
				}
				return api.OnResolveResult{Path: p, Namespace: nsApp}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: nsEntry}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				src := entry.String()
				return api.OnLoadResult{Contents: &src, Loader: loader(name)}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: nsApp}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				body, err := fs.ReadFile(fsys, a.Path)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				src := string(body)
				return api.OnLoadResult{Contents: &src, Loader: loader(a.Path)}, nil
			})
		},
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{name},
		Bundle:            true,
		Format:            api.FormatESModule,
		Platform:          api.PlatformBrowser,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		Outdir:            "/",
		Write:             false,
		LogLevel:          api.LogLevelSilent,
		Plugins:           []api.Plugin{plugin},
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			if l := m.Location; l != nil {
				msgs = append(msgs, fmt.Sprintf("%s:%d:%d: %s", l.File, l.Line, l.Column+1, m.Text))
			} else {
				msgs = append(msgs, m.Text)
			}
		}
		return nil, fmt.Errorf("bundle %s: %s", name, strings.Join(msgs, "; "))
	}
	for _, o := range res.OutputFiles {
		if path.Ext(o.Path) == path.Ext(name) {
			return bytes.TrimSpace(o.Contents), nil
		}
	}
	return nil, fmt.Errorf("bundle %s: esbuild made no %s", name, path.Ext(name))
}

// useBundles points the page at its bundles: the first of its module
// scripts becomes the script bundle, the first of its style sheets the
// style bundle, in their place; the others go. Other links (the icon)
// stay.
func useBundles(page []byte, b bundles) []byte {
	scripts, sheets := false, false
	return pageRef.ReplaceAllFunc(page, func(line []byte) []byte {
		m := pageRef.FindSubmatch(line)
		indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
		switch {
		case len(m[1]) > 0 && b.js != "":
			if scripts {
				return nil
			}
			scripts = true
			return fmt.Appendf(nil, "%s<script type=\"module\" src=\"/%s\"></script>\n", indent, b.js)
		case len(m[2]) > 0 && b.css != "":
			if sheets {
				return nil
			}
			sheets = true
			return fmt.Appendf(nil, "%s<link rel=\"stylesheet\" href=\"/%s\">\n", indent, b.css)
		}
		return line
	})
}
