package chanleak

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
)

// checkFreshSends reports a function that makes a channel and then sends
// on it more often than its buffer holds before any goroutine starts or
// any receive happens: no receiver can exist yet, so the send blocks
// forever.
func (c *checker) checkFreshSends(ch *chanflow.Channel) {
	if ch.Escaped || ch.Returned || ch.Cap < 0 || ch.Key.Remote != nil {
		return
	}
	sends := map[ssa.Instruction]bool{}
	recvs := map[*ssa.Function]bool{}
	for _, op := range ch.Ops {
		switch {
		case op.Kind == chanflow.Send && op.Blocking && op.Case < 0:
			sends[op.Instr] = true
		case op.Kind == chanflow.Recv:
			recvs[op.Fn] = true
		}
	}
	if len(sends) <= ch.Cap {
		return
	}
	for _, mc := range ch.Makes {
		w := &freshWalk{c: c, sends: sends, recvs: recvs, limit: ch.Cap}
		w.walk(mc.Block(), indexOf(mc), 0)
		if w.found == nil {
			continue
		}
		c.reportedChans[ch.Key] = true
		var related []analysis.RelatedInformation
		for _, s := range w.path {
			related = append(related, analysis.RelatedInformation{Pos: s.Pos(), Message: "earlier send"})
		}
		c.report(analysis.Diagnostic{
			Pos:      w.found.Pos(),
			Category: "chanleak/double-send",
			Message: fmt.Sprintf("send number %d on channel %s blocks forever: its buffer holds %d and no goroutine that could receive has started since it was made",
				len(w.path)+1, c.chanName(ch), ch.Cap),
			Related: related,
		})
		return
	}
}

func indexOf(instr ssa.Instruction) int {
	b := instr.Block()
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return 0
}

// freshWalk follows the paths from a make call, counting the sends on the
// channel, until a path starts a goroutine, receives, enters a loop, or
// calls code it cannot follow.
type freshWalk struct {
	c     *checker
	sends map[ssa.Instruction]bool
	recvs map[*ssa.Function]bool
	limit int
	found ssa.Instruction
	path  []ssa.Instruction
	steps int
}

// walk follows block b from index i with n sends so far. It returns false
// when the path stops.
func (w *freshWalk) walk(b *ssa.BasicBlock, i, depth int) bool {
	if w.found != nil || w.steps > 2000 || depth > 3 {
		return false
	}
	w.steps++
	for _, instr := range b.Instrs[i:] {
		switch x := instr.(type) {
		case *ssa.Go, *ssa.Select, *ssa.Panic:
			return false
		case *ssa.UnOp:
			if x.Op.String() == "<-" {
				return false
			}
		case *ssa.Call:
			callee := w.c.callee(&x.Call)
			if callee == nil {
				if x.Call.IsInvoke() {
					return false
				}
				b, ok := x.Call.Value.(*ssa.Builtin)
				if !ok || b.Name() == "close" {
					// A send after a close panics rather than blocks.
					return false
				}
				continue
			}
			body := w.c.body(callee)
			touches := false
			for fn := range body {
				if w.recvs[fn] || w.hasGo(fn) {
					touches = true
				}
			}
			if !touches && !w.bodySends(body) {
				continue
			}
			if len(callee.Blocks) == 0 || !w.walk(callee.Blocks[0], 0, depth+1) {
				return false
			}
			continue
		}
		if w.sends[instr] {
			if len(w.path) >= w.limit {
				w.found = instr
				return false
			}
			w.path = append(w.path, instr)
		}
		if _, ok := instr.(*ssa.Return); ok {
			return true
		}
	}
	// Only straight-line code: a branch or a loop ends the walk.
	if len(b.Succs) != 1 || w.c.cycles.inCycle(b.Succs[0]) {
		return false
	}
	return w.walk(b.Succs[0], 0, depth)
}

func (w *freshWalk) hasGo(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); ok {
				return true
			}
		}
	}
	return false
}

func (w *freshWalk) bodySends(body map[*ssa.Function]bool) bool {
	for instr := range w.sends {
		if body[instr.Parent()] {
			return true
		}
	}
	return false
}
