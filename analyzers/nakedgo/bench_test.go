package nakedgo_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/gostructlint/gostructlint/analyzers/nakedgo"
)

// BenchmarkNetHTTP measures nakedgo, with the passes it requires, on
// net/http and its tests, a package with many go statements. Loading and
// type-checking are done once, outside the timing.
func BenchmarkNetHTTP(b *testing.B) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: true}
	pkgs, err := packages.Load(cfg, "net/http")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("net/http does not load")
	}
	for b.Loop() {
		if _, err := checker.Analyze([]*analysis.Analyzer{nakedgo.Analyzer}, pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
