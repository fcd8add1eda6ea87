package driver

import (
	"context"
	"go/types"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"
)

// ssaGate holds back the SSA form of a package until it can be used soon.
//
// The checker runs every action as soon as the actions it depends on are
// done. buildssa depends on nothing, so it builds the SSA form of every
// package at the start, while an analyzer that uses facts (chanleak) can
// run on a package only after it has run on all the package's imports.
// Each SSA form then waits in memory for its turn: on the standard
// library that is most of the peak. The gate makes buildssa wait until
// those analyzers are done with every imported package, so that SSA is
// built close to the time it is used, and resultBox drops it right after.
type ssaGate struct {
	imports   map[*types.Package][]*types.Package
	importers map[*types.Package][]*types.Package
	users     int32 // analyzers that use facts and need SSA

	mu      sync.Mutex
	done    map[*types.Package]chan struct{}
	pending map[*types.Package]int32 // users that have yet to finish
}

// gateTimeout bounds a wait, so that a package whose imports never
// report costs memory rather than a hang.
const gateTimeout = 2 * time.Minute

// newSSAGate returns a gate for pkgs and their dependencies, or nil when
// no analyzer that uses facts needs SSA. users are the original
// analyzers, with every analyzer they require.
func newSSAGate(pkgs []*packages.Package, analyzers map[*analysis.Analyzer]bool) *ssaGate {
	g := &ssaGate{
		imports:   map[*types.Package][]*types.Package{},
		importers: map[*types.Package][]*types.Package{},
		done:      map[*types.Package]chan struct{}{},
		pending:   map[*types.Package]int32{},
	}
	for a := range analyzers {
		if isSSAFactUser(a) {
			g.users++
		}
	}
	if g.users == 0 {
		return nil
	}
	var broken []*types.Package
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Types == nil {
			return
		}
		g.done[p.Types] = make(chan struct{})
		g.pending[p.Types] = g.users
		for _, imp := range p.Imports {
			if imp.Types != nil {
				g.imports[p.Types] = append(g.imports[p.Types], imp.Types)
				g.importers[imp.Types] = append(g.importers[imp.Types], p.Types)
			}
		}
		if p.IllTyped {
			broken = append(broken, p.Types)
		}
	})
	for _, p := range broken {
		g.fail(p)
	}
	return g
}

// isSSAFactUser reports whether a uses facts and requires buildssa,
// directly or through other analyzers.
func isSSAFactUser(a *analysis.Analyzer) bool {
	return len(a.FactTypes) > 0 && withRequired(a)[buildssa.Analyzer]
}

// wait blocks until the users are done with every package that pkg
// imports, and reports true, or until ctx ends, and reports false.
func (g *ssaGate) wait(ctx context.Context, pkg *types.Package) bool {
	for _, imp := range g.imports[pkg] {
		g.mu.Lock()
		ch := g.done[imp]
		g.mu.Unlock()
		if ch == nil {
			continue
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// finished records that one user has run on pkg.
func (g *ssaGate) finished(pkg *types.Package) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.pending[pkg]--; g.pending[pkg] == 0 {
		g.closeLocked(pkg)
	}
}

// fail records that the users will not run on pkg, nor on the packages
// that import it, because the checker skips an analyzer on a package when
// the same analyzer failed on an import.
func (g *ssaGate) fail(pkg *types.Package) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if !g.closeLocked(p) {
			return
		}
		for _, up := range g.importers[p] {
			visit(up)
		}
	}
	visit(pkg)
}

// closeLocked closes the done channel of pkg and reports whether it was
// open.
func (g *ssaGate) closeLocked(pkg *types.Package) bool {
	ch := g.done[pkg]
	if ch == nil {
		return false
	}
	select {
	case <-ch:
		return false
	default:
		close(ch)
		return true
	}
}
