package chanleak

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// infinite stands for "unbounded" in operation counts.
const infinite = 1 << 20

// cycles records, per function, which blocks lie on a cycle of the
// control-flow graph, and caches the innermost loop of each block.
type cycles struct {
	cyclic map[*ssa.Function]map[*ssa.BasicBlock]bool
	loops  map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool
	// dead reports a select case that can never be chosen, so that no
	// path goes through it. Nil means every case can be chosen.
	dead func(sel *ssa.Select, i int) bool
}

// deadCase reports whether case i of sel can never be chosen.
func (c *cycles) deadCase(sel *ssa.Select, i int) bool {
	return c.dead != nil && c.dead(sel, i)
}

func newCycles() *cycles {
	return &cycles{cyclic: map[*ssa.Function]map[*ssa.BasicBlock]bool{}, loops: map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool{}}
}

// inCycle reports whether b lies on a cycle of its function.
func (c *cycles) inCycle(b *ssa.BasicBlock) bool {
	if b == nil || b.Parent() == nil {
		return false
	}
	fn := b.Parent()
	m, ok := c.cyclic[fn]
	if !ok {
		m = cyclicBlocks(fn)
		c.cyclic[fn] = m
	}
	return m[b]
}

// cyclicBlocks returns the blocks of fn that belong to a strongly
// connected component with a cycle (Tarjan's algorithm).
func cyclicBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	index := map[*ssa.BasicBlock]int{}
	low := map[*ssa.BasicBlock]int{}
	onStack := map[*ssa.BasicBlock]bool{}
	var stack []*ssa.BasicBlock
	out := map[*ssa.BasicBlock]bool{}
	n := 0
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		index[b], low[b] = n, n
		n++
		stack = append(stack, b)
		onStack[b] = true
		for _, s := range b.Succs {
			if _, seen := index[s]; !seen {
				visit(s)
				low[b] = min(low[b], low[s])
			} else if onStack[s] {
				low[b] = min(low[b], index[s])
			}
		}
		if low[b] != index[b] {
			return
		}
		var comp []*ssa.BasicBlock
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[top] = false
			comp = append(comp, top)
			if top == b {
				break
			}
		}
		selfLoop := false
		for _, s := range b.Succs {
			if s == b {
				selfLoop = true
			}
		}
		if len(comp) > 1 || selfLoop {
			for _, c := range comp {
				out[c] = true
			}
		}
	}
	for _, b := range fn.Blocks {
		if _, seen := index[b]; !seen {
			visit(b)
		}
	}
	return out
}

// loopOf returns the blocks of the innermost natural loop that contains
// b, or nil when b is in no loop.
func (c *cycles) loopOf(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	if loop, ok := c.loops[b]; ok {
		return loop
	}
	loop := innermostLoop(b)
	c.loops[b] = loop
	return loop
}

func innermostLoop(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	fn := b.Parent()
	if fn == nil {
		return nil
	}
	var best map[*ssa.BasicBlock]bool
	for _, h := range fn.Blocks {
		if !h.Dominates(b) {
			continue
		}
		for _, t := range h.Preds {
			if !h.Dominates(t) {
				continue
			}
			body := naturalLoop(h, t)
			if body[b] && (best == nil || len(body) < len(best)) {
				best = body
			}
		}
	}
	return best
}

// naturalLoop returns the natural loop of the back edge t -> h: h and the
// blocks that reach t without passing through h.
func naturalLoop(h, t *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	body := map[*ssa.BasicBlock]bool{h: true}
	work := []*ssa.BasicBlock{t}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if body[x] {
			continue
		}
		body[x] = true
		work = append(work, x.Preds...)
	}
	return body
}

// leavable reports whether the innermost loop of b has an edge out of it
// (a return inside the loop counts, as its block lies outside the loop).
func (c *cycles) leavable(b *ssa.BasicBlock) bool {
	loop := c.loopOf(b)
	if loop == nil {
		return true
	}
	for x := range loop {
		for _, s := range x.Succs {
			if !loop[s] {
				return true
			}
		}
	}
	return false
}

// reach returns the blocks reachable from b in one or more steps.
func reach(b *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), next(b)...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		work = append(work, next(x)...)
	}
	return seen
}

// maxCount returns the largest sum of weight over the instructions of a
// path through fn that starts after instruction start (or at the entry when
// start is nil) and ends at an exit; infinite when an instruction of
// positive weight lies on a cycle.
func (c *cycles) maxCount(fn *ssa.Function, start ssa.Instruction, weight func(ssa.Instruction) int) int {
	if len(fn.Blocks) == 0 {
		return 0
	}
	first, from := fn.Blocks[0], 0
	if start != nil {
		first = start.Block()
		if first == nil {
			return 0
		}
		for i, instr := range first.Instrs {
			if instr == start {
				from = i + 1
			}
		}
	}
	memo := map[*ssa.BasicBlock]int{}
	onPath := map[*ssa.BasicBlock]bool{}
	var best func(b *ssa.BasicBlock, from int) int
	best = func(b *ssa.BasicBlock, from int) int {
		if from == 0 {
			if v, ok := memo[b]; ok {
				return v
			}
		}
		onPath[b] = true
		total := 0
		for _, instr := range b.Instrs[from:] {
			w := weight(instr)
			if w > 0 && c.inCycle(b) {
				total = infinite
			}
			total = min(infinite, total+w)
		}
		succ := 0
		for _, s := range b.Succs {
			if onPath[s] {
				continue
			}
			succ = max(succ, best(s, 0))
		}
		onPath[b] = false
		total = min(infinite, total+succ)
		if from == 0 {
			memo[b] = total
		}
		return total
	}
	return best(first, from)
}

// exitPath is a path of a function that reaches a return without passing
// a killing instruction.
type exitPath struct {
	ret *ssa.Return
	// via is the position of the select case the path takes, or
	// token.NoPos.
	via token.Pos
	// viaDefault reports that the path takes the default of a select.
	viaDefault bool
	// viaSel and viaCase are the select and the case at via.
	viaSel  *ssa.Select
	viaCase int
}

// searchExit looks for a path from just after start (or from the start of
// block first when start is nil) to a return of the function that passes
// no instruction for which kill is true. killCase reports whether taking
// case i of sel kills the path. It stops at the block stop when not nil.
func (c *cycles) searchExit(first *ssa.BasicBlock, start ssa.Instruction, stop *ssa.BasicBlock, kill func(ssa.Instruction) bool, killCase func(sel *ssa.Select, i int) bool) *exitPath {
	type item struct {
		b          *ssa.BasicBlock
		from       int
		via        token.Pos
		viaDefault bool
		viaSel     *ssa.Select
		viaCase    int
	}
	from := 0
	if start != nil {
		first = start.Block()
		if first == nil {
			return nil
		}
		for i, instr := range first.Instrs {
			if instr == start {
				from = i + 1
			}
		}
	}
	if first.Parent() == nil {
		return nil
	}
	// A deferred operation made before the start runs at every return, so
	// no path survives. A loop that contains a killing operation is
	// assumed to perform it, because the number of its rounds usually
	// matches the number of goroutines.
	killingLoop := map[*ssa.BasicBlock]bool{}
	for _, b := range first.Parent().Blocks {
		for i, instr := range b.Instrs {
			killing := kill(instr)
			if sel, ok := instr.(*ssa.Select); ok && !killing {
				for j := range sel.States {
					if killCase(sel, j) {
						killing = true
					}
				}
			}
			if !killing {
				continue
			}
			if _, ok := instr.(*ssa.Defer); ok && b.Dominates(first) && (b != first || i < from) {
				return nil
			}
			if loop := c.loopOf(b); loop != nil && !loop[first] {
				for x := range loop {
					killingLoop[x] = true
				}
			}
		}
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []item{{b: first, from: from}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		killed := false
		for _, instr := range it.b.Instrs[it.from:] {
			if kill(instr) {
				killed = true
				break
			}
			switch x := instr.(type) {
			case *ssa.Return:
				return &exitPath{ret: x, via: it.via, viaDefault: it.viaDefault, viaSel: it.viaSel, viaCase: it.viaCase}
			case *ssa.Panic:
				killed = true
			case *ssa.Select:
				if x.Blocking && allCasesKill(x, func(sel *ssa.Select, i int) bool { return killCase(sel, i) || c.deadCase(sel, i) }) {
					killed = true
				}
			}
			if killed {
				break
			}
		}
		if killed {
			continue
		}
		succs := it.b.Succs
		var ifInstr *ssa.If
		if n := len(it.b.Instrs); n > 0 {
			ifInstr, _ = it.b.Instrs[n-1].(*ssa.If)
		}
		for i, s := range succs {
			next := item{b: s, via: it.via, viaDefault: it.viaDefault, viaSel: it.viaSel, viaCase: it.viaCase}
			if ifInstr != nil {
				if sel, idx, ok := selectTest(ifInstr); ok {
					if i == 0 {
						if killCase(sel, idx) || c.deadCase(sel, idx) {
							continue
						}
						next.via, next.viaDefault, next.viaSel, next.viaCase = sel.States[idx].Pos, false, sel, idx
					} else if idx == len(sel.States)-1 && !sel.Blocking {
						next.via, next.viaDefault, next.viaSel = token.NoPos, true, nil
					}
				}
			}
			if s == stop || seen[s] || killingLoop[s] {
				continue
			}
			seen[s] = true
			work = append(work, next)
		}
	}
	return nil
}

func allCasesKill(sel *ssa.Select, killCase func(*ssa.Select, int) bool) bool {
	for i := range sel.States {
		if !killCase(sel, i) {
			return false
		}
	}
	return len(sel.States) > 0
}

// selectTest recognises the test "index of the case chosen by sel == idx"
// that the SSA builder emits after a select.
func selectTest(ifInstr *ssa.If) (*ssa.Select, int, bool) {
	cmp, ok := ifInstr.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return nil, 0, false
	}
	ex, ok := cmp.X.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return nil, 0, false
	}
	sel, ok := ex.Tuple.(*ssa.Select)
	if !ok {
		return nil, 0, false
	}
	c, ok := cmp.Y.(*ssa.Const)
	if !ok || c.Value == nil {
		return nil, 0, false
	}
	idx := int(c.Int64())
	if idx < 0 || idx >= len(sel.States) {
		return nil, 0, false
	}
	return sel, idx, true
}
