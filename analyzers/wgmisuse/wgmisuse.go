package wgmisuse

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/suppress"
)

// Analyzer is the wgmisuse analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "wgmisuse",
	Doc:      "placeholder",
	URL:      "https://pkg.go.dev/github.com/gostructlint/gostructlint/analyzers/wgmisuse",
	Requires: []*analysis.Analyzer{suppress.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	suppress.NewReporter(pass)
	return nil, nil
}
