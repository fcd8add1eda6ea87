package chanleak

import (
	"fmt"
	"go/ast"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
	"github.com/gostructlint/gostructlint/passes/fixes"
)

// checkRace checks a channel that several go statements of the function
// that makes it send on, once each, while that function receives from it
// fewer times than there are senders on some path. The first result
// wins, and every other sender blocks forever on its send.
//
// Only the plainest shape counts. The go statements lie on no loop and
// run one after the other. Each goroutine sends once on every path, with
// a plain send. Every receive is a plain receive or a select case of the
// parent, after the last go statement and on no loop. Nothing closes the
// channel or lets it out of these functions.
func (c *checker) checkRace(ch *chanflow.Channel) {
	k := ch.Key
	if ch.Escaped || ch.Returned || k.Make == nil || ch.Cap < 0 || c.reportedChans[k] || len(ch.Ops) == 0 {
		return
	}
	parent := k.Make.Parent()
	if parent == nil {
		return
	}
	opFns := map[*ssa.Function]bool{}
	for _, op := range ch.Ops {
		opFns[op.Fn] = true
	}

	// The go statements whose goroutine uses the channel must all be in
	// the parent, outside loops, and must not run the parent again.
	var gos []*ssa.Go
	bodies := map[*ssa.Function]bool{}
	for _, g := range c.goStatements() {
		target := c.callee(&g.Call)
		if target == nil {
			if g.Parent() == parent {
				// A goroutine the analyzer cannot see may use the channel.
				if usesValue(&g.Call, ch, c.flow) {
					return
				}
			}
			continue
		}
		body := c.body(target)
		uses := false
		for fn := range body {
			if opFns[fn] {
				uses = true
			}
		}
		if !uses {
			continue
		}
		if g.Parent() != parent || body[parent] || c.cycles.inCycle(g.Block()) {
			return
		}
		gos = append(gos, g)
		for fn := range body {
			bodies[fn] = true
		}
	}
	if len(gos) < 2 || len(gos) <= ch.Cap {
		return
	}
	sort.Slice(gos, func(i, j int) bool { return gos[i].Pos() < gos[j].Pos() })
	for i := 1; i < len(gos); i++ {
		if !dominatesInstr(gos[i-1], gos[i]) {
			// Go statements on different branches: how many run depends
			// on the path.
			return
		}
	}
	last := gos[len(gos)-1]
	parentBody := c.body(parent)

	// Every send is a plain send of a goroutine; every receive is the
	// parent's, after the last go statement and outside loops.
	sends := map[ssa.Instruction]bool{}
	var recvs []*chanflow.Op
	for _, op := range ch.Ops {
		switch op.Kind {
		case chanflow.Send:
			if !bodies[op.Fn] || parentBody[op.Fn] || !op.Blocking || op.Case >= 0 {
				return
			}
			sends[op.Instr] = true
		case chanflow.Recv:
			if op.Fn != parent || op.Range || c.cycles.inCycle(op.Instr.Block()) || !dominatesInstr(last, op.Instr) {
				return
			}
			recvs = append(recvs, op)
		default:
			return
		}
	}

	// Each goroutine sends exactly once on every path.
	sendsIn := func(instr ssa.Instruction) bool {
		if sends[instr] {
			return true
		}
		if call, ok := instr.(*ssa.Call); ok {
			if callee := c.callee(&call.Call); callee != nil {
				for fn := range c.body(callee) {
					if opFns[fn] {
						return true
					}
				}
			}
		}
		return false
	}
	never := func(*ssa.Select, int) bool { return false }
	total := 0 // sends of all the goroutines, the same on every path
	for _, g := range gos {
		target := c.callee(&g.Call)
		if len(target.Blocks) == 0 {
			return
		}
		k := c.countIn(target, nil, sends, map[*ssa.Function]bool{})
		switch {
		case k == 1:
			if c.cycles.searchExit(target.Blocks[0], nil, nil, sendsIn, never) != nil {
				// The goroutine can end without sending.
				return
			}
		case k > 1 && k < infinite:
			// Several sends count only when every path of the goroutine
			// makes all of them, in its own body.
			own := map[ssa.Instruction]bool{}
			for instr := range sends {
				if instr.Parent() == target {
					own[instr] = true
				}
			}
			if least, ret := minCountFrom(target.Blocks[0], 0, own, nil); ret == nil || least != k {
				return
			}
		default:
			return
		}
		total += k
	}

	recvAt := map[ssa.Instruction]bool{}
	recvCase := map[*ssa.Select]map[int]bool{}
	for _, op := range recvs {
		if sel, ok := op.Instr.(*ssa.Select); ok {
			if recvCase[sel] == nil {
				recvCase[sel] = map[int]bool{}
			}
			recvCase[sel][op.Case] = true
			continue
		}
		recvAt[op.Instr] = true
	}
	n, ret := minReceives(last, recvAt, recvCase)
	if ret == nil || n+ch.Cap >= total {
		return
	}
	c.reportRace(ch, parent, gos, recvs, n, total, ret)
}

// usesValue reports whether a call passes a value that holds the channel
// of ch.
func usesValue(call *ssa.CallCommon, ch *chanflow.Channel, flow *chanflow.Result) bool {
	if flow.KeyOf(call.Value) == ch.Key {
		return true
	}
	for _, a := range call.Args {
		if flow.KeyOf(a) == ch.Key {
			return true
		}
	}
	return false
}

// minReceives returns the smallest number of receives on a path from just
// after start to a return of its function, and that return. A receive is
// an instruction of recvAt, or the taking of a case of recvCase. Paths
// that end in a panic do not count, and a path crosses each loop at most
// once.
func minReceives(start ssa.Instruction, recvAt map[ssa.Instruction]bool, recvCase map[*ssa.Select]map[int]bool) (int, *ssa.Return) {
	first := start.Block()
	if first == nil {
		return 0, nil
	}
	return minCountFrom(first, indexOf(start)+1, recvAt, recvCase)
}

// minCountFrom is minReceives from instruction from of block first.
func minCountFrom(first *ssa.BasicBlock, from int, recvAt map[ssa.Instruction]bool, recvCase map[*ssa.Select]map[int]bool) (int, *ssa.Return) {
	type result struct {
		n   int
		ret *ssa.Return
	}
	memo := map[*ssa.BasicBlock]result{}
	onPath := map[*ssa.BasicBlock]bool{}
	var best func(b *ssa.BasicBlock, from int) result
	best = func(b *ssa.BasicBlock, from int) result {
		if from == 0 {
			if r, ok := memo[b]; ok {
				return r
			}
		}
		onPath[b] = true
		defer delete(onPath, b)
		n := 0
		for _, instr := range b.Instrs[from:] {
			if recvAt[instr] {
				n++
			}
			switch x := instr.(type) {
			case *ssa.Return:
				return result{n, x}
			case *ssa.Panic:
				return result{infinite, nil}
			}
		}
		var ifInstr *ssa.If
		if len(b.Instrs) > 0 {
			ifInstr, _ = b.Instrs[len(b.Instrs)-1].(*ssa.If)
		}
		out := result{infinite, nil}
		for i, s := range b.Succs {
			if onPath[s] {
				continue
			}
			edge := 0
			if ifInstr != nil && i == 0 {
				if sel, idx, ok := selectTest(ifInstr); ok && recvCase[sel][idx] {
					edge = 1
				}
			}
			r := best(s, 0)
			if r.ret != nil && n+edge+r.n < out.n {
				out = result{n + edge + r.n, r.ret}
			}
		}
		if from == 0 {
			memo[b] = out
		}
		return out
	}
	r := best(first, from)
	return r.n, r.ret
}

// reportRace reports the go statements that lose the race for the
// parent's receives.
func (c *checker) reportRace(ch *chanflow.Channel, parent *ssa.Function, gos []*ssa.Go, recvs []*chanflow.Op, n, total int, ret *ssa.Return) {
	name := c.chanName(ch)
	what := "unbuffered channel " + name
	if ch.Cap > 0 {
		what = fmt.Sprintf("channel %s (buffer %d)", name, ch.Cap)
	}
	fname := funcName(parent)
	var how string
	switch {
	case n == 0:
		how = fmt.Sprintf("%s can return at line %d without receiving", fname, c.line(retPos(ret)))
	case n == len(recvs):
		how = fmt.Sprintf("%s receives from it %s", fname, count(n))
	default:
		how = fmt.Sprintf("%s can return at line %d after receiving from it %s", fname, c.line(retPos(ret)), count(n))
	}
	losers := total - ch.Cap - n
	var tail string
	switch {
	case total != len(gos) && losers == 1:
		tail = "the last send blocks forever"
	case total != len(gos):
		tail = fmt.Sprintf("%d sends block forever", losers)
	case n == 0 && ch.Cap == 0:
		tail = "every sender blocks forever"
	case losers == 1:
		tail = "the goroutine that loses the race blocks forever"
	default:
		tail = fmt.Sprintf("the %d goroutines that lose the race block forever", losers)
	}

	var related []analysis.RelatedInformation
	for _, op := range recvs {
		related = append(related, analysis.RelatedInformation{Pos: op.Pos, Message: "receive from " + name})
	}
	if n != len(recvs) || n == 0 {
		related = append(related, analysis.RelatedInformation{Pos: retPos(ret), Message: "return after " + count(n) + " receives"})
	}
	for i, g := range gos {
		if i != 1 {
			related = append(related, analysis.RelatedInformation{Pos: g.Pos(), Message: "another goroutine that sends on " + name + " starts here"})
		}
	}
	c.reportedChans[ch.Key] = true
	c.report(analysis.Diagnostic{
		Pos:            gos[1].Pos(),
		Category:       "chanleak/fan-in",
		Message:        fmt.Sprintf("%d goroutines send %son %s, but %s: %s", len(gos), sendCount(total, len(gos)), what, how, tail),
		Related:        related,
		SuggestedFixes: fixes.Order(style, c.raceRewrite(ch, gos, recvs, n, total), c.raceBufferRepair(ch, total)),
	})
}

// raceRewrite returns the rewrite onto async.Race when the parent receives
// once, on every path, from go statements that send one value each.
func (c *checker) raceRewrite(ch *chanflow.Channel, gos []*ssa.Go, recvs []*chanflow.Op, n, total int) *analysis.SuggestedFix {
	if len(recvs) != 1 || n != 1 || total != len(gos) || recvs[0].Case >= 0 || ch.Cap != 0 {
		return nil
	}
	return c.raceFix(ch, gos)
}

// sendCount spells the number of sends when it differs from the number of
// goroutines, as in "5 times in all ".
func sendCount(total, goroutines int) string {
	if total == goroutines {
		return ""
	}
	return fmt.Sprintf("%d times in all ", total)
}

// count spells a number of receives.
func count(n int) string {
	switch n {
	case 0:
		return "no"
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// raceBufferRepair returns the fix that gives the channel of ch a buffer
// of one place per sender, so that the goroutines that lose the race
// send and end. The first result still wins.
func (c *checker) raceBufferRepair(ch *chanflow.Channel, senders int) *analysis.SuggestedFix {
	call, _ := c.makeCall(ch.Key.Make.Pos())
	if call == nil || len(call.Args) == 0 || len(call.Args) > 2 {
		return nil
	}
	edit := analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(fmt.Sprintf(", %d", senders))}
	if len(call.Args) == 2 {
		if _, ok := call.Args[1].(*ast.BasicLit); !ok {
			// Only a literal size is replaced.
			return nil
		}
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(fmt.Sprint(senders))}
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Give channel %s a buffer of %d, one place per send, so that the goroutines that lose the race do not block", c.chanName(ch), senders),
		TextEdits: []analysis.TextEdit{edit},
	}
}
