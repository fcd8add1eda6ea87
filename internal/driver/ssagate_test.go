package driver

import (
	"context"
	"go/types"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"
)

// factUser stands for chanleak: it uses facts and requires buildssa.
var factUser = &analysis.Analyzer{
	Name:      "factuser",
	Doc:       "uses facts and SSA",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(testFact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

type testFact struct{}

func (*testFact) AFact() {}

// chain returns the packages a <- b <- c, where c imports b and b imports
// a, with c as the root.
func chain() (root *packages.Package, a, b, c *types.Package) {
	pa := &packages.Package{PkgPath: "a", Types: types.NewPackage("a", "a")}
	pb := &packages.Package{PkgPath: "b", Types: types.NewPackage("b", "b"), Imports: map[string]*packages.Package{"a": pa}}
	pc := &packages.Package{PkgPath: "c", Types: types.NewPackage("c", "c"), Imports: map[string]*packages.Package{"b": pb}}
	return pc, pa.Types, pb.Types, pc.Types
}

// released reports whether the gate lets pkg go on within a short time.
func released(g *ssaGate, pkg *types.Package) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	return g.wait(ctx, pkg)
}

func TestSSAGateWaitsForImports(t *testing.T) {
	root, a, b, c := chain()
	g := newSSAGate([]*packages.Package{root}, map[*analysis.Analyzer]bool{factUser: true, buildssa.Analyzer: true})
	if g == nil {
		t.Fatal("no gate for an analyzer that uses facts and SSA")
	}
	if !released(g, a) {
		t.Error("a imports nothing but waits")
	}
	if released(g, b) {
		t.Error("b goes on before the user finished a")
	}
	g.finished(a)
	if !released(g, b) {
		t.Error("b still waits after the user finished a")
	}
	if released(g, c) {
		t.Error("c goes on before the user finished b")
	}
}

func TestSSAGateFailureReleasesImporters(t *testing.T) {
	root, a, _, c := chain()
	g := newSSAGate([]*packages.Package{root}, map[*analysis.Analyzer]bool{factUser: true, buildssa.Analyzer: true})
	g.fail(a)
	if !released(g, c) {
		t.Error("c waits for b, which cannot run after a failed")
	}
}

func TestSSAGateOffWithoutFactUsers(t *testing.T) {
	root, _, _, _ := chain()
	if g := newSSAGate([]*packages.Package{root}, map[*analysis.Analyzer]bool{buildssa.Analyzer: true}); g != nil {
		t.Error("gate built although no analyzer uses facts")
	}
}
