package chanleak_test

import (
	"testing"

	"github.com/gostructlint/gostructlint/analyzers/chanleak"
	"github.com/gostructlint/gostructlint/internal/fixtest"
)

func TestFindings(t *testing.T) {
	fixtest.Run(t, chanleak.Analyzer, "chanleak/...")
}

func TestAsyncGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "chanleak", fixtest.AsyncSuffix)
}

func TestMinimalGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "chanleak", fixtest.MinimalSuffix)
}
