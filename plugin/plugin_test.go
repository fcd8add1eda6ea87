package plugin

import (
	"flag"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

// fakeAnalyzers returns analyzers named like the real ones, with the flags
// the settings set, so the test does not depend on the analyzers' state.
func fakeAnalyzers() []*analysis.Analyzer {
	var all []*analysis.Analyzer
	for _, name := range []string{"nakedgo", "wgmisuse", "chanleak", "ctxdone"} {
		a := &analysis.Analyzer{Name: name, Doc: name, Run: func(*analysis.Pass) (any, error) { return nil, nil }}
		a.Flags.String("fixstyle", "async", "fix order")
		if name == "nakedgo" {
			a.Flags.String("allow-packages", "", "")
			a.Flags.String("allow-funcs", "", "")
			a.Flags.String("allow-files", "", "")
			a.Flags.Bool("tests", true, "")
			a.Flags.Bool("main", true, "")
		}
		all = append(all, a)
	}
	return all
}

func names(list []*analysis.Analyzer) string {
	var out []string
	for _, a := range list {
		out = append(out, a.Name)
	}
	return strings.Join(out, ",")
}

func flagValue(all []*analysis.Analyzer, analyzer, name string) string {
	for _, a := range all {
		if a.Name == analyzer {
			if f := a.Flags.Lookup(name); f != nil {
				return f.Value.(flag.Getter).String()
			}
		}
	}
	return "<none>"
}

// The settings arrive the way golangci-lint passes them: decoded YAML, so
// maps of any and lists of any.
func TestDecodeAndApply(t *testing.T) {
	raw := map[string]any{
		"disable":   []any{"ctxdone"},
		"fix-style": "minimal",
		"nakedgo": map[string]any{
			"allow-packages": []any{"example.com/app/cmd/...", "example.com/app/internal/daemon"},
			"allow-files":    []any{"*_gen.go"},
			"tests":          false,
		},
		"flags": map[string]any{
			"chanleak": map[string]any{"fixstyle": "async"},
		},
	}
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		t.Fatalf("DecodeSettings: %v", err)
	}
	all := fakeAnalyzers()
	selected, err := s.Apply(all)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}

	if got := names(selected); got != "nakedgo,wgmisuse,chanleak" {
		t.Errorf("selected analyzers = %s, want nakedgo,wgmisuse,chanleak", got)
	}
	checks := []struct{ analyzer, flag, want string }{
		{"nakedgo", "allow-packages", "example.com/app/cmd/...,example.com/app/internal/daemon"},
		{"nakedgo", "allow-files", "*_gen.go"},
		{"nakedgo", "allow-funcs", ""},
		{"nakedgo", "tests", "false"},
		{"nakedgo", "main", "true"},
		{"nakedgo", "fixstyle", "minimal"},
		{"wgmisuse", "fixstyle", "minimal"},
		{"ctxdone", "fixstyle", "minimal"},
		{"chanleak", "fixstyle", "async"}, // flags override fix-style
	}
	for _, c := range checks {
		if got := flagValue(all, c.analyzer, c.flag); got != c.want {
			t.Errorf("%s.%s = %q, want %q", c.analyzer, c.flag, got, c.want)
		}
	}
}

func TestEnableList(t *testing.T) {
	s, err := register.DecodeSettings[Settings](map[string]any{"enable": []any{"ctxdone", "chanleak"}})
	if err != nil {
		t.Fatal(err)
	}
	selected, err := s.Apply(fakeAnalyzers())
	if err != nil {
		t.Fatal(err)
	}
	if got := names(selected); got != "chanleak,ctxdone" {
		t.Errorf("selected analyzers = %s, want chanleak,ctxdone in the order of All", got)
	}
}

func TestEmptySettingsRunAll(t *testing.T) {
	for _, raw := range []any{nil, map[string]any{}} {
		s, err := register.DecodeSettings[Settings](raw)
		if err != nil {
			t.Fatalf("DecodeSettings(%v): %v", raw, err)
		}
		selected, err := s.Apply(fakeAnalyzers())
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if got := names(selected); got != "nakedgo,wgmisuse,chanleak,ctxdone" {
			t.Errorf("settings %v select %s, want all", raw, got)
		}
	}
}

func TestInvalidSettings(t *testing.T) {
	tests := []struct {
		name string
		raw  map[string]any
		want string
	}{
		{"unknown key", map[string]any{"enabled": []any{"nakedgo"}}, "unknown field"},
		{"unknown analyzer", map[string]any{"disable": []any{"gofmt"}}, `unknown analyzer "gofmt"`},
		{"invalid fix style", map[string]any{"fix-style": "fast"}, `invalid fix-style "fast"`},
		{"nothing left", map[string]any{"enable": []any{"nakedgo"}, "disable": []any{"nakedgo"}}, "no analyzer"},
		{"unknown flag", map[string]any{"flags": map[string]any{"chanleak": map[string]any{"depth": "3"}}}, `has no flag "depth"`},
		{"invalid flag value", map[string]any{"flags": map[string]any{"nakedgo": map[string]any{"main": "sometimes"}}}, "invalid nakedgo.main"},
		{"wrong type", map[string]any{"nakedgo": map[string]any{"tests": "no"}}, "decoding settings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := register.DecodeSettings[Settings](tt.raw)
			if err == nil {
				_, err = s.Apply(fakeAnalyzers())
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestRegisteredPlugin(t *testing.T) {
	newPlugin, err := register.GetPlugin("gostructlint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"enable": []any{"chanleak"}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	list, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "gostructlint" {
		t.Fatalf("analyzers = %s, want the one combined analyzer gostructlint", names(list))
	}
	if got := names(list[0].Requires); got != "chanleak" {
		t.Errorf("combined analyzer runs %s, want chanleak", got)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode = %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
}
