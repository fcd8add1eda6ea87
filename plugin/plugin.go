// Package plugin registers gostructlint as a golangci-lint v2 module
// plugin named "gostructlint". It only adapts: it decodes the settings,
// sets the analyzers' flags from them and runs the analyzers that the
// gostructlint command runs, under one analyzer that makes their fixes
// fit golangci-lint --fix.
//
// Build a golangci-lint that contains it with `golangci-lint custom` and a
// .custom-gcl.yml that lists this module, then enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - gostructlint
//	  settings:
//	    custom:
//	      gostructlint:
//	        type: module
//	        settings:
//	          disable: [nakedgo]
//	          fix-style: minimal
//	          nakedgo:
//	            allow-packages: [example.com/app/cmd/...]
package plugin

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/analyzers"
	"github.com/gostructlint/gostructlint/internal/driver"
)

func init() {
	register.Plugin("gostructlint", New)
}

// Settings is the settings section of the plugin in .golangci.yml.
type Settings struct {
	// Enable lists the analyzers to run; empty runs all of them.
	Enable []string `json:"enable"`

	// Disable lists analyzers not to run, applied after Enable.
	Disable []string `json:"disable"`

	// FixStyle orders the suggested fixes of every analyzer: "async"
	// (the rewrite onto package async first, the default) or "minimal"
	// (the smallest local repair first). golangci-lint --fix applies the
	// first.
	FixStyle string `json:"fix-style"`

	// NakedGo holds the allow-lists of the nakedgo analyzer.
	NakedGo NakedGoSettings `json:"nakedgo"`

	// Flags sets any other analyzer flag by analyzer and flag name, as
	// -NAME.FLAG=value does on the command line.
	Flags map[string]map[string]string `json:"flags"`
}

// NakedGoSettings holds the settings of the nakedgo analyzer. A nil field
// keeps the analyzer's default.
type NakedGoSettings struct {
	AllowPackages []string `json:"allow-packages"` // import paths; a trailing /... matches the packages below
	AllowFuncs    []string `json:"allow-funcs"`    // pkg.Func, (pkg.T).Method or (*pkg.T).Method
	AllowFiles    []string `json:"allow-files"`    // filepath.Match globs on file base names
	Tests         *bool    `json:"tests"`          // report go statements in _test.go files
	Main          *bool    `json:"main"`           // report go statements in package main
}

// New decodes the settings and returns the plugin. It sets the flags of
// the analyzers, which are global, so golangci-lint calls it once.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("gostructlint: %w", err)
	}
	selected, err := s.Apply(analyzers.All())
	if err != nil {
		return nil, fmt.Errorf("gostructlint: %w", err)
	}
	// One combined analyzer, because golangci-lint --fix applies every
	// fix of a diagnostic and drops all of a linter's edits in a file when
	// two of them overlap; see driver.Combine.
	return &linter{analyzers: []*analysis.Analyzer{driver.Combine("gostructlint", selected, nil)}}, nil
}

type linter struct {
	analyzers []*analysis.Analyzer
}

func (l *linter) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return l.analyzers, nil
}

// GetLoadMode returns register.LoadModeTypesInfo: every analyzer needs
// type information, and chanleak also needs the facts of the dependencies.
func (l *linter) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// Apply sets the flags of the analyzers in all from s and returns the
// analyzers that s enables, in the order of all.
func (s Settings) Apply(all []*analysis.Analyzer) ([]*analysis.Analyzer, error) {
	byName := make(map[string]*analysis.Analyzer)
	var names []string
	for _, a := range all {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	for _, name := range slices.Concat(s.Enable, s.Disable) {
		if byName[name] == nil {
			return nil, fmt.Errorf("unknown analyzer %q in enable or disable: want one of %s", name, strings.Join(names, ", "))
		}
	}

	if s.FixStyle != "" {
		if s.FixStyle != "async" && s.FixStyle != "minimal" {
			return nil, fmt.Errorf("invalid fix-style %q: want async or minimal", s.FixStyle)
		}
		for _, a := range all {
			if a.Flags.Lookup("fixstyle") != nil {
				if err := a.Flags.Set("fixstyle", s.FixStyle); err != nil {
					return nil, fmt.Errorf("%s: fix-style: %v", a.Name, err)
				}
			}
		}
	}

	flags := s.nakedGoFlags()
	for analyzer, values := range s.Flags {
		if byName[analyzer] == nil {
			return nil, fmt.Errorf("unknown analyzer %q in flags: want one of %s", analyzer, strings.Join(names, ", "))
		}
		for name, value := range values {
			flags = append(flags, flagSetting{analyzer, name, value})
		}
	}
	for _, f := range flags {
		a := byName[f.analyzer]
		if a == nil || a.Flags.Lookup(f.name) == nil {
			return nil, fmt.Errorf("analyzer %s has no flag %q", f.analyzer, f.name)
		}
		if err := a.Flags.Set(f.name, f.value); err != nil {
			return nil, fmt.Errorf("invalid %s.%s %q: %v", f.analyzer, f.name, f.value, err)
		}
	}

	var selected []*analysis.Analyzer
	for _, a := range all {
		if (len(s.Enable) == 0 || slices.Contains(s.Enable, a.Name)) && !slices.Contains(s.Disable, a.Name) {
			selected = append(selected, a)
		}
	}
	if len(selected) == 0 {
		return nil, fmt.Errorf("enable and disable leave no analyzer to run")
	}
	return selected, nil
}

type flagSetting struct {
	analyzer, name, value string
}

// nakedGoFlags returns the flags that the nakedgo section sets.
func (s Settings) nakedGoFlags() []flagSetting {
	var flags []flagSetting
	add := func(name, value string) {
		flags = append(flags, flagSetting{"nakedgo", name, value})
	}
	n := s.NakedGo
	if n.AllowPackages != nil {
		add("allow-packages", strings.Join(n.AllowPackages, ","))
	}
	if n.AllowFuncs != nil {
		add("allow-funcs", strings.Join(n.AllowFuncs, ","))
	}
	if n.AllowFiles != nil {
		add("allow-files", strings.Join(n.AllowFiles, ","))
	}
	if n.Tests != nil {
		add("tests", strconv.FormatBool(*n.Tests))
	}
	if n.Main != nil {
		add("main", strconv.FormatBool(*n.Main))
	}
	return flags
}
