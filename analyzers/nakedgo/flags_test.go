package nakedgo

import "testing"

func TestInAsync(t *testing.T) {
	for path, want := range map[string]bool{
		"github.com/gostructlint/gostructlint/async":          true,
		"github.com/gostructlint/gostructlint/async/internal": true,
		"github.com/gostructlint/gostructlint/async_test":     true,
		"github.com/gostructlint/gostructlint/asyncx":         false,
		"example.com/async": false,
	} {
		if got := inAsync(path); got != want {
			t.Errorf("inAsync(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestPackageAllowed(t *testing.T) {
	allowPackages = listFlag{"example.com/tools/...", "example.com/one", "example.com/gen..."}
	t.Cleanup(func() { allowPackages = nil })
	for path, want := range map[string]bool{
		"example.com/tools":         true,
		"example.com/tools/x/y":     true,
		"example.com/toolsmith":     false,
		"example.com/one":           true,
		"example.com/one/two":       false,
		"example.com/one_test":      true,
		"example.com/generated/pkg": true,
	} {
		if got := packageAllowed(path); got != want {
			t.Errorf("packageAllowed(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestParseFuncPattern(t *testing.T) {
	tests := []struct {
		pattern, qualifier, typeName, funcName string
		ok                                     bool
	}{
		{"main.main", "main", "", "main", true},
		{"example.com/x/pkg.Func", "example.com/x/pkg", "", "Func", true},
		{"(*pkg.Server).Serve", "pkg", "Server", "Serve", true},
		{"(pkg.Server).Serve", "pkg", "Server", "Serve", true},
		{"(*example.com/x.T).M", "example.com/x", "T", "M", true},
		{"Func", "", "", "", false},
		{"(Server).Serve", "", "", "", false},
		{"(*pkg.Server)", "", "", "", false},
	}
	for _, tt := range tests {
		q, typ, fn, ok := parseFuncPattern(tt.pattern)
		if ok != tt.ok || ok && (q != tt.qualifier || typ != tt.typeName || fn != tt.funcName) {
			t.Errorf("parseFuncPattern(%q) = %q, %q, %q, %v, want %q, %q, %q, %v", tt.pattern, q, typ, fn, ok, tt.qualifier, tt.typeName, tt.funcName, tt.ok)
		}
	}
}

func TestAnalyzerDoc(t *testing.T) {
	if Analyzer.Doc == "" || Analyzer.Doc[:len("nakedgo:")] != "nakedgo:" {
		t.Errorf("Analyzer.Doc does not start with the doc.go section: %q", Analyzer.Doc)
	}
}
