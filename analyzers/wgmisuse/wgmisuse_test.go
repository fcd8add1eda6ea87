package wgmisuse_test

import (
	"strings"
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

func TestDocListsEveryShape(t *testing.T) {
	doc := wgmisuse.Analyzer.Doc
	if strings.HasPrefix(doc, "wgmisuse:") {
		t.Errorf("Doc repeats the analyzer name: %q", doc[:20])
	}
	shapes := []string{"add-in-goroutine", "wait-in-loop", "done-skipped", "count-mismatch", "done-never", "wait-before-drain", "wait-in-counted", "copied"}
	for _, shape := range shapes {
		if !strings.Contains(doc, "wgmisuse/"+shape) {
			t.Errorf("Doc does not describe shape %s", shape)
		}
	}
}
