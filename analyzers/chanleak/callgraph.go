package chanleak

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// callIndex holds the static call sites and the functions used as values
// in the package.
type callIndex struct {
	sites   map[*ssa.Function][]ssa.CallInstruction
	taken   map[*ssa.Function]bool
	invoked map[string]bool
	// boxed holds the named types converted to interfaces, with the
	// method names those interfaces declare, or nil for an empty
	// interface, through which any method may be reached by a type
	// assertion.
	boxed map[*types.TypeName]map[string]bool
	live  map[*ssa.Function]bool
}

func (c *checker) index() *callIndex {
	if c.calls != nil {
		return c.calls
	}
	ix := &callIndex{sites: map[*ssa.Function][]ssa.CallInstruction{}, taken: map[*ssa.Function]bool{}, invoked: map[string]bool{}, boxed: map[*types.TypeName]map[string]bool{}}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var callValue ssa.Value
				if call, ok := instr.(ssa.CallInstruction); ok {
					common := call.Common()
					callValue = common.Value
					if common.IsInvoke() {
						ix.invoked[common.Method.Name()] = true
					} else if callee := c.callee(common); callee != nil {
						ix.sites[callee] = append(ix.sites[callee], call)
					}
				}
				for _, op := range instr.Operands(nil) {
					if op == nil || *op == callValue {
						continue
					}
					if f, ok := (*op).(*ssa.Function); ok {
						ix.taken[f] = true
					}
				}
				if mi, ok := instr.(*ssa.MakeInterface); ok {
					if tn := namedOf(mi.X.Type()); tn != nil {
						ix.box(tn, mi.Type())
					}
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					used := false
					for _, ref := range refs(mc) {
						if call, ok := ref.(ssa.CallInstruction); !ok || call.Common().Value != mc {
							used = true
						}
					}
					if f, ok := mc.Fn.(*ssa.Function); ok && used {
						ix.taken[f] = true
					}
				}
			}
		}
	}
	// A method value or method expression is a synthetic wrapper that
	// calls the method: the method is taken too.
	for f := range ix.taken {
		if f.Synthetic == "" {
			continue
		}
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if callee := call.Common().StaticCallee(); callee != nil {
						ix.taken[callee] = true
					}
				}
			}
		}
	}
	c.calls = ix
	return ix
}

func (c *checker) callSites() map[*ssa.Function][]ssa.CallInstruction { return c.index().sites }

func (c *checker) takenFuncs() map[*ssa.Function]bool { return c.index().taken }

// reachable returns the functions that may run. In a library every
// function may; in a command only those that main, init, a function
// value or an interface call can reach.
func (c *checker) reachable() map[*ssa.Function]bool {
	ix := c.index()
	if ix.live != nil {
		return ix.live
	}
	ix.live = map[*ssa.Function]bool{}
	isMainPkg := c.pass.Pkg.Name() == "main"
	var work []*ssa.Function
	for _, fn := range c.flow.Funcs {
		// Other packages may call any function of a library. In its test
		// files only exported ones count: an export_test.go file hands
		// them to the package's external tests.
		library := !isMainPkg && fn.Parent() == nil && (!c.inTestFile(fn) || token.IsExported(fn.Name()))
		// A function literal runs only once its enclosing function does,
		// which the walk below reaches through AnonFuncs.
		usedAsValue := ix.taken[fn] && fn.Parent() == nil
		root := library || usedAsValue || isTestEntry(fn) ||
			(fn.Parent() == nil && (fn.Name() == "main" || strings.HasPrefix(fn.Name(), "init"))) ||
			(fn.Signature.Recv() != nil && (ix.invoked[fn.Name()] || ix.boxedMethod(fn)))
		if root {
			ix.live[fn] = true
			work = append(work, fn)
		}
	}
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		var next []*ssa.Function
		next = append(next, fn.AnonFuncs...)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if callee := c.callee(call.Common()); callee != nil {
						next = append(next, callee)
					}
				}
			}
		}
		for _, n := range next {
			if !ix.live[n] {
				ix.live[n] = true
				work = append(work, n)
			}
		}
	}
	return ix.live
}

// inTestFile reports whether fn is declared in a _test.go file.
func (c *checker) inTestFile(fn *ssa.Function) bool {
	pos := fn.Pos()
	if !pos.IsValid() {
		return false
	}
	return strings.HasSuffix(c.pass.Fset.Position(pos).Filename, "_test.go")
}

// isTestEntry reports whether the testing package calls fn.
func isTestEntry(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Signature.Recv() != nil {
		return false
	}
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(fn.Name(), prefix) {
			return true
		}
	}
	return false
}

// namedOf returns the type name of t or of the type t points to.
func namedOf(t types.Type) *types.TypeName {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

// box records that tn is converted to the interface type iface.
func (ix *callIndex) box(tn *types.TypeName, iface types.Type) {
	it, ok := iface.Underlying().(*types.Interface)
	names, seen := ix.boxed[tn]
	if seen && names == nil {
		return
	}
	if !ok || it.NumMethods() == 0 {
		ix.boxed[tn] = nil
		return
	}
	if names == nil {
		names = map[string]bool{}
		ix.boxed[tn] = names
	}
	for i := range it.NumMethods() {
		names[it.Method(i).Name()] = true
	}
}

// boxedMethod reports whether code may call method fn through an
// interface that its receiver type was converted to. Reflection reaches
// every exported method of such a type, as test suites that run methods
// named Test do.
func (ix *callIndex) boxedMethod(fn *ssa.Function) bool {
	names, ok := ix.boxed[namedOf(fn.Signature.Recv().Type())]
	return ok && (names == nil || names[fn.Name()] || token.IsExported(fn.Name()))
}
