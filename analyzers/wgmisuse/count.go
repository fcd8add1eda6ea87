package wgmisuse

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// checkCountMismatch reports an Add whose count cannot match the
// goroutines that follow it. It compares a constant count with the go
// statements up to Wait, and Add(len(x)) with a range over x that skips
// items before its go statement. It also finds an Add followed by a return
// or continue that bypasses the go statement.
func (c *checker) checkCountMismatch() {
	for _, add := range c.calls {
		if add.method != "Add" || !add.ok || add.deferred || add.owner == nil || isDecrement(c.pass.TypesInfo, add) {
			continue
		}
		stmt, ok := add.stmt.(*ast.ExprStmt)
		if !ok || stmt.X != add.call {
			continue
		}
		list, i := c.blockOf(stmt)
		if list == nil {
			continue
		}
		if n, ok := addConstant(c.pass.TypesInfo, add); ok {
			if c.checkConstantCount(add, n, list, i) {
				continue
			}
		}
		if c.checkLenCount(add, list, i) {
			continue
		}
		c.checkSkippedSpawn(add, list, i)
	}
}

// checkConstantCount compares Add(n) with the go statements that follow it
// in its block up to the Wait. It stays silent unless every statement in
// between is understood: go statements at the top level whose goroutines
// call Done once, and statements that do not touch the group.
func (c *checker) checkConstantCount(add *wgCall, n int64, list []ast.Stmt, i int) bool {
	key := add.group
	var spawns []*goroutine
	var wait *wgCall
	for _, s := range list[i+1:] {
		if w := c.waitIn(s, add.owner, key); w != nil {
			wait = w
			break
		}
		if gs, ok := s.(*ast.GoStmt); ok {
			g := c.goroutineOf(gs)
			if g == nil || g.body == nil {
				return false
			}
			dones := c.doneSites(g, key)
			if len(dones) == 1 && c.enclosingLoop(dones[0].call, g.body) != nil {
				return false // one Done site, but it may run many times
			}
			if len(dones) != 1 {
				if len(dones) > 1 || c.mentions(g.body, key.root) {
					return false
				}
				continue
			}
			for _, wc := range c.callsOf(g.body) {
				if wc.method == "Add" && groupIn(g, wc) == key {
					return false
				}
			}
			spawns = append(spawns, g)
			continue
		}
		if c.hasGoStmt(s) || c.mentions(s, key.root) {
			return false
		}
	}
	if wait == nil || len(spawns) == 0 || int64(len(spawns)) == n {
		return false
	}
	effect := fmt.Sprintf("so %s never returns", c.src(wait.call))
	if int64(len(spawns)) > n {
		effect = "so the extra Done calls drive the counter negative, which panics"
	}
	msg := fmt.Sprintf("%s counts %d goroutines but %d go statements follow before %s, %s",
		c.src(add.call), n, len(spawns), c.src(wait.call), effect)
	c.report(add.call.Pos(), add.call.End(), "count-mismatch", msg,
		[]analysis.RelatedInformation{related(wait.call, "the Wait"), related(spawns[0].stmt, "the first counted go statement")},
		c.fixesFor(add.owner, key, c.minimalConstantCount(add, len(spawns))))
	return true
}

// waitIn returns the Wait on key that s runs at its top level in fn.
func (c *checker) waitIn(s ast.Stmt, fn ast.Node, key group) *wgCall {
	for _, wc := range c.callsOf(fn) {
		if wc.method == "Wait" && wc.group == key && wc.stmt == s {
			return wc
		}
	}
	return nil
}

func (c *checker) goroutineOf(stmt *ast.GoStmt) *goroutine {
	for _, g := range c.goroutines {
		if g.stmt == stmt {
			return g
		}
	}
	return nil
}

// hasGoStmt reports whether n contains a go statement, function literals
// included.
func (c *checker) hasGoStmt(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if _, ok := m.(*ast.GoStmt); ok {
			found = true
		}
		return !found
	})
	return found
}

// checkLenCount reports Add(len(x)) followed by a range over x whose body
// skips items (continue or break) before its go statement.
func (c *checker) checkLenCount(add *wgCall, list []ast.Stmt, i int) bool {
	lenArg := lenOperand(c.pass.TypesInfo, add.call)
	if lenArg == nil {
		return false
	}
	key := add.group
	var loop *ast.RangeStmt
	for _, s := range list[i+1:] {
		if r, ok := s.(*ast.RangeStmt); ok && types.ExprString(r.X) == types.ExprString(lenArg) {
			loop = r
			break
		}
		if c.hasGoStmt(s) || c.mentions(s, key.root) {
			return false
		}
	}
	if loop == nil || loop.Body == nil {
		return false
	}

	// The loop body must start one goroutine that calls Done once, at its
	// top level, and must not touch the group otherwise.
	var spawn *goroutine
	spawnIndex := -1
	for j, s := range loop.Body.List {
		gs, ok := s.(*ast.GoStmt)
		if !ok {
			if c.hasGoStmt(s) || c.mentions(s, key.root) {
				return false
			}
			continue
		}
		g := c.goroutineOf(gs)
		if g == nil || spawn != nil {
			return false
		}
		if dones := c.doneSites(g, key); len(dones) != 1 || c.enclosingLoop(dones[0].call, g.body) != nil {
			return false
		}
		spawn, spawnIndex = g, j
	}
	if spawn == nil {
		return false
	}
	if c.waitFor(key, add.owner) == nil {
		return false
	}

	var skip *ast.BranchStmt
	for j, s := range loop.Body.List {
		if j == spawnIndex {
			continue
		}
		b := c.loopExit(s, j < spawnIndex)
		if b != nil {
			skip = b
			break
		}
	}
	if skip == nil {
		return false
	}
	msg := fmt.Sprintf("%s counts every item of %s, but this %s skips the go statement for some, so %s.Wait never returns; call %s.Add(1) before the go statement instead",
		c.src(add.call), types.ExprString(lenArg), skip.Tok, c.src(add.recv), c.src(add.recv))
	c.report(skip.Pos(), skip.End(), "count-mismatch", msg,
		[]analysis.RelatedInformation{related(add.call, "the Add that counts every item"), related(spawn.stmt, "the go statement that the "+skip.Tok.String()+" skips")},
		c.fixesFor(add.owner, key, c.minimalLenCount(add, spawn)))
	return true
}

func lenOperand(info *types.Info, call *ast.CallExpr) ast.Expr {
	if len(call.Args) != 1 {
		return nil
	}
	inner, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr)
	if !ok || len(inner.Args) != 1 {
		return nil
	}
	id, ok := ast.Unparen(inner.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "len" {
		return nil
	}
	return inner.Args[0]
}

// loopExit returns an unlabeled continue (when beforeSpawn) or break in s
// that leaves the current iteration of the loop whose body contains s.
func (c *checker) loopExit(s ast.Stmt, beforeSpawn bool) *ast.BranchStmt {
	var found *ast.BranchStmt
	var visit func(n ast.Node, inLoop, inSwitch bool)
	visit = func(n ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found != nil || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if m != n {
					visit(m, true, inSwitch)
					return false
				}
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != n {
					visit(m, inLoop, true)
					return false
				}
			case *ast.BranchStmt:
				if m.Label != nil {
					return false
				}
				switch {
				case m.Tok == token.CONTINUE && !inLoop && beforeSpawn:
					found = m
				case m.Tok == token.BREAK && !inLoop && !inSwitch:
					found = m
				}
			}
			return true
		})
	}
	visit(s, false, false)
	return found
}

// checkSkippedSpawn reports an Add followed, in its block, by a go
// statement that counts the group, when some path from the Add bypasses
// the go statement without Done. Such a path is a return while the group
// lives on (a field, a parameter, or a deferred Wait), or a continue back
// to the Add.
func (c *checker) checkSkippedSpawn(add *wgCall, list []ast.Stmt, i int) {
	key := add.group
	spawn := c.nextSpawn(list[i+1:], key)
	if spawn == nil || c.undoneOnExit(add.owner, key) {
		return
	}

	graph := c.funcCFG(add.owner)
	if graph == nil {
		return
	}
	block, index := findNode(graph, add.stmt)
	if block == nil {
		return
	}
	stop := func(n ast.Node) bool {
		return n == spawn.stmt || n == add.stmt || c.mentionsGroup(n, key) || c.callsFuncValue(n)
	}
	end := c.exitPath(block, index+1, stop)
	if end == nil {
		return
	}

	wait := c.waitFor(key, add.owner)
	if wait == nil {
		return
	}
	var skip ast.Node
	if end == block {
		// Back to the Add: a continue or the loop's next iteration.
		for _, s := range list[i+1:] {
			if b := c.loopExit(s, true); b != nil && b.Tok == token.CONTINUE {
				skip = b
				break
			}
		}
	} else if ret := lastReturn(end); ret != nil && ret.Pos() > add.call.Pos() && ret.Pos() < spawn.stmt.Pos() {
		// Unless the group lives on, the return also skips the Wait,
		// which no one else can call.
		if !isLocal(key, add.owner) || c.hasDeferredWait(add.owner, key) {
			skip = ret
		}
	}
	if skip == nil {
		return
	}

	msg := fmt.Sprintf("%s counts a goroutine that this path never starts: it leaves before the go statement without %s.Done(), so %s.Wait in %s never returns; call %s just before the go statement",
		c.src(add.call), c.src(add.recv), c.src(wait.recv), c.funcName(wait.call), c.src(add.call))
	c.report(skip.Pos(), skip.End(), "count-mismatch", msg,
		[]analysis.RelatedInformation{related(add.call, "the Add"), related(spawn.stmt, "the go statement that the path skips"), related(wait.call, "the Wait that never returns")},
		c.fixesFor(add.owner, key, c.minimalMoveAdd(add, spawn)))
}

// nextSpawn returns the goroutine of the first go statement in list when
// it counts key, and nil when another statement starts a goroutine first.
func (c *checker) nextSpawn(list []ast.Stmt, key group) *goroutine {
	for _, s := range list {
		if gs, ok := s.(*ast.GoStmt); ok {
			if g := c.goroutineOf(gs); g != nil && c.counts(g, key) {
				return g
			}
			return nil
		}
		if c.hasGoStmt(s) {
			return nil
		}
	}
	return nil
}

// undoneOnExit reports whether fn defers a Done on key, or a call that may
// run one, which covers the paths that leave early.
func (c *checker) undoneOnExit(fn ast.Node, key group) bool {
	for _, wc := range c.callsOf(fn) {
		if wc.deferred && wc.group == key && isDecrement(c.pass.TypesInfo, wc) {
			return true
		}
	}
	return c.defersFuncValue(fn)
}

func (c *checker) hasDeferredWait(fn ast.Node, key group) bool {
	for _, wc := range c.callsOf(fn) {
		if wc.method == "Wait" && wc.deferred && wc.group == key {
			return true
		}
	}
	return false
}

// defersFuncValue reports whether fn defers a function literal or a call
// of a function value, either of which may call Done.
func (c *checker) defersFuncValue(fn ast.Node) bool {
	found := false
	ast.Inspect(funcBody(fn), func(m ast.Node) bool {
		if _, ok := m.(*ast.FuncLit); ok || found {
			return false
		}
		if d, ok := m.(*ast.DeferStmt); ok {
			if _, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok || c.callsFuncValue(d.Call) {
				found = true
			}
		}
		return !found
	})
	return found
}

// callsFuncValue reports whether n calls a function held in a variable,
// which may be a closure that calls Done.
func (c *checker) callsFuncValue(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		if call, ok := m.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if _, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
