package driver

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"strings"
)

// writeText prints each finding as "file:line:col: message", the form go
// vet uses, followed by its related locations indented by a tab. File
// names are relative to dir when they lie inside it.
func writeText(w io.Writer, findings []*Finding, dir string) error {
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "%s: %s\n", displayPosition(f.Posn, dir), f.Diagnostic.Message)
		for _, rel := range f.Diagnostic.Related {
			posn := f.Package.Fset.Position(rel.Pos)
			fmt.Fprintf(&b, "\t%s: %s\n", displayPosition(posn, dir), rel.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func displayPosition(posn token.Position, dir string) string {
	if rel, err := filepath.Rel(dir, posn.Filename); err == nil && !strings.HasPrefix(rel, "..") {
		posn.Filename = "." + string(filepath.Separator) + rel
	}
	return posn.String()
}

// The JSON output has the shape of go vet -json: package ID, then
// analyzer name, then either a list of diagnostics or an error.
type (
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"` // byte offset
		End      int    `json:"end"`   // byte offset, exclusive
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Error string `json:"error"`
	}
)

func writeJSON(w io.Writer, findings []*Finding, res *analysisResult) error {
	tree := make(map[string]map[string]any)
	entry := func(pkgID string) map[string]any {
		m := tree[pkgID]
		if m == nil {
			m = make(map[string]any)
			tree[pkgID] = m
		}
		return m
	}
	for _, f := range findings {
		m := entry(f.Package.ID)
		list, _ := m[f.Analyzer.Name].([]jsonDiagnostic)
		m[f.Analyzer.Name] = append(list, toJSONDiagnostic(f))
	}
	for _, act := range res.graph.Roots {
		name := res.original[act.Analyzer].Name
		switch pkg := act.Package; {
		case pkg.IllTyped:
			// As go vet -json does, a package that could not be
			// analyzed gets an error under each analyzer.
			msg := "not analyzed: type information is incomplete"
			if len(pkg.Errors) > 0 {
				msg = describeErrors(pkg.Errors, "")
			} else if dep := brokenDependency(pkg); dep != nil {
				msg = "not analyzed: its dependency " + dep.PkgPath + " has errors"
			}
			entry(pkg.ID)[name] = jsonError{"package " + pkg.PkgPath + ": " + msg}
		case act.Err != nil:
			entry(pkg.ID)[name] = jsonError{act.Err.Error()}
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func toJSONDiagnostic(f *Finding) jsonDiagnostic {
	fset := f.Package.Fset
	d := f.Diagnostic
	out := jsonDiagnostic{
		Category: d.Category,
		Posn:     f.Posn.String(),
		End:      f.End.String(),
		Message:  d.Message,
	}
	for _, fix := range d.SuggestedFixes {
		jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
		for _, e := range fix.TextEdits {
			start := fset.Position(e.Pos)
			end := fset.Position(cmp.Or(e.End, e.Pos))
			jf.Edits = append(jf.Edits, jsonEdit{start.Filename, start.Offset, end.Offset, string(e.NewText)})
		}
		out.SuggestedFixes = append(out.SuggestedFixes, jf)
	}
	for _, rel := range d.Related {
		out.Related = append(out.Related, jsonRelated{
			Posn:    fset.Position(rel.Pos).String(),
			End:     fset.Position(cmp.Or(rel.End, rel.Pos)).String(),
			Message: rel.Message,
		})
	}
	return out
}
