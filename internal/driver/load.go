package driver

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// load loads the packages that match the patterns and prints one error
// line for each package that failed to load or type-check. It returns the
// packages and the module root, the directory that output paths and
// baseline keys are relative to.
//
// Dependencies are type-checked from source only when an enabled analyzer
// uses facts, because facts must be computed on the dependencies too.
// Otherwise their types come from export data, which is cheaper. This is
// the choice multichecker makes.
func (r *runner) load() ([]*packages.Package, string, error) {
	mode := packages.LoadSyntax
	if needFacts(r.cfg.analyzers) {
		mode = packages.LoadAllSyntax
	}
	conf := &packages.Config{
		Mode:  mode | packages.NeedModule,
		Dir:   r.cfg.dir,
		Tests: r.cfg.tests,
	}
	r.progressf("load %s (dependencies from %s)", strings.Join(r.cfg.patterns, " "), dependencySource(mode))
	pkgs, err := packages.Load(conf, r.cfg.patterns...)
	if err != nil {
		return nil, "", fmt.Errorf("loading packages: %v", err)
	}
	if len(pkgs) == 0 {
		return nil, "", fmt.Errorf("%s matched no packages", strings.Join(r.cfg.patterns, " "))
	}
	r.progressf("loaded %d packages", len(pkgs))

	r.reportPackageErrors(pkgs)
	return pkgs, moduleRoot(pkgs, r.cfg.dir), nil
}

func dependencySource(mode packages.LoadMode) string {
	if mode&packages.NeedDeps != 0 {
		return "source, because an analyzer uses facts"
	}
	return "export data"
}

// needFacts reports whether any of the analyzers, or an analyzer they
// require, uses facts.
func needFacts(analyzers []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(list []*analysis.Analyzer) bool {
		for _, a := range list {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(analyzers)
}

// reportPackageErrors prints one line for each requested package that
// cannot be analyzed: its own first error, or, when only a dependency is
// broken, the name of that dependency. The first error of each such
// dependency is printed once. Broken dependencies that no requested package
// is blamed on are not printed, so the lines stay about the packages that
// were asked for. A package and its test variant share one line.
func (r *runner) reportPackageErrors(pkgs []*packages.Package) {
	reported := make(map[string]bool)
	for _, pkg := range pkgs {
		if reported[pkg.PkgPath] {
			continue
		}
		if len(pkg.Errors) > 0 {
			reported[pkg.PkgPath] = true
			r.errorf("package %s: %s", pkg.PkgPath, describeErrors(pkg.Errors, r.cfg.dir))
			continue
		}
		if !pkg.IllTyped {
			continue
		}
		reported[pkg.PkgPath] = true
		dep := brokenDependency(pkg)
		if dep == nil {
			r.errorf("package %s: not analyzed: type information is incomplete", pkg.PkgPath)
			continue
		}
		if !reported[dep.PkgPath] {
			reported[dep.PkgPath] = true
			r.errorf("package %s (a dependency): %s", dep.PkgPath, describeErrors(dep.Errors, r.cfg.dir))
		}
		r.errorf("package %s: not analyzed: its dependency %s has errors", pkg.PkgPath, dep.PkgPath)
	}
}

// describeErrors returns the first error of a package and the number of
// the others. Parse and type errors come first when there are any, because
// the go command's own error for the same package repeats them with less
// precise positions.
func describeErrors(errs []packages.Error, dir string) string {
	var precise []packages.Error
	for _, e := range errs {
		if e.Kind == packages.ParseError || e.Kind == packages.TypeError {
			precise = append(precise, e)
		}
	}
	if len(precise) > 0 {
		errs = precise
	}

	first := errs[0]
	pos := first.Pos
	if rel, err := filepath.Rel(dir, pos); err == nil && pos != "" && filepath.IsAbs(pos) && !strings.HasPrefix(rel, "..") {
		pos = "." + string(filepath.Separator) + rel
	}
	var msg string
	for line := range strings.SplitSeq(first.Msg, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "# "):
		case msg == "":
			msg = line
		case strings.HasSuffix(msg, ":"):
			msg += " " + line
		default:
			msg += "; " + line
		}
	}
	if pos != "" && pos != "-" {
		msg = pos + ": " + msg
	}

	if n := len(errs) - 1; n == 1 {
		msg += " (and 1 more error)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", n)
	}
	return msg
}

// brokenDependency returns the deepest dependency of pkg that has errors of
// its own, or nil.
func brokenDependency(pkg *packages.Package) *packages.Package {
	var found *packages.Package
	paths := make([]string, 0, len(pkg.Imports))
	for path := range pkg.Imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	seen := make(map[*packages.Package]bool)
	var visit func(*packages.Package)
	// Imports are visited before the package itself, so the package found
	// is the deepest broken one: the cause, not a package that merely
	// fails to import it.
	visit = func(p *packages.Package) {
		if found != nil || seen[p] {
			return
		}
		seen[p] = true
		imports := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			imports = append(imports, path)
		}
		sort.Strings(imports)
		for _, path := range imports {
			visit(p.Imports[path])
		}
		if found == nil && len(p.Errors) > 0 {
			found = p
		}
	}
	for _, path := range paths {
		visit(pkg.Imports[path])
	}
	return found
}

// moduleRoot returns the directory of the main module that contains dir,
// or of the first main module a package belongs to, or dir itself when no
// package belongs to a main module (GOPATH mode, ad-hoc files).
func moduleRoot(pkgs []*packages.Package, dir string) string {
	var first string
	for _, pkg := range pkgs {
		mod := pkg.Module
		if mod == nil || !mod.Main || mod.Dir == "" {
			continue
		}
		if first == "" {
			first = mod.Dir
		}
		if rel, err := filepath.Rel(mod.Dir, dir); err == nil && !strings.HasPrefix(rel, "..") {
			return mod.Dir
		}
	}
	if first != "" {
		return first
	}
	return dir
}
