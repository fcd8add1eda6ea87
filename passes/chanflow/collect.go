package chanflow

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// collect attributes every channel operation of the package to its Key and
// marks the Keys whose values escape.
func (rv *resolver) collect(res *Result) {
	get := func(k Key) *Channel {
		ch := res.Channels[k]
		if ch == nil {
			ch = &Channel{Key: k, Cap: -1}
			res.Channels[k] = ch
			rv.initChannel(ch)
		}
		return ch
	}
	escape := func(k Key, why string) {
		if k.IsZero() {
			return
		}
		ch := get(k)
		if !ch.Escaped {
			ch.Escaped, ch.Why = true, why
		}
	}

	for _, fn := range res.Res() {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				rv.collectOps(fn, b, instr, get)
			}
		}
	}

	for _, fn := range res.Res() {
		for _, p := range fn.Params {
			rv.checkUses(p, escape)
		}
		for _, fv := range fn.FreeVars {
			rv.checkUses(fv, escape)
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if v, ok := instr.(ssa.Value); ok {
					rv.checkUses(v, escape)
				}
				if st, ok := instr.(*ssa.Store); ok {
					rv.checkFieldStore(st, escape)
				}
				if fa, ok := instr.(*ssa.FieldAddr); ok {
					rv.checkFieldAddr(fa, escape)
				}
			}
		}
	}

	for k, ch := range res.Channels {
		ch.Returned = rv.returned[k]
		if k.Field != nil && k.Field.Exported() && !rv.isMain() {
			ch.Escaped, ch.Why = true, "exported field"
		}
		if k.Field != nil && len(ch.Makes) == 0 {
			ch.Escaped, ch.Why = true, "field never assigned a new channel in this package"
		}
		if rv.aliased[k] {
			ch.Escaped, ch.Why = true, "its channels are also stored in another field"
		}
	}
}

// Res returns the functions the pass looked at.
func (r *Result) Res() []*ssa.Function { return r.Funcs }

func (rv *resolver) initChannel(ch *Channel) {
	k := ch.Key
	switch {
	case k.Make != nil:
		ch.Makes = []*ssa.MakeChan{k.Make}
	case k.Field != nil:
		for mc, home := range rv.homes {
			if home == k {
				ch.Makes = append(ch.Makes, mc)
			}
		}
	}
	if len(ch.Makes) == 0 {
		return
	}
	ch.Cap = -2
	for _, mc := range ch.Makes {
		c := rv.constCap(mc)
		if c < 0 || (ch.Cap != -2 && c != ch.Cap) {
			ch.Cap = -1
			return
		}
		ch.Cap = c
	}
}

func (rv *resolver) collectOps(fn *ssa.Function, b *ssa.BasicBlock, instr ssa.Instruction, get func(Key) *Channel) {
	add := func(v ssa.Value, op *Op) {
		k := rv.resolve(v)
		if k.IsZero() {
			return
		}
		op.Fn = fn
		op.Instr = instr
		ch := get(k)
		ch.Ops = append(ch.Ops, op)
	}
	switch x := instr.(type) {
	case *ssa.Send:
		add(x.Chan, &Op{Kind: Send, Pos: x.Pos(), Case: -1, Blocking: true})
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			add(x.X, &Op{Kind: Recv, Pos: x.Pos(), Case: -1, Blocking: true, Range: b.Comment == "rangechan.loop"})
		}
	case *ssa.Select:
		// A select blocks on one channel alone when it has no default and
		// every case is on that channel.
		alone := x.Blocking
		var first Key
		for i, st := range x.States {
			k := rv.resolve(st.Chan)
			if k.IsZero() || (i > 0 && k != first) {
				alone = false
			}
			first = k
		}
		for i, st := range x.States {
			kind := Recv
			if st.Dir == types.SendOnly {
				kind = Send
			}
			add(st.Chan, &Op{Kind: kind, Pos: st.Pos, Case: i, Blocking: alone, Default: !x.Blocking})
		}
	case *ssa.Call:
		if bi, ok := x.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(x.Call.Args) == 1 {
			add(x.Call.Args[0], &Op{Kind: Close, Pos: x.Pos(), Case: -1})
		}
	case *ssa.Defer:
		if bi, ok := x.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(x.Call.Args) == 1 {
			add(x.Call.Args[0], &Op{Kind: Close, Pos: x.Pos(), Case: -1})
		}
	}
}

const returnedOut = "returned out of the package"

// checkUses marks the Key of v escaped when one of v's uses is not a
// channel operation, a comparison, or a flow that the resolver follows.
func (rv *resolver) checkUses(v ssa.Value, escape func(Key, string)) {
	if !isChan(v.Type()) {
		return
	}
	k := rv.resolve(v)
	if k.IsZero() {
		return
	}
	for _, ref := range refs(v) {
		why := rv.badUse(v, k, ref)
		if why == returnedOut {
			rv.returned[k] = true
			continue
		}
		if why != "" {
			escape(k, why)
			return
		}
	}
}

func (rv *resolver) badUse(v ssa.Value, k Key, ref ssa.Instruction) string {
	switch r := ref.(type) {
	case *ssa.DebugRef, *ssa.BinOp, *ssa.UnOp, *ssa.If:
		return ""
	case *ssa.Send:
		if r.X == v {
			return "sent on another channel"
		}
		return ""
	case *ssa.Select:
		for _, st := range r.States {
			if st.Send == v {
				return "sent on another channel"
			}
		}
		return ""
	case *ssa.MakeInterface:
		// Holders of the interface can only call the methods of the
		// package's own channel type, whose receivers resolve to k.
		if rv.localChanType(v.Type()) != nil && rv.resolveAll(rv.typeSources[rv.localChanType(v.Type())]) == k {
			return ""
		}
		return "converted to an interface"
	case *ssa.ChangeType, *ssa.Phi:
		if rv.resolve(r.(ssa.Value)) != k {
			return "merged with another channel"
		}
		return ""
	case *ssa.Store:
		if r.Addr == v {
			return ""
		}
		if mc, ok := unwrapMake(v); ok && rv.homes[mc] == k {
			return ""
		}
		switch a := r.Addr.(type) {
		case *ssa.Alloc:
			if rv.resolveAlloc(a) == k {
				return ""
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if rv.fieldOfAddr(a) == k {
				return ""
			}
		case *ssa.FreeVar:
			// A store through a closure into a variable it captures.
			allocs := rv.bound(a)
			same := len(allocs) > 0
			for _, b := range allocs {
				al, ok := b.(*ssa.Alloc)
				if !ok || rv.resolveAlloc(al) != k {
					same = false
				}
			}
			if same {
				return ""
			}
		}
		return "stored where the pass does not follow it"
	case *ssa.MakeClosure:
		fn, ok := r.Fn.(*ssa.Function)
		if !ok {
			return "bound to an unknown closure"
		}
		for i, b := range r.Bindings {
			if b == v && (i >= len(fn.FreeVars) || rv.resolve(fn.FreeVars[i]) != k) {
				return "captured by a closure with other channels"
			}
		}
		return ""
	case *ssa.Return:
		if rv.openToCallers(v.Parent()) {
			return returnedOut
		}
		return ""
	case ssa.CallInstruction:
		common := r.Common()
		if bi, ok := common.Value.(*ssa.Builtin); ok {
			switch bi.Name() {
			case "close", "len", "cap":
				return ""
			}
			return "passed to " + bi.Name()
		}
		callee := Callees(common)
		if callee == nil && !common.IsInvoke() {
			callee = rv.funcOf(common.Value, 0)
		}
		if callee == nil || !rv.funcs[callee] {
			return "passed to a function the pass does not follow"
		}
		for i, a := range common.Args {
			if a == v && (i >= len(callee.Params) || rv.resolve(callee.Params[i]) != k) {
				return "passed to a function that also gets other channels"
			}
		}
		return ""
	}
	return "used in an unknown way"
}

// checkFieldStore marks a channel field escaped when a store writes into
// it a channel that comes from elsewhere than a make call.
func (rv *resolver) checkFieldStore(st *ssa.Store, escape func(Key, string)) {
	fk := rv.fieldOfAddr(st.Addr)
	if fk.IsZero() {
		return
	}
	if c, ok := st.Val.(*ssa.Const); ok && c.IsNil() {
		return
	}
	if _, ok := unwrapMake(st.Val); ok {
		return
	}
	if fk.Elem {
		// Elements are filled by indexing; other stores (copies of whole
		// containers) are checked by checkFieldAddr.
		if isChan(st.Val.Type()) {
			if vk := rv.resolve(st.Val); vk != fk {
				escape(fk, "element assigned from another channel")
				escape(vk, "stored into a container field")
			}
		}
		return
	}
	if vk := rv.resolve(st.Val); vk != fk {
		escape(fk, "assigned from another channel")
		escape(vk, "stored into another field")
	}
}

// checkFieldAddr marks a container field escaped when its value is used
// other than by indexing, ranging or len, and a channel field escaped when
// its address leaves the loads and stores of the package.
func (rv *resolver) checkFieldAddr(fa *ssa.FieldAddr, escape func(Key, string)) {
	f := fieldVar(fa.X.Type(), fa.Field)
	if f == nil {
		return
	}
	switch {
	case isChan(f.Type()):
		for _, ref := range refs(fa) {
			switch r := ref.(type) {
			case *ssa.UnOp, *ssa.DebugRef:
			case *ssa.Store:
				if r.Addr != fa {
					escape(Key{Field: f}, "field address taken")
				}
			default:
				escape(Key{Field: f}, "field address taken")
			}
		}
	case isChanContainer(f.Type()):
		k := Key{Field: f, Elem: true}
		for _, ref := range refs(fa) {
			switch r := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.Store:
				if r.Addr != fa {
					escape(k, "container field address taken")
				} else if !rv.isAppendOfMakes(r.Val, fa) {
					escape(k, "container field assigned")
				}
			case *ssa.UnOp:
				for _, use := range refs(r) {
					switch use.(type) {
					case *ssa.Index, *ssa.IndexAddr, *ssa.Lookup, *ssa.Range, *ssa.DebugRef, *ssa.MapUpdate:
					case ssa.CallInstruction:
						// len, append with the field as first argument.
						common := use.(ssa.CallInstruction).Common()
						if bi, ok := common.Value.(*ssa.Builtin); !ok || (bi.Name() != "len" && bi.Name() != "append") {
							escape(k, "container field passed on")
						}
					default:
						escape(k, "container field used in an unknown way")
					}
				}
			default:
				escape(k, "container field address taken")
			}
		}
	}
}

// isAppendOfMakes reports whether v is a container made of fresh channels:
// an append to the field fa of elements that are all make calls, or a make
// of an empty slice or map.
func (rv *resolver) isAppendOfMakes(v ssa.Value, fa *ssa.FieldAddr) bool {
	switch x := v.(type) {
	case *ssa.MakeSlice, *ssa.MakeMap:
		return true
	case *ssa.Const:
		return x.IsNil()
	case *ssa.Call:
		bi, ok := x.Call.Value.(*ssa.Builtin)
		if !ok || bi.Name() != "append" || len(x.Call.Args) != 2 {
			return false
		}
		sl, ok := x.Call.Args[1].(*ssa.Slice)
		if !ok {
			return false
		}
		arr, ok := sl.X.(*ssa.Alloc)
		if !ok {
			return false
		}
		for _, ref := range refs(arr) {
			ia, ok := ref.(*ssa.IndexAddr)
			if !ok {
				continue
			}
			for _, use := range refs(ia) {
				if st, ok := use.(*ssa.Store); ok && st.Addr == ia {
					mc, ok := unwrapMake(st.Val)
					if !ok {
						return false
					}
					if f := fieldVar(fa.X.Type(), fa.Field); f != nil {
						rv.homes[mc] = Key{Field: f, Elem: true}
					}
				}
			}
		}
		return true
	}
	return false
}
