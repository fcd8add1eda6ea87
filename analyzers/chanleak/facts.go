package chanleak

import (
	"fmt"

	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
)

// spawnFact is attached to a function that returns a channel that a
// goroutine it starts sends on, so that callers in other packages can be
// checked like callers in the same package.
type spawnFact struct {
	// Sends is the largest number of blocking sends of the goroutine on
	// one path (infinite for a send in a loop).
	Sends int
	// Cap is the buffer size of the channel.
	Cap int
}

func (*spawnFact) AFact() {}

func (f *spawnFact) String() string {
	return fmt.Sprintf("returns a channel that a goroutine it starts sends on %s, buffer %d", times(f.Sends), f.Cap)
}

// exportSpawn records a spawnFact for the helper of sp when the helper
// returns the channel and its goroutine only sends.
func (c *checker) exportSpawn(sp *spawn) {
	fn := sp.parent
	if sp.sends == 0 || sp.recvs || sp.otherOps || sp.capacity < 0 || fn.Parent() != nil || fn.Object() == nil {
		return
	}
	if !c.returnsChannel(fn, sp.ch.Key) || fn.Signature.Results().Len() != 1 {
		return
	}
	if fn.Object().Pkg() != c.pass.Pkg {
		return
	}
	c.pass.ExportObjectFact(fn.Object(), &spawnFact{Sends: sp.sends, Cap: sp.capacity})
}

// checkRemote checks a call of a helper of another package whose fact
// records that it returns a channel that a goroutine sends on.
func (c *checker) checkRemote(ch *chanflow.Channel) {
	call := ch.Key.Remote
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Object() == nil {
		return
	}
	var fact spawnFact
	if !c.pass.ImportObjectFact(callee.Object(), &fact) {
		return
	}
	parent := call.Parent()
	if parent == nil {
		return
	}
	body := c.body(parent)
	for _, op := range ch.Ops {
		if !body[op.Fn] {
			return
		}
	}
	sp := &spawn{
		ch:        ch,
		parent:    parent,
		start:     call,
		sends:     fact.Sends,
		capacity:  fact.Cap,
		remoteFun: callee.Name(),
		inLoop:    c.cycles.inCycle(call.Block()),
	}
	if sp.inLoop {
		return
	}
	c.checkSender(sp)
}

// goroutineFuncs returns the functions that run in goroutines: the
// targets of go statements and what they call.
func (c *checker) goroutineFuncs() map[*ssa.Function]bool {
	if c.inGoroutine != nil {
		return c.inGoroutine
	}
	c.inGoroutine = map[*ssa.Function]bool{}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					for f := range c.body(c.callee(&g.Call)) {
						c.inGoroutine[f] = true
					}
				}
			}
		}
	}
	return c.inGoroutine
}

// goTargets returns the functions that go statements of the package start
// directly.
func (c *checker) goTargets() map[*ssa.Function]bool {
	targets := map[*ssa.Function]bool{}
	for _, fn := range c.flow.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					if f := c.callee(&g.Call); f != nil {
						targets[f] = true
					}
				}
			}
		}
	}
	return targets
}
