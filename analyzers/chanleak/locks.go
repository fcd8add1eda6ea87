package chanleak

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
)

// A lock is a sync.Mutex or sync.RWMutex: the struct field that holds it
// (*types.Var) or the local variable (*ssa.Alloc).
type lock any

// lockOp is a call of Lock, RLock, Unlock or RUnlock.
type lockOp struct {
	lock    lock
	acquire bool
	read    bool
}

// lockOpOf returns the lock operation that instr performs, if any. A
// deferred unlock is not one: it runs at the return.
func lockOpOf(instr ssa.Instruction) (lockOp, bool) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return lockOp{}, false
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "sync" || len(call.Call.Args) == 0 {
		return lockOp{}, false
	}
	recv := callee.Signature.Recv()
	if recv == nil {
		return lockOp{}, false
	}
	var op lockOp
	switch callee.Name() {
	case "Lock":
		op = lockOp{acquire: true}
	case "RLock":
		op = lockOp{acquire: true, read: true}
	case "Unlock":
		op = lockOp{}
	case "RUnlock":
		op = lockOp{read: true}
	default:
		return lockOp{}, false
	}
	op.lock = lockIdentity(call.Call.Args[0])
	if op.lock == nil {
		return lockOp{}, false
	}
	return op, true
}

// lockIdentity returns the field or local variable that the mutex
// pointer v points to.
func lockIdentity(v ssa.Value) lock {
	switch x := v.(type) {
	case *ssa.FieldAddr:
		return fieldVar(x.X.Type(), x.Field)
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			return fieldVar(fa.X.Type(), fa.Field)
		}
	case *ssa.Alloc:
		return x
	case *ssa.FreeVar:
		if b := bindingOf(x); b != nil {
			return lockIdentity(b)
		}
	}
	return nil
}

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

// heldOp is a blocking channel operation made while a lock is held.
type heldOp struct {
	op     *chanflow.Op
	lock   lockOp
	lockAt ssa.Instruction // the Lock call
}

// checkLocks reports blocking channel operations made while holding a
// lock that the goroutine on the other end of the channel takes before it
// reaches its side: each waits for the other.
func (c *checker) checkLocks(chans []*chanflow.Channel) {
	opChan := map[*chanflow.Op]*chanflow.Channel{}
	byInstr := map[ssa.Instruction][]*chanflow.Op{}
	for _, ch := range chans {
		if ch.Escaped || ch.Returned || ch.Key.Remote != nil {
			continue
		}
		for _, op := range ch.Ops {
			opChan[op] = ch
			byInstr[op.Instr] = append(byInstr[op.Instr], op)
		}
	}
	if len(byInstr) == 0 {
		return
	}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				lop, ok := lockOpOf(instr)
				if !ok || !lop.acquire {
					continue
				}
				for _, h := range c.opsWhileHeld(instr, lop, byInstr) {
					c.checkHeldOp(h, opChan[h.op])
				}
			}
		}
	}
}

// opsWhileHeld returns the blocking channel operations that a path from
// the Lock call at start reaches before it unlocks, in start's function and
// the functions of the package it calls.
func (c *checker) opsWhileHeld(start ssa.Instruction, lop lockOp, byInstr map[ssa.Instruction][]*chanflow.Op) []heldOp {
	var out []heldOp
	seenFn := map[*ssa.Function]bool{}
	var walk func(first *ssa.BasicBlock, from int, depth int)
	walk = func(first *ssa.BasicBlock, from int, depth int) {
		seen := map[*ssa.BasicBlock]bool{}
		type item struct {
			b    *ssa.BasicBlock
			from int
		}
		work := []item{{first, from}}
		for len(work) > 0 {
			it := work[len(work)-1]
			work = work[:len(work)-1]
			released := false
			for _, instr := range it.b.Instrs[it.from:] {
				if u, ok := lockOpOf(instr); ok && !u.acquire && u.lock == lop.lock {
					released = true
					break
				}
				for _, op := range byInstr[instr] {
					if op.Blocking && op.Kind != chanflow.Close && !op.Default {
						out = append(out, heldOp{op: op, lock: lop, lockAt: start})
					}
				}
				if call, ok := instr.(*ssa.Call); ok && depth < 3 {
					callee := c.callee(&call.Call)
					if callee != nil && releases(callee, lop.lock) {
						// A helper such as unlock := func() { mu.Unlock() }.
						released = true
						break
					}
					if callee != nil && len(callee.Blocks) > 0 && !seenFn[callee] {
						seenFn[callee] = true
						walk(callee.Blocks[0], 0, depth+1)
					}
				}
			}
			if released {
				continue
			}
			for _, s := range it.b.Succs {
				if !seen[s] {
					seen[s] = true
					work = append(work, item{s, 0})
				}
			}
		}
	}
	b := start.Block()
	if b == nil {
		return nil
	}
	for i, instr := range b.Instrs {
		if instr == start {
			walk(b, i+1, 0)
		}
	}
	return out
}

// releases reports whether fn unlocks l in its entry block, so that a call
// of fn releases the lock on every path.
func releases(fn *ssa.Function, l lock) bool {
	if len(fn.Blocks) == 0 {
		return false
	}
	for _, instr := range fn.Blocks[0].Instrs {
		if u, ok := lockOpOf(instr); ok && !u.acquire && u.lock == l {
			return true
		}
	}
	return false
}

// checkHeldOp reports h when a goroutine that performs the other side of
// its channel can take the same lock before reaching that side.
func (c *checker) checkHeldOp(h heldOp, ch *chanflow.Channel) {
	if ch == nil {
		return
	}
	if ch.Cap != 0 {
		// A buffered channel decouples the two sides: a send waits only
		// for room, and a receive under a lock is most often a token of a
		// semaphore or a value already delivered, whose protocol the
		// analysis cannot see.
		return
	}
	for _, other := range ch.Ops {
		counterpart := (h.op.Kind == chanflow.Send && other.Kind == chanflow.Recv) ||
			(h.op.Kind == chanflow.Recv && other.Kind != chanflow.Recv)
		if !counterpart || other.Fn == h.op.Fn || stateGuarded(h.op, other) {
			continue
		}
		for _, g := range c.goStatements() {
			target := c.callee(&g.Call)
			if target == nil || !c.body(target)[other.Fn] || c.body(target)[h.op.Fn] {
				continue
			}
			lockAt, ok := c.lockBefore(target, h.lock, other, 0)
			if !ok {
				continue
			}
			c.reportHeld(h, ch, other, target, lockAt)
			return
		}
	}
}

// stateGuarded reports whether op runs only on one branch of a test of a
// struct field that other's function also writes, as in
// if w.done { <-w.result }, where the sender sets w.done in the critical
// section in which it sends. The holder of the lock reads in the field
// whether the other side has already sent, which the analysis cannot
// follow.
func stateGuarded(op, other *chanflow.Op) bool {
	b := op.Instr.Block()
	if b == nil {
		return false
	}
	written := map[*types.Var]bool{}
	for _, x := range other.Fn.Blocks {
		for _, instr := range x.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
					if f := fieldVar(fa.X.Type(), fa.Field); f != nil {
						written[f] = true
					}
				}
			}
		}
	}
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifInstr, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond := ifInstr.Cond
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond = not.X
		}
		load, ok := cond.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			continue
		}
		if fa, ok := load.X.(*ssa.FieldAddr); ok && written[fieldVar(fa.X.Type(), fa.Field)] {
			return true
		}
	}
	return false
}

// goStatements returns the go statements of the package.
func (c *checker) goStatements() []*ssa.Go {
	if c.gos != nil {
		return c.gos
	}
	c.gos = []*ssa.Go{}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					c.gos = append(c.gos, g)
				}
			}
		}
	}
	return c.gos
}

// lockBefore reports whether a path of fn (through the functions it
// calls) takes lock l before it reaches op, and returns the position of
// that lock call. When l is held for reading, only a write lock counts.
func (c *checker) lockBefore(fn *ssa.Function, l lockOp, op *chanflow.Op, depth int) (token.Pos, bool) {
	if depth > 3 || len(fn.Blocks) == 0 {
		return token.NoPos, false
	}
	type point struct {
		instr ssa.Instruction
		pos   token.Pos
		call  *ssa.Function // the callee when the point is a call
	}
	var locks, targets []point
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if lo, ok := lockOpOf(instr); ok && lo.acquire && lo.lock == l.lock && !(lo.read && l.read) {
				locks = append(locks, point{instr: instr, pos: instr.Pos()})
			}
			if instr == op.Instr {
				if _, deferred := instr.(*ssa.Defer); deferred {
					// A deferred operation runs at the returns.
					for _, rb := range fn.Blocks {
						if n := len(rb.Instrs); n > 0 {
							if ret, ok := rb.Instrs[n-1].(*ssa.Return); ok {
								targets = append(targets, point{instr: ret})
							}
						}
					}
				} else {
					targets = append(targets, point{instr: instr})
				}
			}
			if call, ok := instr.(*ssa.Call); ok {
				callee := c.callee(&call.Call)
				if callee == nil {
					continue
				}
				body := c.body(callee)
				if c.bodyLocks(body, l) {
					locks = append(locks, point{instr: instr, pos: instr.Pos(), call: callee})
				}
				if body[op.Fn] {
					targets = append(targets, point{instr: instr, call: callee})
				}
			}
		}
	}
	for _, a := range locks {
		for _, b := range targets {
			if a.instr == b.instr {
				if reach(a.instr.Block(), succs)[a.instr.Block()] {
					return a.pos, true
				}
				if a.call != nil {
					if pos, ok := c.lockBefore(a.call, l, op, depth+1); ok {
						return pos, true
					}
				}
				continue
			}
			if precedes(a.instr, b.instr) {
				return a.pos, true
			}
		}
	}
	return token.NoPos, false
}

func succs(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Succs }

// precedes reports whether a path runs instruction a and later b.
func precedes(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab == bb {
		for _, instr := range ab.Instrs {
			if instr == a {
				return true
			}
			if instr == b {
				break
			}
		}
	}
	return reach(ab, succs)[bb]
}

// bodyLocks reports whether a function of body takes lock l in a way that
// conflicts with l.
func (c *checker) bodyLocks(body map[*ssa.Function]bool, l lockOp) bool {
	for fn := range body {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if lo, ok := lockOpOf(instr); ok && lo.acquire && lo.lock == l.lock && !(lo.read && l.read) {
					return true
				}
			}
		}
	}
	return false
}

// lockName returns the user's name of l.
func lockName(l lock) string {
	switch x := l.(type) {
	case *types.Var:
		return x.Name()
	case *ssa.Alloc:
		if x.Comment != "" {
			return x.Comment
		}
	}
	return "the mutex"
}

func (c *checker) reportHeld(h heldOp, ch *chanflow.Channel, other *chanflow.Op, target *ssa.Function, lockAt token.Pos) {
	name := c.chanName(ch)
	verb, otherVerb := "send on", "receive from"
	if h.op.Kind == chanflow.Recv {
		verb, otherVerb = "receive from", "send on or close"
	}
	shape := "abandoned-sender"
	if h.op.Kind == chanflow.Recv {
		shape = "orphaned-receiver"
	}
	c.reportedChans[ch.Key] = true
	c.report(analysis.Diagnostic{
		Pos:      h.op.Pos,
		Category: "chanleak/" + shape,
		Message: fmt.Sprintf("%s channel %s while holding %s can block forever: the goroutine %s that would %s %s takes %s first, so each waits for the other",
			verb, name, lockName(h.lock.lock), funcName(target), otherVerb, name, lockName(h.lock.lock)),
		Related: []analysis.RelatedInformation{
			{Pos: h.lockAt.Pos(), Message: "the lock is taken here"},
			{Pos: lockAt, Message: "the other goroutine takes the lock here"},
			{Pos: other.Pos, Message: "the other side of the channel"},
		},
	})
}
