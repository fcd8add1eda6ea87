package driver

import (
	"bytes"
	"cmp"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A Finding is one diagnostic of one analyzer on a requested package.
type Finding struct {
	Analyzer   *analysis.Analyzer
	Package    *packages.Package
	Diagnostic analysis.Diagnostic
	Posn, End  token.Position

	// File is the path of Posn.Filename relative to the module root,
	// with forward slashes, or the absolute path when the file lies
	// outside the module root.
	File string

	// LineText is the source line at Posn, trimmed of surrounding white
	// space. With File it keys the finding in a baseline.
	LineText string
}

// Rule returns the rule id of the finding: its category when the analyzer
// set one, else the analyzer name.
func (f *Finding) Rule() string {
	return cmp.Or(f.Diagnostic.Category, f.Analyzer.Name)
}

// collectFindings returns the diagnostics of the root actions, sorted by
// position. A file that belongs to both a package and its test variant is
// analyzed twice, so a diagnostic repeated at the same position by the
// same analyzer with the same message is kept once.
func collectFindings(res *analysisResult, root string) []*Finding {
	type key struct {
		posn, end token.Position
		analyzer  string
		message   string
	}
	seen := make(map[key]bool)
	lines := newLineCache()
	var findings []*Finding
	for _, act := range res.graph.Roots {
		if act.Err != nil {
			continue
		}
		a := res.original[act.Analyzer]
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos)
			end := fset.Position(cmp.Or(d.End, d.Pos))
			k := key{posn, end, a.Name, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			findings = append(findings, &Finding{
				Analyzer:   a,
				Package:    act.Package,
				Diagnostic: d,
				Posn:       posn,
				End:        end,
				File:       relativePath(root, posn.Filename),
				LineText:   strings.TrimSpace(lines.line(posn.Filename, posn.Line)),
			})
		}
	}
	slices.SortStableFunc(findings, func(x, y *Finding) int {
		return cmp.Or(
			cmp.Compare(x.File, y.File),
			cmp.Compare(x.Posn.Offset, y.Posn.Offset),
			cmp.Compare(x.Analyzer.Name, y.Analyzer.Name),
			cmp.Compare(x.Diagnostic.Message, y.Diagnostic.Message),
		)
	})
	return findings
}

// relativePath returns filename relative to root with forward slashes, or
// filename itself when it lies outside root.
func relativePath(root, filename string) string {
	if filename == "" {
		return ""
	}
	rel, err := filepath.Rel(root, filename)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(filename)
	}
	return filepath.ToSlash(rel)
}

// lineCache reads source files once and returns their lines.
type lineCache struct {
	files map[string][][]byte
}

func newLineCache() *lineCache {
	return &lineCache{files: make(map[string][][]byte)}
}

// line returns line n (1-based) of filename without its line ending, or ""
// when the file cannot be read or is shorter.
func (c *lineCache) line(filename string, n int) string {
	lines, ok := c.files[filename]
	if !ok {
		data, err := os.ReadFile(filename)
		if err == nil {
			lines = bytes.Split(data, []byte("\n"))
		}
		c.files[filename] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimRight(string(lines[n-1]), "\r")
}
