package nakedgo

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/suppress"
)

// Analyzer is the nakedgo analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "nakedgo",
	Doc:      "placeholder",
	URL:      "https://pkg.go.dev/github.com/gostructlint/gostructlint/analyzers/nakedgo",
	Requires: []*analysis.Analyzer{suppress.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	suppress.NewReporter(pass)
	return nil, nil
}
