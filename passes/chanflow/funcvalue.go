package chanflow

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// followClosures finds the calls through function values of each
// anonymous function whose closures are used as values. It only keeps a
// function whose closures all end in calls that resolve back to that
// function alone. Those calls become its call sites, so its parameters
// resolve from their arguments as if the function were called directly.
func (rv *resolver) followClosures(order []*ssa.Function) {
	found := map[*ssa.Function][]ssa.CallInstruction{}
	for _, fn := range order {
		mcs := rv.closures[fn]
		uses := rv.literalUses[fn]
		if !rv.taken[fn] || len(mcs)+len(uses) == 0 {
			continue
		}
		w := &funcWalk{rv: rv, fn: fn, seen: map[ssa.Value]bool{}}
		ok := true
		for _, mc := range mcs {
			if !w.value(mc, 0) {
				ok = false
				break
			}
		}
		// A function literal without free variables is a constant, used
		// directly by each instruction.
		for _, instr := range uses {
			if ok && !w.use(fn, instr, 0) {
				ok = false
			}
		}
		if ok {
			found[fn] = w.sites
		}
	}
	for _, fn := range order {
		if sites, ok := found[fn]; ok {
			delete(rv.taken, fn)
			rv.calls[fn] = append(rv.calls[fn], sites...)
		}
	}
}

// funcWalk is a forward walk over the uses of the closures of fn.
type funcWalk struct {
	rv    *resolver
	fn    *ssa.Function
	seen  map[ssa.Value]bool
	sites []ssa.CallInstruction
}

const maxFuncDepth = 8

// value follows the uses of v, which holds a closure of w.fn. It reports
// false when one of them leads where the resolver cannot follow.
func (w *funcWalk) value(v ssa.Value, depth int) bool {
	if depth > maxFuncDepth {
		return false
	}
	if w.seen[v] {
		return true
	}
	w.seen[v] = true
	for _, ref := range refs(v) {
		if !w.use(v, ref, depth) {
			return false
		}
	}
	return true
}

func (w *funcWalk) use(v ssa.Value, ref ssa.Instruction, depth int) bool {
	rv := w.rv
	switch r := ref.(type) {
	case *ssa.DebugRef, *ssa.BinOp:
		// A comparison with nil does not call the function.
		return true
	case ssa.CallInstruction:
		common := r.Common()
		if _, ok := common.Value.(*ssa.Builtin); ok {
			return false
		}
		if common.Value == v && common.StaticCallee() == nil {
			if rv.funcOf(v, 0) != w.fn {
				return false
			}
			w.sites = append(w.sites, r)
		}
		for i, a := range common.Args {
			if a != v {
				continue
			}
			callee := Callees(common)
			if callee == nil || !rv.funcs[callee] || rv.openToCallers(callee) || i >= len(callee.Params) {
				return false
			}
			if !w.value(callee.Params[i], depth+1) {
				return false
			}
		}
		return true
	case *ssa.ChangeType:
		return w.value(r, depth+1)
	case *ssa.Return:
		h := r.Parent()
		if h == nil || rv.openToCallers(h) {
			return false
		}
		for i, res := range r.Results {
			if res != v {
				continue
			}
			for _, site := range rv.calls[h] {
				call, ok := site.(*ssa.Call)
				if !ok {
					continue
				}
				if len(r.Results) == 1 {
					if !w.value(call, depth+1) {
						return false
					}
					continue
				}
				for _, cref := range refs(call) {
					if ex, ok := cref.(*ssa.Extract); ok && ex.Index == i {
						if !w.value(ex, depth+1) {
							return false
						}
					}
				}
			}
		}
		return true
	case *ssa.Store:
		if r.Val != v {
			return false
		}
		switch a := r.Addr.(type) {
		case *ssa.Alloc, *ssa.FreeVar:
			return w.addr(a, depth+1)
		}
		return false
	case *ssa.MakeClosure:
		g, ok := r.Fn.(*ssa.Function)
		if !ok {
			return false
		}
		for i, b := range r.Bindings {
			if b == v && (i >= len(g.FreeVars) || !w.value(g.FreeVars[i], depth+1)) {
				return false
			}
		}
		return true
	}
	return false
}

// addr follows the loads of a local variable (or the free variable that
// captures one) into which a closure of w.fn is stored.
func (w *funcWalk) addr(a ssa.Value, depth int) bool {
	if depth > maxFuncDepth {
		return false
	}
	if w.seen[a] {
		return true
	}
	w.seen[a] = true
	for _, ref := range refs(a) {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != a {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || !w.value(r, depth+1) {
				return false
			}
		case *ssa.MakeClosure:
			g, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == a && (i >= len(g.FreeVars) || !w.addr(g.FreeVars[i], depth+1)) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// funcOf returns the one function of the package that the function value
// v can hold, or nil.
func (rv *resolver) funcOf(v ssa.Value, depth int) *ssa.Function {
	if depth > maxFuncDepth || v == nil {
		return nil
	}
	if fn, ok := rv.funcMemo[v]; ok {
		return fn
	}
	// A cycle of values resolves to nothing.
	rv.funcMemo[v] = nil
	fn := rv.funcOf1(v, depth)
	rv.funcMemo[v] = fn
	return fn
}

func (rv *resolver) funcOf1(v ssa.Value, depth int) *ssa.Function {
	switch x := v.(type) {
	case *ssa.Function:
		if rv.funcs[x] {
			return x
		}
	case *ssa.MakeClosure:
		if fn, ok := x.Fn.(*ssa.Function); ok && rv.funcs[fn] {
			return fn
		}
	case *ssa.ChangeType:
		return rv.funcOf(x.X, depth+1)
	case *ssa.Phi:
		return rv.funcOfAll(x.Edges, depth)
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return rv.funcOfAll(rv.storedIn(x.X, 0), depth)
		}
	case *ssa.FreeVar:
		return rv.funcOfAll(rv.bound(x), depth)
	case *ssa.Call:
		callee := Callees(x.Common())
		if callee == nil || !rv.funcs[callee] || callee.Signature.Results().Len() != 1 {
			return nil
		}
		return rv.funcOfAll(returned(callee, 0), depth)
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			if callee := Callees(call.Common()); callee != nil && rv.funcs[callee] {
				return rv.funcOfAll(returned(callee, x.Index), depth)
			}
		}
	case *ssa.Parameter:
		fn := x.Parent()
		if fn == nil || rv.openToCallers(fn) {
			return nil
		}
		idx := -1
		for i, q := range fn.Params {
			if q == x {
				idx = i
			}
		}
		var args []ssa.Value
		for _, site := range rv.calls[fn] {
			a := site.Common().Args
			if idx < 0 || idx >= len(a) {
				return nil
			}
			args = append(args, a[idx])
		}
		return rv.funcOfAll(args, depth)
	}
	return nil
}

// funcOfAll returns the one function that every value of vs holds,
// ignoring nil constants, or nil.
func (rv *resolver) funcOfAll(vs []ssa.Value, depth int) *ssa.Function {
	var out *ssa.Function
	for _, v := range vs {
		if c, ok := v.(*ssa.Const); ok && c.IsNil() {
			continue
		}
		fn := rv.funcOf(v, depth+1)
		if fn == nil || (out != nil && fn != out) {
			return nil
		}
		out = fn
	}
	return out
}

// returned returns result i of every return statement of fn.
func returned(fn *ssa.Function, i int) []ssa.Value {
	var out []ssa.Value
	for _, b := range fn.Blocks {
		if n := len(b.Instrs); n > 0 {
			if ret, ok := b.Instrs[n-1].(*ssa.Return); ok && i < len(ret.Results) {
				out = append(out, ret.Results[i])
			}
		}
	}
	return out
}

// bound returns the values that the closures of fv's function bind to fv.
func (rv *resolver) bound(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	if fn == nil {
		return nil
	}
	for i, f := range fn.FreeVars {
		if f != fv {
			continue
		}
		var out []ssa.Value
		for _, mc := range rv.closures[fn] {
			if i >= len(mc.Bindings) {
				return nil
			}
			out = append(out, mc.Bindings[i])
		}
		return out
	}
	return nil
}

// storedIn returns the values stored into the local variable at addr, by
// its function and by the closures that capture it, or nil when the
// variable is used other than by loads, stores and captures.
func (rv *resolver) storedIn(addr ssa.Value, depth int) []ssa.Value {
	if depth > maxFuncDepth {
		return nil
	}
	if fv, ok := addr.(*ssa.FreeVar); ok {
		var out []ssa.Value
		for _, b := range rv.bound(fv) {
			vs := rv.storedIn(b, depth+1)
			if vs == nil {
				return nil
			}
			out = append(out, vs...)
		}
		return out
	}
	if _, ok := addr.(*ssa.Alloc); !ok {
		return nil
	}
	var out []ssa.Value
	var visit func(a ssa.Value, depth int) bool
	visit = func(a ssa.Value, depth int) bool {
		if depth > maxFuncDepth {
			return false
		}
		for _, ref := range refs(a) {
			switch r := ref.(type) {
			case *ssa.DebugRef, *ssa.UnOp:
			case *ssa.Store:
				if r.Addr != a {
					return false
				}
				out = append(out, r.Val)
			case *ssa.MakeClosure:
				g, ok := r.Fn.(*ssa.Function)
				if !ok {
					return false
				}
				for i, b := range r.Bindings {
					if b == a && (i >= len(g.FreeVars) || !visit(g.FreeVars[i], depth+1)) {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	if !visit(addr, depth) || len(out) == 0 {
		return nil
	}
	return out
}
