package chanleak

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
)

// A cancellable context made by context.WithCancel(context.Background())
// is a channel in disguise: its Done channel closes only when its cancel
// function is called. checkCancels reports a wait for ctx.Done() when no
// reachable code calls that cancel function, or when only the waiting
// goroutine itself calls it after the wait.
func (c *checker) checkCancels() {
	ck := c.cancelKeys()
	if len(ck.qualifying) == 0 {
		return
	}

	// Group the waits and the cancel calls by context.
	waits := map[any][]*ssa.UnOp{}
	cancels := ck.cancelCalls()
	escaped := map[any]bool{}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.UnOp:
					if x.Op != token.ARROW {
						continue
					}
					done, ok := x.X.(*ssa.Call)
					if !ok || !done.Call.IsInvoke() || done.Call.Method.Name() != "Done" {
						continue
					}
					if k := ck.ctxKey(done.Call.Value, 0); k != nil {
						waits[k] = append(waits[k], x)
					}
				}
			}
		}
	}
	for k := range ck.escapedCancels() {
		escaped[k] = true
	}
	for k, ws := range waits {
		if escaped[k] {
			continue
		}
		live := 0
		for _, call := range cancels[k] {
			if c.reachable()[call.Parent()] && !c.afterAllWaits(call, ws) {
				live++
			}
		}
		if live > 0 {
			continue
		}
		for _, w := range ws {
			if !c.goroutineFuncs()[w.Parent()] {
				continue
			}
			msg := fmt.Sprintf("goroutine waits for %s.Done(), but no reachable code calls the cancel function of that context before the wait: the goroutine blocks forever", ck.ctxName(k))
			if len(cancels[k]) > 0 {
				msg = fmt.Sprintf("goroutine waits for %s.Done(), but the cancel function of that context is only called after this wait or from code that never runs: the goroutine blocks forever", ck.ctxName(k))
			}
			var related []analysis.RelatedInformation
			for _, call := range cancels[k] {
				related = append(related, analysis.RelatedInformation{Pos: call.Pos(), Message: "cancel call that cannot end the wait"})
			}
			c.report(analysis.Diagnostic{Pos: w.Pos(), Category: "chanleak/orphaned-receiver", Message: msg, Related: related})
			break
		}
	}
}

// cancelKeys returns the keys of the contexts that context.WithCancel
// makes from a context that is never done, built once per run.
func (c *checker) cancelKeys() *cancelKeys {
	if c.ck != nil {
		return c.ck
	}
	ck := &cancelKeys{c: c, qualifying: map[*ssa.Call]bool{}}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok && isWithCancel(call) && c.neverDone(call.Call.Args[0], 0) {
					ck.qualifying[call] = true
				}
			}
		}
	}
	if len(ck.qualifying) > 0 {
		ck.indexFields()
	}
	c.ck = ck
	return ck
}

// cancelCalls groups the calls of cancel functions by the key of their
// context. A go statement that runs the cancel function counts too.
func (ck *cancelKeys) cancelCalls() map[any][]ssa.CallInstruction {
	if ck.cancels != nil {
		return ck.cancels
	}
	ck.cancels = map[any][]ssa.CallInstruction{}
	if len(ck.qualifying) == 0 {
		return ck.cancels
	}
	for _, fn := range ck.c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				x, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if k := ck.cancelKey(x.Common().Value, 0); k != nil {
					ck.cancels[k] = append(ck.cancels[k], x)
				}
			}
		}
	}
	return ck.cancels
}

// cancelledByReceiver reports whether every send gives up only on the
// Done channel of one context that the receiving function makes with
// context.WithCancel and cancels only in its own defers. The senders then
// give up only after the receiver has returned.
func (c *checker) cancelledByReceiver(sends, recvs []*chanflow.Op) bool {
	ck := c.cancelKeys()
	if len(ck.qualifying) == 0 || len(recvs) == 0 {
		return false
	}
	var key any
	for _, op := range sends {
		others, ok := otherCases(op)
		if !ok {
			return false
		}
		for _, st := range others {
			done, ok := st.Chan.(*ssa.Call)
			if !ok || !done.Call.IsInvoke() || done.Call.Method.Name() != "Done" {
				return false
			}
			k := ck.ctxKey(done.Call.Value, 0)
			if k == nil || (key != nil && k != key) {
				return false
			}
			key = k
		}
	}
	mk, ok := key.(*ssa.Call)
	if !ok || ck.escapedCancels()[key] {
		return false
	}
	owner := mk.Parent()
	for _, r := range recvs {
		if r.Fn != owner {
			return false
		}
	}
	for _, call := range ck.cancelCalls()[key] {
		if _, deferred := call.(*ssa.Defer); !deferred || call.Parent() != owner {
			return false
		}
	}
	return true
}

func isWithCancel(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "context" || len(call.Call.Args) == 0 {
		return false
	}
	return callee.Name() == "WithCancel" || callee.Name() == "WithCancelCause"
}

// neverDone reports whether the context v is context.Background() or
// context.TODO(), directly or through parameters that every call passes
// it to.
func (c *checker) neverDone(v ssa.Value, depth int) bool {
	if depth > 3 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Call:
		callee := x.Call.StaticCallee()
		return callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "context" && (callee.Name() == "Background" || callee.Name() == "TODO")
	case *ssa.Parameter:
		fn := x.Parent()
		args := c.argsOf(fn, x)
		if len(args) == 0 {
			return false
		}
		for _, a := range args {
			if !c.neverDone(a, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// argsOf returns the arguments that the static calls of the package pass
// for parameter p, or nil when fn may be called from elsewhere.
func (c *checker) argsOf(fn *ssa.Function, p *ssa.Parameter) []ssa.Value {
	if fn == nil || c.takenFuncs()[fn] {
		return nil
	}
	if fn.Parent() == nil {
		obj := fn.Object()
		if obj == nil || (obj.Exported() && c.pass.Pkg.Name() != "main") {
			return nil
		}
	}
	idx := -1
	for i, q := range fn.Params {
		if q == p {
			idx = i
		}
	}
	var out []ssa.Value
	for _, site := range c.callSites()[fn] {
		args := site.Common().Args
		if idx < 0 || idx >= len(args) {
			return nil
		}
		out = append(out, args[idx])
	}
	return out
}

// cancelKeys identifies contexts and cancel functions: by the WithCancel
// call when they stay local, or by the struct field that holds them.
type cancelKeys struct {
	c          *checker
	qualifying map[*ssa.Call]bool
	// ctxFields and cancelFields are the fields that only ever hold
	// results of qualifying calls.
	ctxFields, cancelFields map[*types.Var]*ssa.Call
	// cancels and escaped cache cancelCalls and escapedCancels.
	cancels map[any][]ssa.CallInstruction
	escaped map[any]bool
}

// indexFields finds the fields that hold the results of qualifying calls
// and nothing else.
func (ck *cancelKeys) indexFields() {
	ck.ctxFields = map[*types.Var]*ssa.Call{}
	ck.cancelFields = map[*types.Var]*ssa.Call{}
	bad := map[*types.Var]bool{}
	for _, fn := range ck.c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				f := fieldVar(fa.X.Type(), fa.Field)
				if f == nil {
					continue
				}
				ex, ok := st.Val.(*ssa.Extract)
				call, isCall := (*ssa.Call)(nil), false
				if ok {
					call, isCall = ex.Tuple.(*ssa.Call)
				}
				if !isCall || !ck.qualifying[call] {
					bad[f] = true
					continue
				}
				target := ck.ctxFields
				if ex.Index == 1 {
					target = ck.cancelFields
				}
				if prev, ok := target[f]; ok && prev != call {
					// Several calls store into the field: key by field.
				}
				target[f] = call
			}
		}
	}
	for f := range bad {
		delete(ck.ctxFields, f)
		delete(ck.cancelFields, f)
	}
	for f := range ck.ctxFields {
		if f.Exported() && ck.c.pass.Pkg.Name() != "main" {
			delete(ck.ctxFields, f)
		}
	}
	for f := range ck.cancelFields {
		if f.Exported() && ck.c.pass.Pkg.Name() != "main" {
			delete(ck.cancelFields, f)
		}
	}
}

// ctxKey returns the key of the context v, or nil. A context stored in a
// field is keyed by the call whose cancel function is stored beside it.
func (ck *cancelKeys) ctxKey(v ssa.Value, depth int) any {
	return ck.key(v, 0, depth)
}

// cancelKey returns the key of the context whose cancel function v is.
func (ck *cancelKeys) cancelKey(v ssa.Value, depth int) any {
	return ck.key(v, 1, depth)
}

// key resolves result index of a qualifying call to the key of its
// context: the call itself, or the pair of fields that hold its results.
func (ck *cancelKeys) key(v ssa.Value, index, depth int) any {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case *ssa.Extract:
		call, ok := x.Tuple.(*ssa.Call)
		if !ok || !ck.qualifying[call] || x.Index != index {
			return nil
		}
		return ck.keyOfCall(call)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return nil
		}
		// A captured variable: a load through the pointer that the
		// closure holds, or through the variable itself.
		switch addr := x.X.(type) {
		case *ssa.FreeVar:
			if al, ok := bindingOf(addr).(*ssa.Alloc); ok {
				return ck.allocKey(al, index, depth+1)
			}
			return nil
		case *ssa.Alloc:
			return ck.allocKey(addr, index, depth+1)
		}
		fa, ok := x.X.(*ssa.FieldAddr)
		if !ok {
			return nil
		}
		f := fieldVar(fa.X.Type(), fa.Field)
		fields := ck.ctxFields
		if index == 1 {
			fields = ck.cancelFields
		}
		call, ok := fields[f]
		if !ok {
			return nil
		}
		return ck.keyOfCall(call)
	case *ssa.Parameter:
		var k any
		args := ck.c.argsOf(x.Parent(), x)
		if len(args) == 0 {
			return nil
		}
		for _, a := range args {
			ak := ck.key(a, index, depth+1)
			if ak == nil || (k != nil && ak != k) {
				return nil
			}
			k = ak
		}
		return k
	case *ssa.FreeVar:
		b := bindingOf(x)
		if b == nil {
			return nil
		}
		if al, ok := b.(*ssa.Alloc); ok {
			return ck.allocKey(al, index, depth+1)
		}
		return ck.key(b, index, depth+1)
	}
	return nil
}

// allocKey resolves a captured local variable from its single store.
func (ck *cancelKeys) allocKey(al *ssa.Alloc, index, depth int) any {
	var k any
	for _, ref := range refs(al) {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == al {
			sk := ck.key(st.Val, index, depth)
			if sk == nil || (k != nil && sk != k) {
				return nil
			}
			k = sk
		}
	}
	return k
}

// keyOfCall returns the key of a qualifying call: its context field when
// it stores its context into one (so that every instance shares it), or
// the call.
func (ck *cancelKeys) keyOfCall(call *ssa.Call) any {
	for f, m := range ck.ctxFields {
		if m == call {
			return f
		}
	}
	return call
}

// escapedCancels returns the keys whose cancel function reaches code that
// the keys do not follow: an argument, an interface, a return.
func (ck *cancelKeys) escapedCancels() map[any]bool {
	if ck.escaped != nil {
		return ck.escaped
	}
	out := map[any]bool{}
	ck.escaped = out
	for _, fn := range ck.c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				v, ok := instr.(ssa.Value)
				if !ok {
					continue
				}
				k := ck.cancelKey(v, 0)
				if k == nil {
					continue
				}
				for _, ref := range refs(v) {
					switch r := ref.(type) {
					case *ssa.Store, *ssa.DebugRef:
						continue
					case *ssa.MakeClosure:
						continue
					case ssa.CallInstruction:
						if r.Common().Value == v {
							continue
						}
					}
					out[k] = true
				}
			}
		}
	}
	return out
}

// ctxName returns how the user refers to the context of k.
func (ck *cancelKeys) ctxName(k any) string {
	if f, ok := k.(*types.Var); ok {
		return f.Name()
	}
	return "ctx"
}

// afterAllWaits reports whether call runs only in the goroutine of a wait
// and after it: each wait's function calls it through an instruction that
// the wait dominates.
func (c *checker) afterAllWaits(call ssa.CallInstruction, waits []*ssa.UnOp) bool {
	for _, w := range waits {
		fn := w.Parent()
		if !c.body(fn)[call.Parent()] {
			return false
		}
		found := false
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var reaches bool
				if instr == call {
					reaches = true
				} else if ci, ok := instr.(*ssa.Call); ok {
					if callee := c.callee(&ci.Call); callee != nil && c.body(callee)[call.Parent()] {
						reaches = true
					}
				}
				if !reaches {
					continue
				}
				if !dominatesInstr(w, instr) {
					return false
				}
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return len(waits) > 0
}

func dominatesInstr(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab != bb {
		return ab.Dominates(bb)
	}
	for _, instr := range ab.Instrs {
		if instr == a {
			return true
		}
		if instr == b {
			return false
		}
	}
	return false
}

func bindingOf(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	if fn == nil || fn.Parent() == nil {
		return nil
	}
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx >= 0 && idx < len(mc.Bindings) {
				return mc.Bindings[idx]
			}
		}
	}
	return nil
}

func refs(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}
