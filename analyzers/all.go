// Package analyzers lists the user-facing gostructlint analyzers.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/analyzers/chanleak"
	"github.com/gostructlint/gostructlint/analyzers/ctxdone"
	"github.com/gostructlint/gostructlint/analyzers/nakedgo"
	"github.com/gostructlint/gostructlint/analyzers/wgmisuse"
)

// All returns the analyzers that every driver (the command, go vet, the
// golangci-lint plugin) runs, in a fixed order.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		nakedgo.Analyzer,
		wgmisuse.Analyzer,
		chanleak.Analyzer,
		ctxdone.Analyzer,
	}
}
