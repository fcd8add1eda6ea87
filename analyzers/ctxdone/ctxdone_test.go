package ctxdone_test

import (
	"testing"

	"github.com/gostructlint/gostructlint/analyzers/ctxdone"
	"github.com/gostructlint/gostructlint/internal/fixtest"
)

func TestFindings(t *testing.T) {
	fixtest.Run(t, ctxdone.Analyzer, "ctxdone/...")
}

func TestAsyncGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "ctxdone", fixtest.AsyncSuffix)
}

func TestMinimalGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "ctxdone", fixtest.MinimalSuffix)
}
