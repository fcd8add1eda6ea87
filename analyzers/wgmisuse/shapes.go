package wgmisuse

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

func (c *checker) report(pos, end token.Pos, shape, msg string, related []analysis.RelatedInformation, fixes []analysis.SuggestedFix) {
	c.reporter.Report(analysis.Diagnostic{
		Pos:            pos,
		End:            end,
		Category:       "wgmisuse/" + shape,
		Message:        msg,
		Related:        related,
		SuggestedFixes: fixes,
	})
}

func related(n ast.Node, msg string) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: n.Pos(), End: n.End(), Message: msg}
}

func (c *checker) src(n ast.Node) string { return types.ExprString(n.(ast.Expr)) }

// checkAddInGoroutine reports an Add inside the goroutine that it counts:
// the parent may reach Wait before the goroutine runs the Add, and Wait
// then returns early.
func (c *checker) checkAddInGoroutine() {
	for _, g := range c.goroutines {
		for _, key := range c.countedGroups(g) {
			if len(c.addsBefore(g, key)) > 0 || c.startsCounted(g, key) {
				continue
			}
			wait := c.waitFor(key, g.parent)
			if wait == nil {
				continue
			}
			for _, add := range c.callsOf(g.body) {
				if add.method != "Add" || add.deferred || isDecrement(c.pass.TypesInfo, add) || groupIn(g, add) != key {
					continue
				}
				if c.locksBefore(g.body, add.call.Pos()) {
					continue // a closed flag under a lock may order the Add before Wait
				}
				if c.signalsAfter(g.body, add.call.End()) {
					continue // the parent may wait for the signal before it calls Wait
				}
				msg := fmt.Sprintf("%s inside the goroutine it counts races with %s.Wait in %s; call %s before the go statement",
					c.src(add.call), c.src(wait.recv), c.funcName(wait.call), c.src(add.call))
				c.report(add.call.Pos(), add.call.End(), "add-in-goroutine", msg,
					[]analysis.RelatedInformation{related(wait.call, "the Wait that may return before the Add"), related(g.stmt, "the go statement")},
					c.fixesFor(g.parent, key, c.minimalAddInGoroutine(g, add)))
			}
		}
	}
}

// locksBefore reports whether fn locks a sync.Mutex or sync.RWMutex before
// pos, as servers do to check a closed flag before they count a request.
func (c *checker) locksBefore(fn ast.Node, pos token.Pos) bool {
	found := false
	ast.Inspect(funcBody(fn), func(m ast.Node) bool {
		if found || m == nil || m.Pos() >= pos {
			return false
		}
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		call, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
			if recv := fn.Signature().Recv(); recv != nil && (fn.Name() == "Lock" || fn.Name() == "RLock") {
				name := types.TypeString(deref(recv.Type()), nil)
				found = name == "sync.Mutex" || name == "sync.RWMutex"
			}
		}
		return !found
	})
	return found
}

// signalsAfter reports whether fn sends on or closes a channel after pos.
// A parent that receives that signal before Wait orders the Add before
// the Wait.
func (c *checker) signalsAfter(fn ast.Node, pos token.Pos) bool {
	found := false
	ast.Inspect(funcBody(fn), func(m ast.Node) bool {
		if found || m == nil {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			found = m.Pos() > pos
		case *ast.CallExpr:
			if id, ok := ast.Unparen(m.Fun).(*ast.Ident); ok && m.Pos() > pos {
				b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin)
				found = ok && b.Name() == "close"
			}
		}
		return !found
	})
	return found
}

// startsCounted reports whether the body of g starts goroutines that key
// counts itself, so that an Add in the body may count those instead.
func (c *checker) startsCounted(g *goroutine, key group) bool {
	for _, inner := range c.goroutines {
		if inner.parent == g.body {
			for _, k := range c.countedGroups(inner) {
				if outer, ok := g.params[k.root]; ok {
					outer.path += k.path
					k.root, k.path = outer.root, outer.path
				}
				if k.root == key.root && k.path == key.path {
					return true
				}
			}
		}
	}
	return false
}

// checkWaitInLoop reports a Wait inside the loop that starts the goroutines
// it waits for, when an Add before the loop counts them all: the first
// Wait then waits for goroutines that are not started yet.
func (c *checker) checkWaitInLoop() {
	for _, wait := range c.calls {
		if wait.method != "Wait" || !wait.ok || wait.deferred || wait.owner == nil {
			continue
		}
		loop := c.enclosingLoop(wait.call, wait.owner)
		if loop == nil {
			continue
		}
		var spawn *goroutine
		for _, g := range c.goroutines {
			if g.parent == wait.owner && c.enclosingLoop(g.stmt, wait.owner) == loop && c.counts(g, wait.group) {
				spawn = g
				break
			}
		}
		if spawn == nil {
			continue
		}
		var add *wgCall
		bad := false
		for _, wc := range c.callsOf(wait.owner) {
			if wc.group != wait.group {
				continue
			}
			switch {
			case c.inside(wc.call, loop) && wc.method != "Wait":
				bad = true // counted or decremented per iteration
			case wc.method == "Add" && wc.call.Pos() < loop.Pos():
				add = wc
			}
		}
		if bad || add == nil {
			continue
		}
		if n, ok := addConstant(c.pass.TypesInfo, add); ok && n <= 1 {
			continue
		}
		msg := fmt.Sprintf("%s inside the loop that starts the goroutines counted by %s blocks forever: the first iteration waits for goroutines that later iterations start; call %s after the loop",
			c.src(wait.call), c.src(add.call), c.src(wait.call))
		c.report(wait.call.Pos(), wait.call.End(), "wait-in-loop", msg,
			[]analysis.RelatedInformation{related(add.call, "the Add that counts every iteration"), related(spawn.stmt, "the go statement in the loop")},
			c.fixesFor(wait.owner, wait.group, c.minimalWaitInLoop(wait, loop)))
	}
}

// counts reports whether the body of g decrements key.
func (c *checker) counts(g *goroutine, key group) bool {
	return len(c.doneSites(g, key)) > 0
}

// checkDoneSkipped reports a counted goroutine in which a path returns
// without Done, so that Wait never returns.
func (c *checker) checkDoneSkipped() {
	for _, g := range c.goroutines {
		for _, key := range c.countedGroups(g) {
			adds := c.addsBefore(g, key)
			if len(adds) == 0 {
				continue
			}
			dones := c.doneSites(g, key)
			if !c.donesCheckable(g, dones) {
				continue
			}
			graph := c.funcCFG(g.body)
			if graph == nil || len(graph.Blocks) == 0 {
				continue
			}
			stop := func(n ast.Node) bool { return c.mayDecrement(g, n, key) }
			end := c.exitPath(graph.Blocks[0], 0, stop)
			if end == nil || end == graph.Blocks[0] {
				continue
			}
			wait := c.waitFor(key, g.parent)
			if wait == nil {
				continue
			}
			done := dones[0]
			var pos ast.Node = done.call
			where := "the end of the goroutine"
			if ret := lastReturn(end); ret != nil && ret.Pos() != funcBody(g.body).Rbrace {
				pos = ret
				where = "this return"
			}
			msg := fmt.Sprintf("%s skips %s in the goroutine counted by %s in %s, so %s.Wait never returns; defer %s at the top of the goroutine",
				where, c.src(done.call), c.src(adds[len(adds)-1].call), c.funcName(g.parent), c.src(wait.recv), c.src(done.call))
			if pos == done.call {
				msg = fmt.Sprintf("%s is not reached on every path of the goroutine counted by %s in %s, so %s.Wait may never return; defer %s at the top of the goroutine",
					c.src(done.call), c.src(adds[len(adds)-1].call), c.funcName(g.parent), c.src(wait.recv), c.src(done.call))
			}
			c.report(pos.Pos(), pos.End(), "done-skipped", msg,
				[]analysis.RelatedInformation{related(done.call, "the Done that the path skips"), related(wait.call, "the Wait that never returns")},
				c.fixesFor(g.parent, key, c.minimalDoneSkipped(g, key, dones, adds)))
		}
	}
}

// donesCheckable reports whether the Done calls of a goroutine have the
// simple shape that the path search understands. None may be deferred,
// because a deferred Done runs on every path. None may sit in a loop of the
// body, as in a worker that calls Done once per job. No other function
// literal in the body may call Done in their place.
func (c *checker) donesCheckable(g *goroutine, dones []*wgCall) bool {
	body := funcBody(g.body)
	if body == nil {
		return false
	}
	for _, d := range dones {
		if d.deferred || c.enclosingLoop(d.call, g.body) != nil {
			return false
		}
	}
	for _, wc := range c.calls {
		if wc.method == "Done" && wc.owner != g.body && c.inside(wc.call, body) {
			return false
		}
	}
	return true
}

// mayDecrement reports whether the CFG node n, in the body of g, may
// decrement key: it calls Done on key, or passes key or a function value
// to another call, which could call Done.
func (c *checker) mayDecrement(g *goroutine, n ast.Node, key group) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			for _, wc := range c.callsOf(g.body) {
				if wc.call == m {
					if isDecrement(c.pass.TypesInfo, wc) && groupIn(g, wc) == key {
						found = true
					}
					return !found
				}
			}
			// A call that can reach the group (through an argument or the
			// receiver), or a call of a local function value, may call Done.
			if c.callMayReachGroup(g, m, key) {
				found = true
			}
		}
		return !found
	})
	return found
}

func (c *checker) callMayReachGroup(g *goroutine, call *ast.CallExpr, key group) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && !c.confined(key) {
			return true // a function value, perhaps a closure that calls Done
		}
	}
	reaches := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(m ast.Node) bool {
			if x, ok := m.(ast.Expr); ok {
				if k, ok := c.groupOf(x); ok {
					if outer, ok := g.params[k.root]; ok {
						k.root = outer.root
						k.path = outer.path + k.path
					}
					if k.root == key.root {
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	for _, arg := range call.Args {
		if reaches(arg) {
			return true
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.pass.TypesInfo.Selections[sel] != nil {
		return reaches(sel.X)
	}
	return false
}

// confined reports whether key is a local sync.WaitGroup variable (not a
// pointer, field or package variable) that is used only as the receiver of
// its own methods, in its function or in the bodies of go statements. No
// function value can then call Done on it: a closure that did would use the
// variable in a function literal that is not a goroutine body.
func (c *checker) confined(key group) bool {
	v, ok := key.root.(*types.Var)
	if !ok || key.path != "" || v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return false
	}
	if _, isValue := v.Type().(*types.Named); !isValue || !isWaitGroup(v.Type()) {
		return false
	}
	for id, obj := range c.pass.TypesInfo.Uses {
		if obj != v {
			continue
		}
		sel, ok := c.parents[id].(*ast.SelectorExpr)
		if !ok || sel.X != id {
			return false
		}
		if _, ok := c.parents[sel].(*ast.CallExpr); !ok {
			return false
		}
		for n := c.parents[sel]; n != nil; n = c.parents[n] {
			if lit, ok := n.(*ast.FuncLit); ok {
				call, ok := c.parents[lit].(*ast.CallExpr)
				if !ok || call.Fun != lit {
					return false
				}
				if _, ok := c.parents[call].(*ast.GoStmt); !ok {
					return false
				}
			}
		}
	}
	return true
}

func lastReturn(b *cfg.Block) *ast.ReturnStmt {
	if len(b.Nodes) == 0 {
		return nil
	}
	ret, _ := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	return ret
}

// checkWaitInCounted reports a Wait inside a goroutine that the same group
// counts, before that goroutine's Done: Wait waits for the Done that runs
// after it.
func (c *checker) checkWaitInCounted() {
	for _, g := range c.goroutines {
		for _, key := range c.countedGroups(g) {
			if len(c.addsBefore(g, key)) == 0 {
				continue
			}
			dones := c.doneSites(g, key)
			for _, wait := range c.callsOf(g.body) {
				if wait.method != "Wait" || wait.deferred || groupIn(g, wait) != key {
					continue
				}
				before := true
				for _, d := range dones {
					if !d.deferred && d.call.Pos() < wait.call.Pos() {
						before = false
					}
				}
				if !before {
					continue // Done, then Wait: a barrier
				}
				msg := fmt.Sprintf("%s inside a goroutine that %s counts waits for the goroutine's own %s, which runs only after Wait returns, so it blocks forever",
					c.src(wait.call), c.src(wait.recv), c.src(dones[0].call))
				c.report(wait.call.Pos(), wait.call.End(), "wait-in-counted", msg,
					[]analysis.RelatedInformation{related(dones[0].call, "the Done that Wait waits for"), related(g.stmt, "the go statement that starts the counted goroutine")}, nil)
			}
		}
	}
}
