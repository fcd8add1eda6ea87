package driver

import (
	"fmt"
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// fixingAnalyzer returns an analyzer that reports one diagnostic for each
// list of fixes, each fix being one edit of the byte range [start, end).
func fixingAnalyzer(name string, file *token.File, diags ...[][2]int) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: name,
		Doc:  "report diagnostics with fixes",
		Run: func(pass *analysis.Pass) (any, error) {
			for i, fixRanges := range diags {
				d := analysis.Diagnostic{Pos: file.Pos(fixRanges[0][0]), Message: fmt.Sprintf("finding %d", i)}
				for j, r := range fixRanges {
					d.SuggestedFixes = append(d.SuggestedFixes, analysis.SuggestedFix{
						Message:   fmt.Sprintf("fix %d", j),
						TextEdits: []analysis.TextEdit{{Pos: file.Pos(r[0]), End: file.Pos(r[1]), NewText: []byte("x")}},
					})
				}
				pass.Report(d)
			}
			return nil, nil
		},
	}
}

func TestCombineKeepsFixesThatFit(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, 100)
	first := fixingAnalyzer("first", file,
		[][2]int{{10, 20}, {10, 12}}, // async rewrite, then minimal repair
		[][2]int{{50, 55}},
	)
	second := fixingAnalyzer("second", file,
		[][2]int{{15, 25}}, // overlaps first's finding 0
		[][2]int{{50, 55}}, // identical to first's finding 1
	)
	combined := Combine("combined", []*analysis.Analyzer{first, second}, nil)
	if err := analysis.Validate([]*analysis.Analyzer{combined}); err != nil {
		t.Fatalf("combined analyzer is invalid: %v", err)
	}

	results := make(map[*analysis.Analyzer]any)
	for _, c := range combined.Requires {
		res, err := c.Run(&analysis.Pass{Analyzer: c, Fset: fset, Report: func(analysis.Diagnostic) {
			t.Errorf("%s reported a diagnostic instead of returning it", c.Name)
		}})
		if err != nil {
			t.Fatal(err)
		}
		results[c] = res
	}
	var got []analysis.Diagnostic
	pass := &analysis.Pass{Analyzer: combined, Fset: fset, ResultOf: results, Report: func(d analysis.Diagnostic) { got = append(got, d) }}
	if _, err := combined.Run(pass); err != nil {
		t.Fatal(err)
	}

	want := []struct {
		message string
		fixes   []string
	}{
		{"first: finding 0", []string{"fix 0"}},
		{"first: finding 1", []string{"fix 0"}},
		{"second: finding 0", nil},
		{"second: finding 1", []string{"fix 0"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Message != w.message {
			t.Errorf("diagnostic %d: message %q, want %q", i, got[i].Message, w.message)
		}
		var fixes []string
		for _, f := range got[i].SuggestedFixes {
			fixes = append(fixes, f.Message)
		}
		if !slices.Equal(fixes, w.fixes) {
			t.Errorf("diagnostic %d (%s): fixes %q, want %q", i, w.message, fixes, w.fixes)
		}
	}
}

func TestCombineTouchingEdits(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, 100)
	rewrite := fixingAnalyzer("rewrite", file, [][2]int{{10, 20}})
	insert := fixingAnalyzer("insert", file, [][2]int{{20, 20}}) // at the end of the rewritten range
	combined := Combine("combined", []*analysis.Analyzer{rewrite, insert}, func(a *analysis.Analyzer) bool { return true })

	results := make(map[*analysis.Analyzer]any)
	for _, c := range combined.Requires {
		res, err := c.Run(&analysis.Pass{Analyzer: c, Fset: fset, Report: func(analysis.Diagnostic) {}})
		if err != nil {
			t.Fatal(err)
		}
		results[c] = res
	}
	var got []analysis.Diagnostic
	pass := &analysis.Pass{Analyzer: combined, Fset: fset, ResultOf: results, Report: func(d analysis.Diagnostic) { got = append(got, d) }}
	if _, err := combined.Run(pass); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].SuggestedFixes) != 1 || len(got[1].SuggestedFixes) != 0 {
		t.Errorf("got %+v, want the rewrite's fix kept and the touching insertion's fix dropped", got)
	}
}

func TestCombineDisabledAnalyzer(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, 100)
	kept := fixingAnalyzer("kept", file, [][2]int{{10, 20}})
	dropped := fixingAnalyzer("dropped", file, [][2]int{{50, 60}})
	combined := Combine("combined", []*analysis.Analyzer{kept, dropped}, func(a *analysis.Analyzer) bool { return a == kept })

	results := make(map[*analysis.Analyzer]any)
	for _, c := range combined.Requires {
		res, err := c.Run(&analysis.Pass{Analyzer: c, Fset: fset, Report: func(analysis.Diagnostic) {}})
		if err != nil {
			t.Fatal(err)
		}
		results[c] = res
	}
	var got []string
	pass := &analysis.Pass{Analyzer: combined, Fset: fset, ResultOf: results, Report: func(d analysis.Diagnostic) { got = append(got, d.Message) }}
	if _, err := combined.Run(pass); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"kept: finding 0"}) {
		t.Errorf("reported %q, want only the enabled analyzer's finding", got)
	}
}
