package chanflow

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// resolver maps SSA values to channel Keys. It indexes the package once:
// the static call sites of every function, the closures that bind each
// anonymous function, and the stores into local variables.
type resolver struct {
	pass  *analysis.Pass
	funcs map[*ssa.Function]bool
	// calls lists the call sites (call, go, defer) of each function of the
	// package whose callee is static.
	calls map[*ssa.Function][]ssa.CallInstruction
	// closures lists the MakeClosure instructions of each anonymous
	// function.
	closures map[*ssa.Function][]*ssa.MakeClosure
	// taken marks functions used as values other than a static callee
	// or a closure that is only called, so that their parameters may come
	// from anywhere.
	taken map[*ssa.Function]bool
	// literalUses lists the instructions that use an anonymous function
	// without free variables as a value.
	literalUses map[*ssa.Function][]ssa.Instruction
	// invoked holds the method names called through interfaces.
	invoked map[string]bool
	// homes maps a make call whose channel is stored in a field (or the
	// elements of a field) to that field's Key.
	homes map[*ssa.MakeChan]Key
	// aliased holds the field keys that share a channel with another
	// field.
	aliased map[Key]bool
	// typeSources lists, for each named channel type of the package that
	// other packages cannot name, the values converted to it.
	typeSources map[*types.TypeName][]ssa.Value
	// returned marks the Keys that leave the package as results.
	returned map[Key]bool

	memo     map[ssa.Value]Key
	funcMemo map[ssa.Value]*ssa.Function
	visiting map[ssa.Value]bool
}

func newResolver(pass *analysis.Pass, funcs []*ssa.Function) *resolver {
	rv := &resolver{
		pass:     pass,
		funcs:    map[*ssa.Function]bool{},
		calls:    map[*ssa.Function][]ssa.CallInstruction{},
		closures: map[*ssa.Function][]*ssa.MakeClosure{},
		taken:    map[*ssa.Function]bool{},
		invoked:  map[string]bool{},

		literalUses: map[*ssa.Function][]ssa.Instruction{},
		homes:       map[*ssa.MakeChan]Key{},
		aliased:     map[Key]bool{},
		returned:    map[Key]bool{},

		typeSources: map[*types.TypeName][]ssa.Value{},
		memo:        map[ssa.Value]Key{},
		funcMemo:    map[ssa.Value]*ssa.Function{},
		visiting:    map[ssa.Value]bool{},
	}
	for _, fn := range funcs {
		rv.funcs[fn] = true
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				rv.index(instr)
			}
		}
	}
	rv.followClosures(funcs)
	return rv
}

func (rv *resolver) index(instr ssa.Instruction) {
	for _, op := range instr.Operands(nil) {
		if op == nil {
			continue
		}
		if fn, ok := (*op).(*ssa.Function); ok && fn.Parent() != nil && len(fn.FreeVars) == 0 {
			uses := rv.literalUses[fn]
			if len(uses) == 0 || uses[len(uses)-1] != instr {
				rv.literalUses[fn] = append(uses, instr)
			}
		}
	}
	switch x := instr.(type) {
	case *ssa.ChangeType:
		if tn := rv.localChanType(x.Type()); tn != nil {
			rv.typeSources[tn] = append(rv.typeSources[tn], x.X)
		}
	case *ssa.MakeChan:
		if tn := rv.localChanType(x.Type()); tn != nil {
			rv.typeSources[tn] = append(rv.typeSources[tn], x)
		}
	}
	if call, ok := instr.(ssa.CallInstruction); ok {
		common := call.Common()
		if common.IsInvoke() {
			rv.invoked[common.Method.Name()] = true
		} else if callee := common.StaticCallee(); callee != nil {
			rv.calls[callee] = append(rv.calls[callee], call)
		}
		for _, arg := range common.Args {
			rv.markTaken(arg)
		}
		if mc, ok := common.Value.(*ssa.MakeClosure); ok {
			for _, b := range mc.Bindings {
				rv.markTaken(b)
			}
		}
		return
	}
	if mc, ok := instr.(*ssa.MakeClosure); ok {
		if fn, ok := mc.Fn.(*ssa.Function); ok {
			rv.closures[fn] = append(rv.closures[fn], mc)
		}
		for _, b := range mc.Bindings {
			rv.markTaken(b)
		}
		// A closure used other than as the callee of a call may be called
		// from anywhere.
		for _, ref := range refs(mc) {
			if call, ok := ref.(ssa.CallInstruction); ok && call.Common().Value == mc {
				continue
			}
			if fn, ok := mc.Fn.(*ssa.Function); ok {
				rv.taken[fn] = true
			}
		}
		return
	}
	if st, ok := instr.(*ssa.Store); ok {
		rv.markTaken(st.Val)
		if mc, ok := unwrapMake(st.Val); ok {
			if k := rv.fieldOfAddr(st.Addr); !k.IsZero() {
				if old, ok := rv.homes[mc]; ok && old != k {
					// One channel in two fields, such as the two ends
					// of a pipe: operations on either field are
					// operations on both, so neither can be judged
					// alone.
					rv.aliased[old] = true
					rv.aliased[k] = true
				}
				rv.homes[mc] = k
			}
		}
		if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
			rv.isAppendOfMakes(st.Val, fa)
		}
	}
	for _, op := range instr.Operands(nil) {
		if op != nil {
			rv.markTaken(*op)
		}
	}
}

func (rv *resolver) markTaken(v ssa.Value) {
	if fn, ok := v.(*ssa.Function); ok {
		rv.taken[fn] = true
	}
}

func refs(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}

func unwrapMake(v ssa.Value) (*ssa.MakeChan, bool) {
	for {
		switch x := v.(type) {
		case *ssa.MakeChan:
			return x, true
		case *ssa.ChangeType:
			v = x.X
		default:
			return nil, false
		}
	}
}

// fieldOfAddr returns the Key of the field that a store to addr writes: a
// channel field, or an element of a channel container field.
func (rv *resolver) fieldOfAddr(addr ssa.Value) Key {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		if f := fieldVar(a.X.Type(), a.Field); f != nil && isChan(f.Type()) {
			return Key{Field: f}
		}
	case *ssa.IndexAddr:
		if k := rv.containerField(a.X); !k.IsZero() {
			return k
		}
	}
	return Key{}
}

// containerField returns the element Key of the container field that v is
// loaded from, or the zero Key.
func (rv *resolver) containerField(v ssa.Value) Key {
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		v = ld.X
	}
	switch x := v.(type) {
	case *ssa.FieldAddr:
		if f := fieldVar(x.X.Type(), x.Field); f != nil && (isChanContainer(f.Type()) || isChanContainerPtr(f.Type())) {
			return Key{Field: f, Elem: true}
		}
	case *ssa.Field:
		if f := fieldVar(x.X.Type(), x.Field); f != nil && isChanContainer(f.Type()) {
			return Key{Field: f, Elem: true}
		}
	}
	return Key{}
}

func isChanContainerPtr(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return isChanContainer(p.Elem())
	}
	return false
}

// fieldVar returns field i of the struct that t is or points to.
func fieldVar(t types.Type, i int) *types.Var {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// resolve returns the Key of the channel v holds, or the zero Key when v
// may hold channels from more than one place or from outside the package.
func (rv *resolver) resolve(v ssa.Value) Key {
	if v == nil {
		return Key{}
	}
	if k, ok := rv.memo[v]; ok {
		return k
	}
	if rv.visiting[v] {
		return Key{}
	}
	rv.visiting[v] = true
	k := rv.resolve1(v)
	delete(rv.visiting, v)
	rv.memo[v] = k
	return k
}

func (rv *resolver) resolve1(v ssa.Value) Key {
	switch x := v.(type) {
	case *ssa.MakeChan:
		if k, ok := rv.homes[x]; ok {
			return k
		}
		return Key{Make: x}
	case *ssa.ChangeType:
		return rv.resolve(x.X)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return Key{}
		}
		return rv.resolveLoad(x.X)
	case *ssa.Field:
		if f := fieldVar(x.X.Type(), x.Field); f != nil && isChan(f.Type()) {
			return Key{Field: f}
		}
	case *ssa.Index:
		return rv.containerField(x.X)
	case *ssa.Lookup:
		if !x.CommaOk {
			return rv.containerField(x.X)
		}
	case *ssa.Extract:
		switch t := x.Tuple.(type) {
		case *ssa.Call:
			return rv.resolveCall(t, x.Index)
		case *ssa.Lookup:
			if x.Index == 0 {
				return rv.containerField(t.X)
			}
		case *ssa.Next:
			// range over a map of channels: the value is element 2.
			if x.Index == 2 {
				if it, ok := t.Iter.(*ssa.Range); ok {
					return rv.containerField(it.X)
				}
			}
		}
	case *ssa.Call:
		return rv.resolveCall(x, 0)
	case *ssa.Phi:
		return rv.resolveAll(x.Edges)
	case *ssa.Parameter:
		return rv.resolveParam(x)
	case *ssa.FreeVar:
		return rv.resolveFreeVar(x, rv.resolve)
	}
	return Key{}
}

// resolveAll returns the common Key of vs, ignoring nil constants.
func (rv *resolver) resolveAll(vs []ssa.Value) Key {
	var k Key
	for _, e := range vs {
		if c, ok := e.(*ssa.Const); ok && c.IsNil() {
			continue
		}
		ek := rv.resolve(e)
		if ek.IsZero() || (!k.IsZero() && ek != k) {
			return Key{}
		}
		k = ek
	}
	return k
}

// resolveLoad resolves a load from addr: a field, an element of a
// container field, or a local variable that closures share.
func (rv *resolver) resolveLoad(addr ssa.Value) Key {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		if f := fieldVar(a.X.Type(), a.Field); f != nil && isChan(f.Type()) {
			return Key{Field: f}
		}
	case *ssa.IndexAddr:
		return rv.containerField(a.X)
	case *ssa.Alloc:
		return rv.resolveAlloc(a)
	case *ssa.FreeVar:
		return rv.resolveFreeVar(a, func(b ssa.Value) Key {
			switch b := b.(type) {
			case *ssa.Alloc:
				return rv.resolveAlloc(b)
			case *ssa.FreeVar:
				// A closure inside a closure captures the same variable.
				return rv.resolveLoad(b)
			}
			return Key{}
		})
	}
	return Key{}
}

// resolveAlloc resolves a local variable from every store into it. Its
// address may only be loaded, stored to and bound by closures.
func (rv *resolver) resolveAlloc(a *ssa.Alloc) Key {
	var stored []ssa.Value
	for _, ref := range refs(a) {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr == a {
				stored = append(stored, r.Val)
			}
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return Key{}
		}
	}
	// Stores through the closures that capture a count too.
	for _, ref := range refs(a) {
		if mc, ok := ref.(*ssa.MakeClosure); ok {
			if fn, ok := mc.Fn.(*ssa.Function); ok && storesFreeVar(fn, mc, a) {
				return rv.resolveAll(rv.storedIn(a, 0))
			}
		}
	}
	if len(stored) == 0 {
		return Key{}
	}
	return rv.resolveAll(stored)
}

// storesFreeVar reports whether fn, bound by mc, stores into the free
// variable that mc binds to a.
func storesFreeVar(fn *ssa.Function, mc *ssa.MakeClosure, a *ssa.Alloc) bool {
	for i, b := range mc.Bindings {
		if b != a || i >= len(fn.FreeVars) {
			continue
		}
		for _, ref := range refs(fn.FreeVars[i]) {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == fn.FreeVars[i] {
				return true
			}
			if _, ok := ref.(*ssa.MakeClosure); ok {
				return true
			}
		}
	}
	return false
}

// resolveFreeVar resolves fv through every closure that binds it.
func (rv *resolver) resolveFreeVar(fv *ssa.FreeVar, each func(ssa.Value) Key) Key {
	fn := fv.Parent()
	if fn == nil {
		return Key{}
	}
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	mcs := rv.closures[fn]
	if idx < 0 || len(mcs) == 0 {
		return Key{}
	}
	var k Key
	for _, mc := range mcs {
		if idx >= len(mc.Bindings) {
			return Key{}
		}
		bk := each(mc.Bindings[idx])
		if bk.IsZero() || (!k.IsZero() && bk != k) {
			return Key{}
		}
		k = bk
	}
	return k
}

// resolveParam resolves a parameter from every static call site, when the
// function cannot be called from elsewhere.
func (rv *resolver) resolveParam(p *ssa.Parameter) Key {
	fn := p.Parent()
	if fn == nil {
		return Key{}
	}
	if tn := rv.localChanType(p.Type()); tn != nil && fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p {
		// The receiver of a method of a channel type of the package holds
		// whatever the package converts to that type.
		return rv.resolveAll(rv.typeSources[tn])
	}
	if rv.openToCallers(fn) {
		return Key{}
	}
	idx := -1
	for i, q := range fn.Params {
		if q == p {
			idx = i
		}
	}
	sites := rv.calls[fn]
	if idx < 0 || len(sites) == 0 {
		return Key{}
	}
	var args []ssa.Value
	for _, site := range sites {
		common := site.Common()
		a := common.Args
		if idx >= len(a) {
			return Key{}
		}
		args = append(args, a[idx])
	}
	return rv.resolveAll(args)
}

// openToCallers reports whether fn may be called from code that the
// resolver does not see: another package, an interface, a function value.
func (rv *resolver) openToCallers(fn *ssa.Function) bool {
	if !rv.funcs[fn] || rv.taken[fn] {
		return true
	}
	if fn.Parent() != nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || (obj.Exported() && !rv.isMain()) {
		return true
	}
	if fn.Signature.Recv() != nil && rv.invoked[fn.Name()] {
		return true
	}
	return false
}

// resolveCall resolves result i of a call to a function of the package
// from every return statement of the callee. A call to a function of
// another package that returns a channel gets a Remote Key.
func (rv *resolver) resolveCall(call *ssa.Call, i int) Key {
	callee := Callees(call.Common())
	if callee == nil && !call.Common().IsInvoke() {
		callee = rv.funcOf(call.Common().Value, 0)
	}
	if callee == nil {
		return Key{}
	}
	if !rv.funcs[callee] {
		res := callee.Signature.Results()
		if res.Len() == 1 && i == 0 && isChan(res.At(0).Type()) && callee.Pkg != nil && callee.Pkg.Pkg != rv.pass.Pkg {
			return Key{Remote: call}
		}
		return Key{}
	}
	var results []ssa.Value
	for _, b := range callee.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if i >= len(ret.Results) {
				return Key{}
			}
			results = append(results, ret.Results[i])
		}
	}
	return rv.resolveAll(results)
}

// constCap returns the constant buffer size of mc, or -1. A size that is a
// parameter of a function that only the package calls, with the same
// constant at every call site, counts as that constant.
func (rv *resolver) constCap(mc *ssa.MakeChan) int {
	return rv.constInt(mc.Size, 0)
}

func (rv *resolver) constInt(v ssa.Value, depth int) int {
	if depth > 3 {
		return -1
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil || x.Value.Kind() != constant.Int {
			return -1
		}
		n, ok := constant.Int64Val(x.Value)
		if !ok || n < 0 || n > 1<<20 {
			return -1
		}
		return int(n)
	case *ssa.Convert:
		return rv.constInt(x.X, depth)
	case *ssa.Parameter:
		fn := x.Parent()
		if fn == nil || rv.openToCallers(fn) {
			return -1
		}
		idx := -1
		for i, q := range fn.Params {
			if q == x {
				idx = i
			}
		}
		sites := rv.calls[fn]
		if idx < 0 || len(sites) == 0 {
			return -1
		}
		n := -2
		for _, site := range sites {
			args := site.Common().Args
			if idx >= len(args) {
				return -1
			}
			m := rv.constInt(args[idx], depth+1)
			if m < 0 || (n != -2 && m != n) {
				return -1
			}
			n = m
		}
		return n
	}
	return -1
}

// isMain reports whether the package is a command, which no other package
// imports, so that its exported names are as closed as unexported ones.
func (rv *resolver) isMain() bool {
	return rv.pass.Pkg.Name() == "main"
}

// localChanType returns the named channel type t when the package defines
// it and other packages cannot name it (it is unexported, or the package
// is a command).
func (rv *resolver) localChanType(t types.Type) *types.TypeName {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || !isChan(named) {
		return nil
	}
	tn := named.Obj()
	if tn.Pkg() != rv.pass.Pkg || (tn.Exported() && !rv.isMain()) {
		return nil
	}
	return tn
}
