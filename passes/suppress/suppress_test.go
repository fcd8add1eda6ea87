package suppress_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gostructlint/gostructlint/internal/fixtest"
	"github.com/gostructlint/gostructlint/passes/suppress"
)

// callReporter reports every call to a function named work, through the
// suppression Reporter. It takes nakedgo's name, the analyzer that also
// reports unknown names in directives.
var callReporter = &analysis.Analyzer{
	Name:     "nakedgo",
	Doc:      "test analyzer: reports calls to work",
	Requires: []*analysis.Analyzer{suppress.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := suppress.NewReporter(pass)
		for _, file := range pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "work" {
					r.Report(analysis.Diagnostic{Pos: call.Pos(), Message: "call to work"})
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestDirectives(t *testing.T) {
	analysistest.Run(t, fixtest.TestData(), callReporter, "suppress/directives")
}
