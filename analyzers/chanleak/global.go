package chanleak

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
)

// checkWholePackage applies the shapes that need every operation on a
// channel in the package: a channel that is sent on and never received
// from, received from and never sent on or closed, or whose every sender
// may give up.
func (c *checker) checkWholePackage(ch *chanflow.Channel) {
	if ch.Escaped || ch.Returned || ch.Key.Remote != nil || len(ch.Ops) == 0 {
		return
	}
	var sends, recvs, closes, plainSends, plainRecvs []*chanflow.Op
	live := c.reachable()
	for _, op := range ch.Ops {
		if !live[op.Fn] {
			// Code that never runs neither blocks nor unblocks.
			continue
		}
		switch op.Kind {
		case chanflow.Send:
			sends = append(sends, op)
			if op.Blocking && op.Case < 0 {
				plainSends = append(plainSends, op)
			}
		case chanflow.Recv:
			recvs = append(recvs, op)
			if op.Blocking && !isMain(op.Fn) {
				plainRecvs = append(plainRecvs, op)
			}
		case chanflow.Close:
			closes = append(closes, op)
		}
	}
	name := c.chanName(ch)

	if c.checkRangeExit(ch, recvs, plainSends) {
		return
	}
	if len(sends) == 0 && c.checkDeferredCloseOnly(ch, closes, plainRecvs) {
		return
	}

	switch {
	case len(recvs) == 0 && ch.Cap == 0:
		for _, op := range sends {
			if op.Blocking && !closedBefore(op, closes) {
				c.report(analysis.Diagnostic{
					Pos:      op.Pos,
					Category: "chanleak/abandoned-sender",
					Message:  fmt.Sprintf("send on unbuffered channel %s blocks forever: nothing in this package receives from it", name),
				})
				return
			}
		}

	case len(recvs) == 0 && ch.Cap > 0:
		c.checkOverfilled(ch, plainSends)

	case len(sends) == 0 && len(closes) == 0:
		for _, op := range plainRecvs {
			if c.blocksOnPurpose(op) {
				continue
			}
			c.report(analysis.Diagnostic{
				Pos:      op.Pos,
				Category: "chanleak/orphaned-receiver",
				Message:  fmt.Sprintf("receive from channel %s blocks forever: nothing in this package sends on it or closes it", name),
			})
			return
		}

	case len(closes) == 0 && ch.Cap == 0 && len(plainRecvs) > 0:
		c.checkGivingUpSenders(ch, sends, plainRecvs)

	case ch.Cap >= 0 && len(plainSends) > 0 && len(plainRecvs) == 0:
		if ch.Cap > 0 {
			// A buffer absorbs a fixed number of sends, but not sends that
			// repeat in a loop.
			var repeating []*chanflow.Op
			for _, op := range plainSends {
				if c.repeats(op.Instr, ch.Cap, freshMake(ch), map[*ssa.Function]bool{}) {
					repeating = append(repeating, op)
				}
			}
			plainSends = repeating
		}
		if len(plainSends) > 0 {
			c.checkExitingConsumers(ch, plainSends, recvs)
		}
	}
}

// blocksOnPurpose reports whether op receives from a channel made for
// that receive alone, as in <-make(chan struct{}): a way to block forever
// on purpose, like an empty select.
func (c *checker) blocksOnPurpose(op *chanflow.Op) bool {
	if _, ok := op.Instr.(*ssa.UnOp); !ok {
		return false
	}
	for _, n := range c.path(op.Pos) {
		u, ok := n.(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || u.OpPos != op.Pos {
			continue
		}
		call, ok := ast.Unparen(u.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		return ok && id.Name == "make" && c.pass.TypesInfo.Uses[id] == types.Universe.Lookup("make")
	}
	return false
}

// closedBefore reports whether a close of the channel runs before op on
// every path of op's function: the send then panics instead of blocking.
func closedBefore(op *chanflow.Op, closes []*chanflow.Op) bool {
	for _, cl := range closes {
		if cl.Fn == op.Fn && dominatesInstr(cl.Instr, op.Instr) {
			return true
		}
	}
	return false
}

// repeats reports whether instr can run more than limit times: it lies on
// a cycle of its function (other than a loop counted up to a constant of
// at most limit), or a call on such a cycle leads to its function.
//
// When mk is not nil, instr acts on the channel that mk makes, and only
// repeats on one channel count: each call of mk's function makes a new
// channel, and so does each round of a loop around mk.
func (c *checker) repeats(instr ssa.Instruction, limit int, mk *ssa.MakeChan, seen map[*ssa.Function]bool) bool {
	fn := instr.Parent()
	if c.cycles.inCycle(instr.Block()) {
		if mk != nil && fn == mk.Parent() && c.cycles.loopOf(instr.Block())[mk.Block()] {
			return false
		}
		return !c.countedLoop(instr.Block(), limit)
	}
	if fn == nil || seen[fn] || len(seen) > 8 || (mk != nil && fn == mk.Parent()) {
		return false
	}
	seen[fn] = true
	for _, site := range c.callSites()[fn] {
		if c.repeats(site, limit, mk, seen) {
			return true
		}
	}
	return false
}

// freshMake returns the one make call of ch, or nil.
func freshMake(ch *chanflow.Channel) *ssa.MakeChan {
	if len(ch.Makes) == 1 && ch.Key.Make != nil {
		return ch.Makes[0]
	}
	return nil
}

func isMain(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" && (fn.Name() == "main" || fn.Name() == "init")
}

// checkGivingUpSenders reports a plain receive from an unbuffered channel
// whose every send can be skipped: a select with a default, which drops
// the value unless the receiver already waits, or a select with another
// case that the sender may take instead.
func (c *checker) checkGivingUpSenders(ch *chanflow.Channel, sends, recvs []*chanflow.Op) {
	allDefault, allOther := true, true
	for _, op := range sends {
		if op.Case < 0 || op.Blocking {
			return
		}
		if op.Default {
			allOther = false
		} else {
			allDefault = false
			if !othersAreCancellation(op) {
				allOther = false
			}
		}
	}
	name := c.chanName(ch)
	var related []analysis.RelatedInformation
	for _, op := range sends {
		related = append(related, analysis.RelatedInformation{Pos: op.Pos, Message: "send that may not happen"})
	}
	recv := recvs[0]
	switch {
	case allDefault:
		c.report(analysis.Diagnostic{
			Pos:      recv.Pos,
			Category: "chanleak/orphaned-receiver",
			Message: fmt.Sprintf("receive from unbuffered channel %s can block forever: every send on it is in a select with a default, which drops the value unless a receiver already waits",
				name),
			Related: related,
		})
	case allOther:
		if c.cancelledByReceiver(sends, recvs) {
			return
		}
		c.report(analysis.Diagnostic{
			Pos:      recv.Pos,
			Category: "chanleak/orphaned-receiver",
			Message: fmt.Sprintf("receive from unbuffered channel %s waits for nothing else, but every send on it sits in a select that gives up on cancellation or a timer: the receiver can block forever",
				name),
			Related: related,
		})
	}
}

// checkExitingConsumers reports a plain send in a goroutine on an
// unbuffered channel whose every receive sits in a loop that another
// select case can leave.
func (c *checker) checkExitingConsumers(ch *chanflow.Channel, sends, recvs []*chanflow.Op) {
	if ch.Key.Field != nil && ch.Cap != 0 {
		// A buffered channel in a field lives as long as its object.
		// The object's own protocol (one request in flight, a buffer
		// sized for the work) usually keeps the buffer from filling
		// after the consumer leaves, and the analysis cannot see it.
		// Every such report on net/http's transport and etcd's watch
		// proxy was false.
		return
	}
	var exits []*exitPath
	for _, op := range recvs {
		sel, ok := op.Instr.(*ssa.Select)
		if !ok || op.Case < 0 || !sel.Blocking || !c.cycles.inCycle(sel.Block()) {
			return
		}
		p := c.cycles.searchExit(nil, sel, sel.Block(), c.opKill(ch, chanflow.Recv), c.caseKill(ch, chanflow.Recv))
		if p == nil || !p.via.IsValid() {
			return
		}
		exits = append(exits, p)
	}
	if len(exits) == 0 {
		return
	}
	inGo := c.goroutineFuncs()
	for _, send := range sends {
		if !inGo[send.Fn] && !c.inTakenFunc(send.Fn) {
			continue
		}
		recvFn := exits[0].ret.Parent()
		if c.body(recvFn)[send.Fn] || c.handedOut(send.Fn, recvFn) || c.signalledBySender(send, exits[0]) {
			continue
		}
		if ch.Cap > 0 && defersStop(recvFn) {
			// The receiver cancels or closes when it returns, and the
			// buffer takes the sends made before the sender notices.
			continue
		}
		if len(c.callSites()[recvFn]) == 0 && !c.goTargets()[send.Fn] && !c.repeats(send.Instr, 1, freshMake(ch), map[*ssa.Function]bool{}) {
			// Neither end is a goroutine that this package starts: no
			// code of the package calls the receive loop, such as a
			// handler that a server runs, and the send runs once in a
			// function that the sending goroutine calls. The send may
			// then well come before the loop leaves, in an order of
			// steps that the analysis cannot see.
			continue
		}
		name := c.chanName(ch)
		p := exits[0]
		c.report(analysis.Diagnostic{
			Pos:      send.Pos,
			Category: "chanleak/consumer-exit",
			Message: fmt.Sprintf("goroutine sends on %s, but the loop that receives from it in %s returns at line %d%s: a send after that blocks forever",
				bufferedName(ch, name), funcName(p.ret.Parent()), c.line(retPos(p.ret)), c.via(p)),
			Related: []analysis.RelatedInformation{
				{Pos: p.via, Message: "this select case leaves the receive loop"},
				{Pos: retPos(p.ret), Message: "the receiver returns here"},
			},
		})
		return
	}
}

// handedOut reports whether fn is a function literal of recvFn (or of a
// function it calls) that is handed out as a value rather than started
// with a go statement, such as a reply callback passed along with a
// request. The receiver's protocol then decides when the callback runs,
// which the analysis cannot see.
func (c *checker) handedOut(fn, recvFn *ssa.Function) bool {
	parent := fn.Parent()
	if parent == nil || !c.body(recvFn)[parent] || c.goTargets()[fn] {
		return false
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn {
				continue
			}
			for _, ref := range *mc.Referrers() {
				if _, ok := ref.(*ssa.Go); ok {
					return false
				}
			}
		}
	}
	return true
}

// signalledBySender reports whether the select case through which p leaves
// the receive loop waits on a channel that a goroutine running send also
// sends on or closes. That goroutine signals with it that it is done, so
// the receiver leaves after its sends rather than in the middle of them.
func (c *checker) signalledBySender(send *chanflow.Op, p *exitPath) bool {
	if p.viaSel == nil {
		return false
	}
	k := c.flow.KeyOf(p.viaSel.States[p.viaCase].Chan)
	if k.IsZero() {
		return false
	}
	for _, g := range c.goStatements() {
		body := c.body(c.callee(&g.Call))
		if !body[send.Fn] {
			continue
		}
		for fn := range body {
			for _, ko := range c.opsByFunc()[fn] {
				if ko.key == k && ko.op.Kind != chanflow.Recv {
					return true
				}
			}
		}
	}
	return false
}

// opKill returns a kill function for searchExit: a plain operation of kind
// on ch.
func (c *checker) opKill(ch *chanflow.Channel, kind chanflow.OpKind) func(ssa.Instruction) bool {
	kills := map[ssa.Instruction]bool{}
	for _, op := range ch.Ops {
		if op.Kind == kind && op.Case < 0 {
			kills[op.Instr] = true
		}
	}
	return func(instr ssa.Instruction) bool { return kills[instr] }
}

// caseKill returns a case-kill function for searchExit: a select case of
// kind on ch.
func (c *checker) caseKill(ch *chanflow.Channel, kind chanflow.OpKind) func(*ssa.Select, int) bool {
	return func(sel *ssa.Select, i int) bool {
		st := sel.States[i]
		if c.flow.KeyOf(st.Chan) != ch.Key {
			return false
		}
		return (kind == chanflow.Recv) == (st.Dir == types.RecvOnly)
	}
}

// retPos returns the position of ret, or the closing brace of its function
// for an implicit return.
func retPos(ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	if fn := ret.Parent(); fn != nil && fn.Syntax() != nil {
		return fn.Syntax().End() - 1
	}
	return token.NoPos
}

// othersAreCancellation reports whether every other case of the select of
// op waits for a context's Done channel or a timer: events that come from
// outside, so that the sender may give up while the receiver still waits.
func othersAreCancellation(op *chanflow.Op) bool {
	others, ok := otherCases(op)
	if !ok {
		return false
	}
	for _, st := range others {
		if st.Dir != types.RecvOnly || !isCancellation(st.Chan) {
			return false
		}
	}
	return true
}

// otherCases returns the cases of the select of op other than op's own,
// and false when op is not a select case.
func otherCases(op *chanflow.Op) ([]*ssa.SelectState, bool) {
	sel, ok := op.Instr.(*ssa.Select)
	if !ok || op.Case < 0 {
		return nil, false
	}
	var out []*ssa.SelectState
	for i, st := range sel.States {
		if i != op.Case {
			out = append(out, st)
		}
	}
	return out, true
}

// isCancellation reports whether v is ctx.Done(), time.After(d), or the C
// field of a time.Timer or time.Ticker.
func isCancellation(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.Call:
		if x.Call.IsInvoke() {
			return x.Call.Method.Name() == "Done" && isContext(x.Call.Value.Type())
		}
		callee := x.Call.StaticCallee()
		if callee == nil || callee.Pkg == nil {
			return false
		}
		path := callee.Pkg.Pkg.Path()
		return (path == "time" && (callee.Name() == "After" || callee.Name() == "Tick")) ||
			(path == "context" && callee.Name() == "Done")
	case *ssa.UnOp:
		fa, ok := x.X.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
		if !ok {
			return false
		}
		named, ok := ptr.Elem().(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "time" {
			return false
		}
		return named.Obj().Name() == "Timer" || named.Obj().Name() == "Ticker"
	}
	return false
}

func isContext(t types.Type) bool {
	named, ok := t.(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "context" && named.Obj().Name() == "Context"
}

// inTakenFunc reports whether fn runs inside a function value that the
// package passes around, such as a callback that a worker pool runs in a
// goroutine.
func (c *checker) inTakenFunc(fn *ssa.Function) bool {
	for f := range c.takenFuncs() {
		if c.body(f)[fn] {
			return true
		}
	}
	return false
}

// checkRangeExit reports a range loop, the only receiver of an unbuffered
// channel, that can return before the channel is closed while other code
// sends on it without a way out. It reports whether it found one.
func (c *checker) checkRangeExit(ch *chanflow.Channel, recvs, sends []*chanflow.Op) bool {
	if ch.Cap != 0 || len(recvs) != 1 || !recvs[0].Range || len(sends) == 0 {
		return false
	}
	r := recvs[0]
	for _, s := range sends {
		if s.Fn == r.Fn {
			return false
		}
	}
	if c.severalGoroutines(r.Fn) {
		// Several goroutines run the loop: one leaving leaves the others
		// to receive, and how many stay is the protocol's business.
		return false
	}
	repeating := false
	for _, s := range sends {
		if c.repeats(s.Instr, 1, freshMake(ch), map[*ssa.Function]bool{}) || c.startedInLoop(s.Fn) || c.invokedInLoop(s.Fn) {
			repeating = true
		}
	}
	if !repeating {
		// Senders that run a fixed number of times, such as callbacks
		// that another package calls, may stop in step with the loop.
		return false
	}
	exit, at := c.cycles.earlyExit(r.Instr.Block())
	if exit == nil {
		return false
	}
	p := c.cycles.searchExit(exit, nil, nil, c.opKill(ch, chanflow.Recv), c.caseKill(ch, chanflow.Recv))
	if p == nil {
		return false
	}
	name := c.chanName(ch)
	c.report(analysis.Diagnostic{
		Pos:      r.Pos,
		Category: "chanleak/consumer-exit",
		Message: fmt.Sprintf("%s, the only receiver of unbuffered channel %s, can leave its range loop and return at line %d while senders go on: their next send blocks forever",
			describeFunc(r.Fn), name, c.line(retPos(p.ret))),
		Related: []analysis.RelatedInformation{
			{Pos: at.Pos(), Message: "the range loop is left here"},
			{Pos: sends[0].Pos, Message: "a send with no other receiver"},
		},
	})
	return true
}

// severalGoroutines reports whether fn may run in several goroutines at
// once: a go statement on a cycle starts it, or more than one go
// statement does.
func (c *checker) severalGoroutines(fn *ssa.Function) bool {
	n := 0
	for _, g := range c.goStatements() {
		if !c.body(c.callee(&g.Call))[fn] {
			continue
		}
		n++
		if n > 1 || c.cycles.inCycle(g.Block()) {
			return true
		}
	}
	return false
}

// startedInLoop reports whether a go statement on a cycle may start fn,
// directly, through a function value or through an interface method.
func (c *checker) startedInLoop(fn *ssa.Function) bool {
	for _, g := range c.goStatements() {
		if !c.cycles.inCycle(g.Block()) {
			continue
		}
		if g.Call.IsInvoke() {
			if fn.Signature.Recv() != nil && g.Call.Method.Name() == fn.Name() {
				return true
			}
			continue
		}
		if c.body(c.callee(&g.Call))[fn] {
			return true
		}
	}
	return false
}

// invokedInLoop reports whether fn is a method that an interface call on a
// cycle may run.
func (c *checker) invokedInLoop(fn *ssa.Function) bool {
	if fn.Signature.Recv() == nil {
		return false
	}
	for _, site := range c.invokeSites(fn.Name()) {
		if c.cycles.inCycle(site.Block()) {
			return true
		}
	}
	return false
}

// invokeSites returns the interface calls of the package of a method
// named name.
func (c *checker) invokeSites(name string) []ssa.CallInstruction {
	if c.invokes == nil {
		c.invokes = map[string][]ssa.CallInstruction{}
		for _, f := range c.flow.Funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					if call, ok := instr.(ssa.CallInstruction); ok && call.Common().IsInvoke() {
						m := call.Common().Method.Name()
						c.invokes[m] = append(c.invokes[m], call)
					}
				}
			}
		}
	}
	return c.invokes[name]
}

// describeFunc names fn for messages: its name, or "the function literal
// in F" for a function literal.
func describeFunc(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the function literal in " + funcName(fn)
	}
	return fn.Name()
}

// bufferedName describes the channel with its buffer, for messages.
func bufferedName(ch *chanflow.Channel, name string) string {
	if ch.Cap > 0 {
		return fmt.Sprintf("channel %s (buffer %d) in a loop", name, ch.Cap)
	}
	return "unbuffered channel " + name
}

// countedLoop reports whether the loop of b is a loop whose header
// compares with a constant of at most limit, such as for i := 0; i < 16;
// i++.
func (c *checker) countedLoop(b *ssa.BasicBlock, limit int) bool {
	n, ok := c.loopBound(b)
	return ok && n <= limit
}

// loopBound returns the constant that the header of the loop of b
// compares with (16 for i < 16), as a bound on its rounds.
func (c *checker) loopBound(b *ssa.BasicBlock) (int, bool) {
	loop := c.cycles.loopOf(b)
	for h := range loop {
		entered := false
		for _, p := range h.Preds {
			if !loop[p] {
				entered = true
			}
		}
		if !entered || len(h.Instrs) == 0 {
			continue
		}
		ifInstr, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok || (cmp.Op != token.LSS && cmp.Op != token.LEQ) {
			continue
		}
		k, ok := cmp.Y.(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
			continue
		}
		n, exact := constant.Int64Val(k.Value)
		if exact && n >= 0 && n < infinite {
			if cmp.Op == token.LEQ {
				n++
			}
			return int(n), true
		}
	}
	return 0, false
}

// checkOverfilled reports a buffered channel that nothing in the package
// receives from, when its sends can run more often than the buffer holds.
func (c *checker) checkOverfilled(ch *chanflow.Channel, sends []*chanflow.Op) {
	total := 0
	for _, op := range sends {
		total = min(infinite, total+c.runs(op.Instr, map[*ssa.Function]bool{}))
	}
	if total <= ch.Cap || len(sends) == 0 {
		return
	}
	name := c.chanName(ch)
	count := fmt.Sprintf("%d times", total)
	if total >= infinite {
		count = "without bound"
	}
	var related []analysis.RelatedInformation
	for _, op := range sends[1:] {
		related = append(related, analysis.RelatedInformation{Pos: op.Pos, Message: "another send"})
	}
	c.report(analysis.Diagnostic{
		Pos:      sends[0].Pos,
		Category: "chanleak/abandoned-sender",
		Message: fmt.Sprintf("nothing in this package receives from channel %s (buffer %d), but its sends can run %s: the send after the buffer fills blocks forever",
			name, ch.Cap, count),
		Related: related,
	})
}

// runs returns how many times instr can run: the bound of the counted
// loops around it times the runs of the call sites of its function, or
// infinite.
func (c *checker) runs(instr ssa.Instruction, seen map[*ssa.Function]bool) int {
	n := 1
	if c.cycles.inCycle(instr.Block()) {
		bound, ok := c.loopBound(instr.Block())
		if !ok {
			return infinite
		}
		n = bound
	}
	fn := instr.Parent()
	if fn == nil || seen[fn] || len(seen) > 8 {
		return infinite
	}
	sites := c.callSites()[fn]
	if fn.Signature.Recv() != nil {
		// An interface call with the method's name may run it too.
		sites = append(sites[:len(sites):len(sites)], c.invokeSites(fn.Name())...)
	}
	if len(sites) == 0 {
		return n
	}
	seen[fn] = true
	defer delete(seen, fn)
	total := 0
	for _, site := range sites {
		total = min(infinite, total+c.runs(site, seen))
	}
	return min(infinite, n*total)
}

// checkDeferredCloseOnly reports a plain receive from a channel that
// nothing sends on and whose every close is deferred by the function that
// makes the channel and receives from it. The deferred close runs only
// when that function returns, which it cannot do while the receive waits.
// It reports whether it found one.
func (c *checker) checkDeferredCloseOnly(ch *chanflow.Channel, closes, recvs []*chanflow.Op) bool {
	mk := ch.Key.Make
	if mk == nil || len(ch.Makes) != 1 || len(closes) == 0 {
		return false
	}
	fn := mk.Parent()
	for _, op := range closes {
		if _, deferred := op.Instr.(*ssa.Defer); !deferred || op.Fn != fn {
			return false
		}
	}
	for _, op := range recvs {
		if op.Fn != fn {
			continue
		}
		name := c.chanName(ch)
		owner := describeFunc(fn)
		c.report(analysis.Diagnostic{
			Pos:      op.Pos,
			Category: "chanleak/orphaned-receiver",
			Message: fmt.Sprintf("receive from channel %s blocks forever: nothing sends on it, and its only close is deferred until %s returns, which first waits here",
				name, owner),
			Related: []analysis.RelatedInformation{{Pos: closes[0].Pos, Message: "deferred close"}},
		})
		return true
	}
	return false
}
