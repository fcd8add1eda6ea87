package nakedgo_test

import (
	"testing"

	"github.com/gostructlint/gostructlint/analyzers/nakedgo"
	"github.com/gostructlint/gostructlint/internal/fixtest"
)

func TestWaitGroup(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/waitgroup")
}

func TestWatcher(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/watcher")
}

func TestOneImport(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/oneimport")
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

func TestSuppressed(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/suppressed")
}

func TestAllowPackages(t *testing.T) {
	setFlag(t, "allow-packages", "nakedgo/allowpackages/allowed/...")
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/allowpackages/...")
}

func TestAllowFuncs(t *testing.T) {
	setFlag(t, "allow-funcs", "allowfuncs.Serve, (*allowfuncs.Server).Run,(nakedgo/allowfuncs.Server).Listen")
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/allowfuncs")
}

func TestAllowFiles(t *testing.T) {
	setFlag(t, "allow-files", "*_gen.go")
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/allowfiles")
}

func TestNoTests(t *testing.T) {
	setFlag(t, "tests", "false")
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/notests")
}

func TestNoMain(t *testing.T) {
	setFlag(t, "main", "false")
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/nomain")
}

func TestMinimalFirst(t *testing.T) {
	setFlag(t, "fixstyle", "minimal")
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/minimalfirst")
}

// setFlag sets a flag of the analyzer for the rest of the test and
// restores its value afterwards.
func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := nakedgo.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("nakedgo has no flag %q", name)
	}
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatalf("set -%s=%s: %v", name, value, err)
	}
	t.Cleanup(func() {
		if err := f.Value.Set(old); err != nil {
			t.Errorf("restore -%s=%s: %v", name, old, err)
		}
	})
}

func TestTicker(t *testing.T) {
	fixtest.Run(t, nakedgo.Analyzer, "nakedgo/ticker")
}
