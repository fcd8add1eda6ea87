package fixes_test

import (
	"fmt"
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/internal/fixtest"
	"github.com/gostructlint/gostructlint/passes/fixes"
)

// importer reports every function whose name starts with needsImports and
// offers a fix that imports context and async and uses both in the body.
var importer = &analysis.Analyzer{
	Name: "importer",
	Doc:  "test analyzer: adds imports",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, file := range pass.Files {
			for _, decl := range file.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || len(fd.Name.Name) < len("needsImports") || fd.Name.Name[:len("needsImports")] != "needsImports" {
					continue
				}
				ctxName, ctxEdits := fixes.AddImport(pass, file, "context", "context")
				asyncName, asyncEdits := fixes.AddImport(pass, file, fixes.AsyncPath, "async")
				body := fmt.Sprintf("\n\t_ = %s.Run(%s.Background(), nil)\n", asyncName, ctxName)
				edits := append(append(ctxEdits, asyncEdits...), analysis.TextEdit{
					Pos:     fd.Body.Rbrace,
					End:     fd.Body.Rbrace,
					NewText: []byte(body),
				})
				pass.Report(analysis.Diagnostic{
					Pos:            fd.Pos(),
					Message:        "needs imports",
					SuggestedFixes: []analysis.SuggestedFix{{Message: "Add imports", TextEdits: edits}},
				})
			}
		}
		return nil, nil
	},
}

func TestAddImport(t *testing.T) {
	fixtest.Run(t, importer, "fixes/...")
}

func TestAddImportGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "fixes", fixtest.AsyncSuffix)
}

func TestOrder(t *testing.T) {
	async := &analysis.SuggestedFix{Message: "async"}
	minimal := &analysis.SuggestedFix{Message: "minimal"}
	tests := []struct {
		style          fixes.Style
		async, minimal *analysis.SuggestedFix
		want           []string
	}{
		{fixes.Async, async, minimal, []string{"async", "minimal"}},
		{fixes.Minimal, async, minimal, []string{"minimal", "async"}},
		{fixes.Async, nil, minimal, []string{"minimal"}},
		{fixes.Minimal, async, nil, []string{"async"}},
		{fixes.Async, nil, nil, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range fixes.Order(tt.style, tt.async, tt.minimal) {
			got = append(got, f.Message)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Order(%s, ...) = %v, want %v", tt.style, got, tt.want)
		}
	}
}

func TestStyleSet(t *testing.T) {
	var s fixes.Style
	if err := s.Set("minimal"); err != nil || s != fixes.Minimal {
		t.Errorf("Set(minimal) = %v, style %q", err, s)
	}
	if err := s.Set("fast"); err == nil {
		t.Error("Set(fast) succeeded, want an error naming the valid styles")
	}
}
