package chanleak

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// condUses is the record of the method calls on the sync.Cond of one
// struct field.
type condUses struct {
	waits   []*ssa.Call
	signals int
	// open reports that the field's value goes somewhere other than a
	// method call, so that code the analyzer does not see may signal it.
	open bool
}

// checkConds reports a Wait on a sync.Cond, held in an unexported field,
// that no code of the package signals or broadcasts: the waiter sleeps
// forever, like a receiver on a channel that nothing sends on.
func (c *checker) checkConds() {
	uses := map[*types.Var]*condUses{}
	var order []*types.Var
	get := func(f *types.Var) *condUses {
		u := uses[f]
		if u == nil {
			u = &condUses{}
			uses[f] = u
			order = append(order, f)
		}
		return u
	}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if fld, ok := instr.(*ssa.Field); ok {
					// A copy of the struct reaches the field without its
					// address.
					if f := fieldVar(fld.X.Type(), fld.Field); f != nil && isCondPtr(f.Type()) {
						get(f).open = true
					}
					continue
				}
				fa, ok := instr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				f := fieldVar(fa.X.Type(), fa.Field)
				if f == nil || !isCondPtr(f.Type()) {
					continue
				}
				u := get(f)
				if f.Exported() && c.pass.Pkg.Name() != "main" {
					u.open = true
				}
				c.condFieldUses(fa, u)
			}
		}
	}
	live := c.reachable()
	for _, f := range order {
		u := uses[f]
		if u.open || u.signals > 0 {
			continue
		}
		for _, w := range u.waits {
			if !live[w.Parent()] {
				continue
			}
			c.report(analysis.Diagnostic{
				Pos:      w.Pos(),
				Category: "chanleak/orphaned-receiver",
				Message: fmt.Sprintf("Wait on sync.Cond %s blocks forever: nothing in this package calls Signal or Broadcast on %s",
					f.Name(), f.Name()),
			})
			break
		}
	}
}

// condFieldUses records the uses of the address fa of a sync.Cond field.
func (c *checker) condFieldUses(fa *ssa.FieldAddr, u *condUses) {
	for _, ref := range refs(fa) {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != fa {
				u.open = true
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				u.open = true
				continue
			}
			for _, lref := range refs(r) {
				c.condValueUse(r, lref, u)
			}
		default:
			u.open = true
		}
	}
}

// condValueUse records one use of the loaded sync.Cond v.
func (c *checker) condValueUse(v ssa.Value, ref ssa.Instruction, u *condUses) {
	switch r := ref.(type) {
	case *ssa.DebugRef:
		return
	case *ssa.FieldAddr:
		// Using cond.L, its Locker, neither waits nor signals.
		return
	case ssa.CallInstruction:
		common := r.Common()
		callee := common.StaticCallee()
		if callee != nil && len(common.Args) > 0 && common.Args[0] == v && isCondMethod(callee) {
			switch callee.Name() {
			case "Wait":
				if call, ok := r.(*ssa.Call); ok {
					u.waits = append(u.waits, call)
				}
			case "Signal", "Broadcast":
				u.signals++
			}
			return
		}
	}
	u.open = true
}

// isCondPtr reports whether t is *sync.Cond.
func isCondPtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	return named.Obj().Pkg().Path() == "sync" && named.Obj().Name() == "Cond"
}

// isCondMethod reports whether fn is a method of sync.Cond.
func isCondMethod(fn *ssa.Function) bool {
	recv := fn.Signature.Recv()
	return recv != nil && isCondPtr(recv.Type())
}
