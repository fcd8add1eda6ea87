package chanleak

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/suppress"
)

// Analyzer is the chanleak analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "chanleak",
	Doc:      "placeholder",
	URL:      "https://pkg.go.dev/github.com/gostructlint/gostructlint/analyzers/chanleak",
	Requires: []*analysis.Analyzer{suppress.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	suppress.NewReporter(pass)
	return nil, nil
}
