package chanleak

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
)

// spawn is a goroutine that uses a channel, seen from the function that
// goes on after starting it (the parent).
type spawn struct {
	ch *chanflow.Channel
	// parent is the function that goes on after start. start is the go
	// instruction, or the call of a helper that starts the goroutine and
	// returns the channel.
	parent *ssa.Function
	start  ssa.Instruction
	// goInstr is the go instruction, in parent or in the helper.
	goInstr *ssa.Go
	// inLoop reports that start lies on a cycle of parent, so that
	// several goroutines run at once.
	inLoop bool
	// helper is the function that starts the goroutine and returns the
	// channel, when it is not parent.
	helper *ssa.Function

	// Summary of the goroutine.
	// signals holds the other channels that the goroutine sends on or
	// closes. A parent that receives from one of them learns the
	// goroutine's state, so a path through such a case is not taken as
	// abandoning.
	signals map[chanflow.Key]bool

	sends     int // blocking sends on the longest path
	sendPos   []token.Pos
	recvs     bool // blocking receives
	recvLoop  bool // a blocking receive on a cycle
	endless   bool // a blocking receive in a loop that nothing leaves
	ranges    bool
	otherOps  bool // non-blocking sends, closes
	capacity  int
	remoteFun string // the helper of another package, for messages
}

// checkSpawned checks a channel that lives in locals against each
// goroutine that uses it.
func (c *checker) checkSpawned(ch *chanflow.Channel) {
	if ch.Escaped {
		return
	}
	if ch.Key.Remote != nil {
		c.checkRemote(ch)
		return
	}
	if ch.Key.Make == nil || len(ch.Ops) == 0 {
		return
	}
	opFns := map[*ssa.Function]bool{}
	for _, op := range ch.Ops {
		opFns[op.Fn] = true
	}
	touches := func(set map[*ssa.Function]bool) bool {
		for fn := range set {
			if opFns[fn] {
				return true
			}
		}
		return false
	}

	// Find the go statements whose goroutine uses the channel, by the
	// function that starts them.
	gos := map[*ssa.Function][]*ssa.Go{}
	var order []*ssa.Function
	for _, g := range c.goStatements() {
		fn := g.Parent()
		target := c.callee(&g.Call)
		if target == nil || !touches(c.body(target)) {
			continue
		}
		if fn != ch.Key.Make.Parent() && c.body(target)[ch.Key.Make.Parent()] {
			// The goroutine makes its own channel each time.
			continue
		}
		if gos[fn] == nil {
			order = append(order, fn)
		}
		gos[fn] = append(gos[fn], g)
	}
	if len(order) != 1 || len(gos[order[0]]) != 1 {
		// No goroutine, or several: their order of operations is unknown.
		return
	}
	starter := order[0]
	g := gos[starter][0]
	gbody := c.body(c.callee(&g.Call))

	// The parents: the starter itself, and, when the starter returns the
	// channel, each caller of the starter in the package.
	var spawns []*spawn
	spawns = append(spawns, &spawn{ch: ch, parent: starter, start: g, goInstr: g})
	if c.returnsChannel(starter, ch.Key) {
		for _, site := range c.callSites()[starter] {
			call, ok := site.(*ssa.Call)
			if ok && c.flow.KeyOf(call) == ch.Key {
				spawns = append(spawns, &spawn{ch: ch, parent: call.Parent(), start: call, goInstr: g, helper: starter})
			}
		}
	}

	// Every operation must belong to the goroutine, the starter, or a
	// parent; otherwise some other code may drain or feed the channel.
	allowed := map[*ssa.Function]bool{}
	for fn := range gbody {
		allowed[fn] = true
	}
	for _, sp := range spawns {
		for fn := range c.body(sp.parent) {
			if !gbody[fn] {
				allowed[fn] = true
			}
		}
	}
	for fn := range opFns {
		if !allowed[fn] {
			return
		}
	}

	for _, sp := range spawns {
		c.summarise(sp, gbody)
		sp.inLoop = c.cycles.inCycle(sp.start.Block())
		if sp.helper == nil {
			c.exportSpawn(sp)
		}
		c.checkSpawn(sp)
	}
}

// returnsChannel reports whether fn returns the channel k.
func (c *checker) returnsChannel(fn *ssa.Function, k chanflow.Key) bool {
	for _, b := range fn.Blocks {
		if n := len(b.Instrs); n > 0 {
			if ret, ok := b.Instrs[n-1].(*ssa.Return); ok {
				for _, r := range ret.Results {
					if c.flow.KeyOf(r) == k {
						return true
					}
				}
			}
		}
	}
	return false
}

// summarise records what the goroutine of sp does with the channel.
func (c *checker) summarise(sp *spawn, gbody map[*ssa.Function]bool) {
	sp.capacity = sp.ch.Cap
	target := c.callee(&sp.goInstr.Call)
	isBlockingSend := map[ssa.Instruction]bool{}
	for _, op := range sp.ch.Ops {
		if !gbody[op.Fn] {
			continue
		}
		switch {
		case op.Kind == chanflow.Send && op.Blocking:
			isBlockingSend[op.Instr] = true
			sp.sendPos = append(sp.sendPos, op.Pos)
		case op.Kind == chanflow.Recv && op.Blocking:
			sp.recvs = true
			if op.Range {
				sp.ranges = true
			}
			if c.cycles.inCycle(op.Instr.Block()) {
				sp.recvLoop = true
				if !c.cycles.leavable(op.Instr.Block()) {
					sp.endless = true
				}
			}
		default:
			sp.otherOps = true
		}
	}
	// Sends behind a flag that they set count once in all.
	once := 0
	for instr := range isBlockingSend {
		if onceGuarded(instr) {
			delete(isBlockingSend, instr)
			once = 1
		}
	}
	sp.sends = min(infinite, c.countIn(target, nil, isBlockingSend, map[*ssa.Function]bool{})+once)
	sp.signals = map[chanflow.Key]bool{}
	for fn := range gbody {
		for _, ko := range c.opsByFunc()[fn] {
			if ko.key != sp.ch.Key && ko.op.Kind != chanflow.Recv {
				sp.signals[ko.key] = true
			}
		}
	}
}

// onceGuarded reports whether instr runs only on the branch of a test of
// a captured or global flag that the branch then sets, as in
// if !sent { ch <- v; sent = true }: however often its function runs,
// instr runs once.
func onceGuarded(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil {
		return false
	}
	fn := b.Parent()
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifInstr, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		flag, unsetBranch := flagTest(ifInstr.Cond)
		if flag == nil {
			continue
		}
		branch := d.Succs[unsetBranch]
		if !branch.Dominates(b) {
			continue
		}
		for _, x := range fn.Blocks {
			if !branch.Dominates(x) {
				continue
			}
			for _, y := range x.Instrs {
				if st, ok := y.(*ssa.Store); ok && st.Addr == flag && isTrueConst(st.Val) {
					return true
				}
			}
		}
	}
	return false
}

// flagTest recognises a test of a boolean flag held by a captured or
// global variable: !flag, whose true branch (0) runs while it is unset,
// or flag, whose false branch (1) does.
func flagTest(cond ssa.Value) (flag ssa.Value, unsetBranch int) {
	unsetBranch = 1
	if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
		cond, unsetBranch = not.X, 0
	}
	load, ok := cond.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, 0
	}
	switch load.X.(type) {
	case *ssa.FreeVar, *ssa.Global:
		return load.X, unsetBranch
	}
	return nil, 0
}

func isTrueConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value != nil && k.Value.String() == "true"
}

// countIn returns the largest number of instructions of set on one path of
// fn after start, counting those of the functions fn calls.
func (c *checker) countIn(fn *ssa.Function, start ssa.Instruction, set map[ssa.Instruction]bool, visiting map[*ssa.Function]bool) int {
	return c.countInMemo(fn, start, set, visiting, map[*ssa.Function]int{})
}

// countInMemo is countIn with the counts of whole callees kept in memo, so
// that a function called from many places is walked once per query rather
// than once per call path, which grows exponentially with the call depth.
// A count computed while a caller was being visited may miss that caller's
// recursive calls; recursion is cut off either way.
func (c *checker) countInMemo(fn *ssa.Function, start ssa.Instruction, set map[ssa.Instruction]bool, visiting map[*ssa.Function]bool, memo map[*ssa.Function]int) int {
	if fn == nil || visiting[fn] {
		return 0
	}
	if start == nil {
		if n, ok := memo[fn]; ok {
			return n
		}
	}
	visiting[fn] = true
	n := c.cycles.maxCount(fn, start, func(instr ssa.Instruction) int {
		if set[instr] {
			return 1
		}
		if call, ok := instr.(*ssa.Call); ok {
			return c.countInMemo(c.callee(&call.Call), nil, set, visiting, memo)
		}
		return 0
	})
	delete(visiting, fn)
	if start == nil {
		memo[fn] = n
	}
	return n
}

// killers returns the kill functions of a search in sp.parent. A path
// ends at an operation of one of kinds on the channel, at a call or defer
// of a function of the package that operates on it, and at a return that
// hands the channel to the caller.
func (c *checker) killers(sp *spawn, kinds ...chanflow.OpKind) (func(ssa.Instruction) bool, func(*ssa.Select, int) bool) {
	k := sp.ch.Key
	kills := map[ssa.Instruction]bool{}
	opFns := map[*ssa.Function]bool{}
	for _, op := range sp.ch.Ops {
		opFns[op.Fn] = true
		if op.Fn != sp.parent || op.Case >= 0 {
			continue
		}
		for _, kind := range kinds {
			if op.Kind == kind {
				kills[op.Instr] = true
			}
		}
	}
	kill := func(instr ssa.Instruction) bool {
		if instr == sp.goInstr {
			return false
		}
		if kills[instr] {
			return true
		}
		switch x := instr.(type) {
		case *ssa.Return:
			for _, r := range x.Results {
				if c.flow.KeyOf(r) == k {
					return true
				}
			}
		case *ssa.Call, *ssa.Defer, *ssa.Go:
			callee := c.callee(x.(ssa.CallInstruction).Common())
			if callee == nil {
				return false
			}
			for fn := range c.body(callee) {
				if opFns[fn] && fn != sp.helper {
					return true
				}
			}
		}
		return false
	}
	killCase := func(sel *ssa.Select, i int) bool {
		st := sel.States[i]
		sk := c.flow.KeyOf(st.Chan)
		if sk != k {
			return st.Dir == types.RecvOnly && sp.signals[sk] && !sk.IsZero()
		}
		for _, kind := range kinds {
			if (kind == chanflow.Recv && st.Dir == types.RecvOnly) || (kind == chanflow.Send && st.Dir == types.SendOnly) {
				return true
			}
		}
		return false
	}
	return kill, killCase
}

// checkSpawn applies the shapes to one goroutine and parent.
func (c *checker) checkSpawn(sp *spawn) {
	switch {
	case sp.sends > 0 && !sp.recvs:
		c.checkSender(sp)
	case sp.recvs && sp.sends == 0 && !sp.otherOps:
		c.checkReceiver(sp)
	}
}

// checkSender looks for the paths of the parent that leave a sending
// goroutine blocked.
func (c *checker) checkSender(sp *spawn) {
	if sp.capacity < 0 {
		return
	}
	if c.checkParentRange(sp) {
		return
	}
	if sp.capacity > 0 && c.parentStops(sp) {
		// The parent signals the goroutine to stop, and the buffer takes
		// what it sends before it checks that signal again.
		return
	}
	kill, killCase := c.killers(sp, chanflow.Recv)
	stop := (*ssa.BasicBlock)(nil)
	if sp.inLoop {
		if sp.capacity != 0 {
			return
		}
		loop := c.cycles.loopOf(sp.start.Block())
		if !c.parentReceivesIn(sp, loop) {
			c.checkFanIn(sp, kill, killCase)
			return
		}
		// Each iteration starts a goroutine and receives from it: a path
		// back to the go statement is one more round, not a leak.
		stop = sp.start.Block()
	}
	if sp.sends <= sp.capacity {
		return
	}
	if p := c.cycles.searchExit(nil, sp.start, stop, kill, killCase); p != nil {
		c.reportAbandoned(sp, p)
		return
	}
	if sp.inLoop {
		return
	}
	if sp.sends >= 2 && c.checkConsumerExit(sp) {
		return
	}
	c.checkDoubleSend(sp)
}

// parentStops reports whether the parent closes a channel that the
// goroutine of sp receives from, or cancels a context while the goroutine
// waits for a Done channel.
func (c *checker) parentStops(sp *spawn) bool {
	if sp.goInstr == nil {
		// A goroutine of another package: its summary has no channels.
		return false
	}
	gbody := c.body(c.callee(&sp.goInstr.Call))
	watched := map[chanflow.Key]bool{}
	watchesDone := false
	for fn := range gbody {
		for _, ko := range c.opsByFunc()[fn] {
			if ko.key != sp.ch.Key && ko.op.Kind == chanflow.Recv {
				watched[ko.key] = true
			}
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok && call.Common().IsInvoke() && call.Common().Method.Name() == "Done" {
					watchesDone = true
				}
			}
		}
	}
	for fn := range c.body(sp.parent) {
		if gbody[fn] {
			continue
		}
		for _, ko := range c.opsByFunc()[fn] {
			if ko.op.Kind == chanflow.Close && watched[ko.key] {
				return true
			}
		}
		if watchesDone && (defersStop(fn) || stopsAnywhere(fn)) {
			return true
		}
	}
	return false
}

// stopsAnywhere reports whether some block of fn calls a cancel function.
func stopsAnywhere(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		if stopsOthers(b) {
			return true
		}
	}
	return false
}

// parentReceivesIn reports whether the parent receives from the channel
// inside loop.
func (c *checker) parentReceivesIn(sp *spawn, loop map[*ssa.BasicBlock]bool) bool {
	for _, op := range sp.ch.Ops {
		if op.Fn == sp.parent && op.Kind == chanflow.Recv && loop[op.Instr.Block()] {
			return true
		}
	}
	return false
}

// parentRecvLoops returns, for each loop of the parent that receives from
// the channel, a block of the loop.
func (c *checker) parentRecvOps(sp *spawn) []*chanflow.Op {
	var out []*chanflow.Op
	for _, op := range sp.ch.Ops {
		if op.Fn == sp.parent && op.Kind == chanflow.Recv {
			out = append(out, op)
		}
	}
	return out
}

// earlyExit returns an edge that leaves the loop of b from a block other
// than the loop's header, and the instruction it leaves at.
func (c *cycles) earlyExit(b *ssa.BasicBlock) (*ssa.BasicBlock, ssa.Instruction) {
	loop := c.loopOf(b)
	if loop == nil {
		return nil, nil
	}
	headers := map[*ssa.BasicBlock]bool{}
	for x := range loop {
		for _, p := range x.Preds {
			if !loop[p] {
				headers[x] = true
			}
		}
	}
	for _, x := range b.Parent().Blocks {
		if !loop[x] || headers[x] || rotatedTest(x, headers) {
			continue
		}
		for _, s := range x.Succs {
			if !loop[s] && len(x.Instrs) > 0 {
				return s, x.Instrs[len(x.Instrs)-1]
			}
		}
	}
	return nil, nil
}

// rotatedTest reports whether x ends the rounds of its loop with the
// loop's own counter test at the bottom, as the SSA builder emits for
// range over an integer: i+1 < n, going back to a header or leaving.
func rotatedTest(x *ssa.BasicBlock, headers map[*ssa.BasicBlock]bool) bool {
	n := len(x.Instrs)
	if n == 0 {
		return false
	}
	ifInstr, ok := x.Instrs[n-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := ifInstr.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.LSS {
		return false
	}
	inc, ok := cmp.X.(*ssa.BinOp)
	if !ok || inc.Op != token.ADD {
		return false
	}
	phi, ok := inc.X.(*ssa.Phi)
	if !ok || !headers[phi.Block()] {
		return false
	}
	for _, s := range x.Succs {
		if headers[s] {
			return true
		}
	}
	return false
}

// checkFanIn checks a go statement in a loop whose channel the parent
// receives from outside that loop.
func (c *checker) checkFanIn(sp *spawn, kill func(ssa.Instruction) bool, killCase func(*ssa.Select, int) bool) {
	recvs := c.parentRecvOps(sp)
	if len(recvs) == 0 {
		if p := c.cycles.searchExit(nil, sp.start, nil, kill, killCase); p != nil {
			c.reportAbandoned(sp, p)
		}
		return
	}
	for _, op := range recvs {
		if !c.cycles.inCycle(op.Instr.Block()) {
			continue
		}
		exit, at := c.cycles.earlyExit(op.Instr.Block())
		if exit == nil {
			// A receive loop that only its header leaves: one receive per
			// sender, when the counts agree.
			return
		}
		p := c.cycles.searchExit(exit, nil, nil, kill, killCase)
		if p == nil {
			return
		}
		c.reportf(sp, "fan-in", p, []analysis.RelatedInformation{
			{Pos: at.Pos(), Message: "the receive loop is left here"},
		}, "goroutines started in a loop send on unbuffered channel %s, but %s can leave its receive loop and return at line %d before every sender is received: the remaining senders block forever",
			c.chanName(sp.ch), funcName(sp.parent), c.line(retPos(p.ret)))
		return
	}
	// Every receive is outside a loop. One receive for many senders is a
	// leak. With several receives the number of rounds decides, and it is
	// known only for a loop counted up to a constant.
	recvSet := map[ssa.Instruction]bool{}
	for _, op := range recvs {
		recvSet[op.Instr] = true
	}
	n := c.countIn(sp.parent, sp.start, recvSet, map[*ssa.Function]bool{})
	bound, counted := c.loopBound(sp.start.Block())
	if n == 0 || n >= infinite || (counted && bound <= n) || (!counted && n >= 2) {
		return
	}
	p := c.cycles.searchExit(nil, sp.start, nil, func(instr ssa.Instruction) bool { return false }, func(*ssa.Select, int) bool { return false })
	if p == nil {
		return
	}
	if n == 1 {
		c.reportf(sp, "fan-in", p, []analysis.RelatedInformation{{Pos: recvs[0].Pos, Message: "the only receive"}},
			"goroutines started in a loop send on unbuffered channel %s, but %s receives from it only once: every sender but the first blocks forever",
			c.chanName(sp.ch), funcName(sp.parent))
		return
	}
	var related []analysis.RelatedInformation
	for _, op := range recvs {
		related = append(related, analysis.RelatedInformation{Pos: op.Pos, Message: "receive"})
	}
	rest := fmt.Sprintf("the other %d senders block forever", bound-n)
	if bound-n == 1 {
		rest = "the last sender blocks forever"
	}
	c.reportf(sp, "fan-in", p, related,
		"%d goroutines started in a loop send on unbuffered channel %s, but %s receives from it at most %d times: %s",
		bound, c.chanName(sp.ch), funcName(sp.parent), n, rest)
}

// checkParentRange reports a parent that ranges over the channel when
// nothing closes it. It reports whether it found one.
func (c *checker) checkParentRange(sp *spawn) bool {
	for _, op := range sp.ch.Ops {
		if op.Kind == chanflow.Close {
			return false
		}
	}
	for _, op := range sp.ch.Ops {
		if op.Fn != sp.parent || !op.Range {
			continue
		}
		if exit, _ := c.cycles.earlyExit(op.Instr.Block()); exit != nil {
			continue
		}
		pos := op.Pos
		c.reportedChans[sp.ch.Key] = true
		c.report(analysis.Diagnostic{
			Pos:      pos,
			Category: "chanleak/range-unclosed",
			Message: fmt.Sprintf("range over channel %s in %s never ends: no goroutine closes it after the last send, so %s blocks forever once the senders finish",
				c.chanName(sp.ch), funcName(sp.parent), funcName(sp.parent)),
			Related:        []analysis.RelatedInformation{{Pos: sp.start.Pos(), Message: "the sending goroutine starts here"}},
			SuggestedFixes: c.closeFix(sp),
		})
		return true
	}
	return false
}

// checkConsumerExit checks a parent that receives in a loop it can leave
// while the goroutine goes on sending. It reports whether it found one.
func (c *checker) checkConsumerExit(sp *spawn) bool {
	kill, killCase := c.killers(sp, chanflow.Recv)
	for _, op := range c.parentRecvOps(sp) {
		if !c.cycles.inCycle(op.Instr.Block()) {
			continue
		}
		exit, at := c.cycles.earlyExit(op.Instr.Block())
		if exit == nil {
			continue
		}
		if sp.capacity > 0 && (stopsOthers(at.Block()) || stopsOthers(exit) || defersStop(sp.parent)) {
			// The receiver cancels or closes as it leaves, and the
			// buffer takes the sends made before the sender notices.
			continue
		}
		p := c.cycles.searchExit(exit, nil, nil, kill, killCase)
		if p == nil {
			continue
		}
		c.reportf(sp, "consumer-exit", p, []analysis.RelatedInformation{{Pos: at.Pos(), Message: "the receive loop is left here"}},
			"goroutine keeps sending on channel %s, but %s can leave its receive loop and return at line %d without draining it: the sender blocks forever",
			c.chanName(sp.ch), funcName(sp.parent), c.line(retPos(p.ret)))
		return true
	}
	return false
}

// stopsOthers reports whether b calls the cancel function of a context
// made by context.WithCancel, WithTimeout or WithDeadline, or closes a
// channel.
func stopsOthers(b *ssa.BasicBlock) bool {
	for _, instr := range b.Instrs {
		if call, ok := instr.(*ssa.Call); ok && stopsWith(&call.Call) {
			return true
		}
	}
	return false
}

// defersStop reports whether fn defers a call that stopsOthers would
// count, so that it stops other goroutines whenever it returns.
func defersStop(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && stopsWith(&d.Call) {
				return true
			}
		}
	}
	return false
}

// stopsWith reports whether call is a close or the call of a cancel
// function that a context function returned.
func stopsWith(call *ssa.CallCommon) bool {
	switch v := call.Value.(type) {
	case *ssa.Builtin:
		return v.Name() == "close"
	case *ssa.Extract:
		mk, ok := v.Tuple.(*ssa.Call)
		return ok && v.Index == 1 && makesCancel(mk)
	}
	return false
}

// makesCancel reports whether call is one of the context functions that
// return a cancel function.
func makesCancel(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "context" {
		return false
	}
	return strings.HasPrefix(callee.Name(), "WithCancel") || strings.HasPrefix(callee.Name(), "WithTimeout") || strings.HasPrefix(callee.Name(), "WithDeadline")
}

// checkDoubleSend checks a goroutine that can send more often than the
// parent receives.
func (c *checker) checkDoubleSend(sp *spawn) {
	if sp.sends < 2 || sp.sends >= infinite {
		return
	}
	recvSet := map[ssa.Instruction]bool{}
	for _, op := range sp.ch.Ops {
		if op.Fn == sp.parent && op.Kind == chanflow.Recv {
			recvSet[op.Instr] = true
		}
	}
	recvs := c.countIn(sp.parent, sp.start, recvSet, map[*ssa.Function]bool{})
	if recvs >= infinite || sp.sends <= sp.capacity+recvs {
		return
	}
	var related []analysis.RelatedInformation
	for _, pos := range sp.sendPos {
		related = append(related, analysis.RelatedInformation{Pos: pos, Message: "send"})
	}
	msg := fmt.Sprintf("goroutine can send %d times on channel %s on one path, but %s receives at most %d: the extra send blocks forever",
		sp.sends, c.chanName(sp.ch), funcName(sp.parent), recvs)
	c.reportedChans[sp.ch.Key] = true
	c.report(analysis.Diagnostic{
		Pos:            c.reportPos(sp),
		Category:       "chanleak/double-send",
		Message:        msg,
		Related:        related,
		SuggestedFixes: c.bufferFix(sp, sp.sends),
	})
}

// sentBefore reports whether the parent sends on the channel on every path
// to the go statement: earlier in its block, or in a block that dominates
// it.
func (c *checker) sentBefore(sp *spawn) bool {
	goBlock := sp.start.Block()
	if goBlock == nil {
		return false
	}
	for _, op := range sp.ch.Ops {
		if op.Fn != sp.parent || op.Kind != chanflow.Send || op.Case >= 0 || op.Instr == nil {
			continue
		}
		b := op.Instr.Block()
		if b == nil {
			continue
		}
		if b == goBlock {
			for _, instr := range b.Instrs {
				if instr == op.Instr {
					return true
				}
				if instr == sp.start {
					break
				}
			}
			continue
		}
		if b.Dominates(goBlock) {
			return true
		}
		if sp.capacity != 0 && reach(b, succs)[goBlock] && !reach(goBlock, succs)[b] {
			// Sends that fill a buffer ahead of the goroutine, in a loop
			// that may not run: the goroutine finds the work waiting.
			return true
		}
	}
	return false
}

// checkReceiver looks for the paths of the parent that leave a receiving
// goroutine blocked.
func (c *checker) checkReceiver(sp *spawn) {
	// A range loop ends when the channel is closed, and a loop with no
	// way out never ends. A loop with its own condition, such as a count,
	// may end after the parent's last send, so one send is enough.
	needClose := sp.ranges || sp.endless
	if !needClose && sp.capacity != 0 && c.sentBefore(sp) {
		// A semaphore (its buffer size may be unknown, but it is not
		// zero): the parent puts a token in the buffer before it
		// starts the goroutine, and the goroutine takes it out.
		return
	}
	kinds := []chanflow.OpKind{chanflow.Send, chanflow.Close}
	if needClose {
		kinds = []chanflow.OpKind{chanflow.Close}
	}
	kill, killCase := c.killers(sp, kinds...)
	var stop *ssa.BasicBlock
	if sp.inLoop {
		stop = sp.start.Block()
	}
	p := c.cycles.searchExit(nil, sp.start, stop, kill, killCase)
	if p == nil {
		return
	}
	if sp.endless && !sp.ranges {
		c.reportf(sp, "orphaned-receiver", p, nil,
			"goroutine receives from channel %s in a loop with no way out, and %s can return at line %d%s without closing it: after the last send the goroutine blocks forever",
			c.chanName(sp.ch), funcName(sp.parent), c.line(retPos(p.ret)), c.via(p))
		return
	}
	if needClose {
		c.reportf(sp, "range-unclosed", p, nil,
			"goroutine receives from channel %s until it is closed, but %s can return at line %d%s without closing it: the goroutine blocks forever",
			c.chanName(sp.ch), funcName(sp.parent), c.line(retPos(p.ret)), c.via(p))
		return
	}
	c.reportf(sp, "orphaned-receiver", p, nil,
		"goroutine waits to receive from channel %s, but %s can return at line %d%s without sending on it or closing it: the receiver blocks forever",
		c.chanName(sp.ch), funcName(sp.parent), c.line(retPos(p.ret)), c.via(p))
}

// reportAbandoned reports a path of the parent that returns without
// receiving from a sending goroutine.
func (c *checker) reportAbandoned(sp *spawn, p *exitPath) {
	what := "unbuffered channel " + c.chanName(sp.ch)
	if sp.capacity > 0 {
		what = fmt.Sprintf("channel %s (buffer %d) %s", c.chanName(sp.ch), sp.capacity, times(sp.sends))
	}
	c.reportf(sp, "abandoned-sender", p, nil,
		"%s sends on %s, but %s can return at line %d%s without receiving: the sender blocks forever",
		c.subject(sp), what, funcName(sp.parent), c.line(retPos(p.ret)), c.via(p))
}

func times(n int) string {
	if n >= infinite {
		return "in a loop"
	}
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// reportf reports shape at the start of sp, with the return of p and the
// select case it takes as related information.
func (c *checker) reportf(sp *spawn, shape string, p *exitPath, related []analysis.RelatedInformation, format string, args ...any) {
	if p.via.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: p.via, Message: "this select case skips the channel"})
	}
	related = append(related, analysis.RelatedInformation{Pos: retPos(p.ret), Message: "return without the channel operation"})
	d := analysis.Diagnostic{
		Pos:      c.reportPos(sp),
		Category: "chanleak/" + shape,
		Message:  fmt.Sprintf(format, args...),
		Related:  related,
	}
	switch shape {
	case "abandoned-sender":
		d.SuggestedFixes = c.abandonedFixes(sp)
	case "fan-in":
		d.SuggestedFixes = c.fanInFixes(sp)
	case "range-unclosed", "orphaned-receiver":
		d.SuggestedFixes = c.deferCloseFix(sp)
	case "consumer-exit":
		d.SuggestedFixes = c.stopChannelFix(sp)
	}
	c.report(d)
	c.reportedChans[sp.ch.Key] = true
}

// reportPos returns where a finding of sp is reported: the go statement in
// the parent, or the call of the helper that starts the goroutine.
func (c *checker) reportPos(sp *spawn) token.Pos {
	if sp.helper != nil || sp.remoteFun != "" {
		return sp.start.Pos()
	}
	return sp.goInstr.Pos()
}

// via describes the select case that p takes.
func (c *checker) via(p *exitPath) string {
	if p.viaDefault {
		return " (select default)"
	}
	if !p.via.IsValid() {
		return ""
	}
	if text := c.caseText(p.via); text != "" {
		return " (" + text + ")"
	}
	return ""
}

// subject names the goroutine of sp in messages.
func (c *checker) subject(sp *spawn) string {
	switch {
	case sp.helper != nil:
		return "the goroutine that " + funcName(sp.helper) + " starts"
	case sp.remoteFun != "":
		return "the goroutine that " + sp.remoteFun + " starts"
	}
	return "goroutine"
}

// keyedOp is an operation with the Key of its channel.
type keyedOp struct {
	key chanflow.Key
	op  *chanflow.Op
}

// opsByFunc returns the channel operations of each function.
func (c *checker) opsByFunc() map[*ssa.Function][]keyedOp {
	if c.fnOps != nil {
		return c.fnOps
	}
	c.fnOps = map[*ssa.Function][]keyedOp{}
	for k, ch := range c.flow.Channels {
		for _, op := range ch.Ops {
			c.fnOps[op.Fn] = append(c.fnOps[op.Fn], keyedOp{k, op})
		}
	}
	return c.fnOps
}
