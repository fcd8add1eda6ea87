package wgmisuse_test

import (
	"testing"

	"github.com/gostructlint/gostructlint/analyzers/wgmisuse"
	"github.com/gostructlint/gostructlint/internal/fixtest"
)

func TestShapes(t *testing.T) {
	fixtest.Run(t, wgmisuse.Analyzer, "wgmisuse/...")
}

func TestAsyncGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "wgmisuse", fixtest.AsyncSuffix)
}

func TestMinimalGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "wgmisuse", fixtest.MinimalSuffix)
}
