package nakedgo_test

import (
	"testing"

	"github.com/gostructlint/gostructlint/analyzers/nakedgo"
	"github.com/gostructlint/gostructlint/internal/fixtest"
)

func TestWaitGroup(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/waitgroup")
}

func TestGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "nakedgo", fixtest.AsyncSuffix)
}

func TestMinimalGoldensBuild(t *testing.T) {
	fixtest.CheckGoldensBuild(t, "nakedgo", fixtest.MinimalSuffix)
}

func TestResultChannel(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/resultchannel")
}

func TestStopLoop(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/stoploop")
}

func TestUnjoined(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/unjoined")
}
