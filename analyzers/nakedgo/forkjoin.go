package nakedgo

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/rewrite"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// forkJoin is a WaitGroup fork-join in one statement list that can be
// rewritten onto async.Run:
//
//	var wg sync.WaitGroup
//	for ... { wg.Add(1); go func() { defer wg.Done(); body }() }
//	wg.Wait()
//
// list[first:wait] is the region that moves into the scope's body; the
// statements after wait drain an error channel when errs is set.
type forkJoin struct {
	site    *spawn.Site
	list    []ast.Stmt
	first   int
	wait    int
	decl    ast.Stmt   // declaration of the WaitGroup, deleted
	adds    []ast.Stmt // wg.Add statements, deleted
	goStmts []*goRewrite
	errs    *errorChannel
	parents map[ast.Node]ast.Node

	removed []ast.Node // nodes whose uses of imports disappear
	fix     *analysis.SuggestedFix
}

// goRewrite is one go statement of a fork-join.
type goRewrite struct {
	stmt *ast.GoStmt
	lit  *ast.FuncLit
	done ast.Stmt // the Done statement, deleted
}

// errorChannel is a channel of errors that the goroutines send on and the
// parent drains after Wait:
//
//	errs := make(chan error, n)
//	... go func() { ...; errs <- err; return }() ...
//	wg.Wait()
//	close(errs)
//	for err := range errs { if err != nil { return err } }
type errorChannel struct {
	obj    types.Object
	make   ast.Stmt
	drain  *ast.RangeStmt
	last   int        // index in the list of the drain loop
	name   string     // the loop's variable
	handle []ast.Stmt // statements the drain runs for an error, ending in a return
	sends  []textEdit // each send becomes a return
	sent   map[ast.Stmt]bool
}

// planForkJoin returns the rewrite of the fork-join that site belongs to,
// or nil when the code around it does not have that exact shape or the
// rewrite could change what the code does.
func (rw *rewriter) planForkJoin(site *spawn.Site) *forkJoin {
	info := rw.pass.TypesInfo
	body := funcBody(site.Func)
	if body == nil || site.Wait == nil || !sameFunc(site, site.Wait) {
		return nil
	}
	if _, ok := site.Group.(*types.Var); !ok || site.Group.Pos() < body.Pos() || site.Group.Pos() >= body.End() {
		return nil
	}
	waitStmt := rw.statementOf(site.Wait)
	if waitStmt == nil {
		return nil
	}
	fj := &forkJoin{site: site, list: rewrite.EnclosingList(body, waitStmt), parents: parentMap(body)}
	fj.wait = indexOf(fj.list, waitStmt)
	if fj.wait < 0 {
		return nil
	}

	// The region starts at the first statement after the declaration that
	// mentions the group.
	fj.first = -1
	for i := 0; i < fj.wait; i++ {
		if mentions(info, fj.list[i], site.Group) {
			if fj.decl == nil && rewrite.Declares(info, fj.list[i], site.Group) {
				fj.decl = fj.list[i]
				continue
			}
			fj.first = i
			break
		}
	}
	if fj.decl == nil || fj.first < 0 {
		return nil
	}
	regionStart, regionEnd := fj.list[fj.first].Pos(), fj.list[fj.wait-1].End()
	inRegion := func(n ast.Node) bool { return regionStart <= n.Pos() && n.End() <= regionEnd }

	// Every use of the group is the declaration, an Add statement in the
	// region, a Done statement of a goroutine in the region, or the Wait.
	dones := make(map[*ast.FuncLit]ast.Stmt)
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !ok || !isIdent || info.Uses[id] != site.Group {
			return ok
		}
		switch {
		case fj.decl.Pos() <= id.Pos() && id.End() <= fj.decl.End():
		case waitStmt.Pos() <= id.Pos() && id.End() <= waitStmt.End():
		default:
			ok = rw.classifyGroupUse(fj, id, inRegion, dones)
		}
		return ok
	})
	if !ok {
		return nil
	}

	// Every go statement in the region is a counted function literal.
	for _, st := range fj.list[fj.first:fj.wait] {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.GoStmt:
				lit, isLit := n.Call.Fun.(*ast.FuncLit)
				if !isLit || dones[lit] == nil || lit.Type.Results != nil {
					ok = false
					return false
				}
				fj.goStmts = append(fj.goStmts, &goRewrite{stmt: n, lit: lit, done: dones[lit]})
				return false
			}
			return true
		})
	}
	if !ok || len(fj.goStmts) == 0 || !rw.regionMovable(fj, regionStart, regionEnd) {
		return nil
	}
	// A goroutine started inside a counted goroutine that uses the group
	// too, with its own Add and Done, stays a go statement: the group
	// cannot go away.
	if len(dones) != len(fj.goStmts) {
		return nil
	}
	converted := make(map[*ast.FuncLit]bool)
	for _, g := range fj.goStmts {
		converted[g.lit] = true
	}
	for _, add := range fj.adds {
		for n := fj.parents[add]; n != nil; n = fj.parents[n] {
			if lit, inLit := n.(*ast.FuncLit); inLit {
				if !converted[lit] {
					return nil
				}
				break
			}
		}
	}
	for _, g := range fj.goStmts {
		if len(g.lit.Type.Params.List) > 0 && !fj.inLoopBody(g.stmt) {
			return nil
		}
	}
	fj.errs = rw.findErrorChannel(fj, inRegion)
	fj.removed = []ast.Node{fj.decl}
	return fj
}

// span returns the source range that the rewrite edits, from the
// declaration of the group to the Wait or the drain loop.
func (fj *forkJoin) span() (token.Pos, token.Pos) {
	end := fj.list[fj.wait].End()
	if fj.errs != nil {
		end = fj.errs.drain.End()
	}
	start := fj.decl.Pos()
	if fj.errs != nil && fj.errs.make.Pos() < start {
		start = fj.errs.make.Pos()
	}
	return start, end
}

// overlaps reports whether the rewrites of fj and other edit overlapping
// source.
func (fj *forkJoin) overlaps(other *forkJoin) bool {
	start, end := fj.span()
	otherStart, otherEnd := other.span()
	return start < otherEnd && otherStart < end
}

// classifyGroupUse records a use of the group inside an Add statement of
// the region or inside the Done statement of a goroutine literal. It
// returns false for any other use.
func (rw *rewriter) classifyGroupUse(fj *forkJoin, id *ast.Ident, inRegion func(ast.Node) bool, dones map[*ast.FuncLit]ast.Stmt) bool {
	sel, ok := fj.parents[id].(*ast.SelectorExpr)
	if !ok {
		return false
	}
	call, ok := fj.parents[sel].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return false
	}
	switch sel.Sel.Name {
	case "Add":
		st, ok := fj.parents[call].(*ast.ExprStmt)
		if !ok || !inRegion(st) {
			return false
		}
		fj.adds = append(fj.adds, st)
		return true
	case "Done":
		for n := fj.parents[call]; n != nil; n = fj.parents[n] {
			lit, ok := n.(*ast.FuncLit)
			if !ok {
				continue
			}
			g, ok := fj.parents[lit].(*ast.CallExpr)
			if !ok || g.Fun != lit {
				return false
			}
			if _, ok := fj.parents[g].(*ast.GoStmt); !ok || !inRegion(g) {
				return false
			}
			done := doneStatement(lit, call)
			if done == nil || dones[lit] != nil {
				return false
			}
			dones[lit] = done
			return true
		}
	}
	return false
}

// regionMovable reports whether the statements of the region can move into
// a function literal unchanged: no return, defer or branch leaves them, and
// nothing they declare is used after them.
func (rw *rewriter) regionMovable(fj *forkJoin, start, end token.Pos) bool {
	info := rw.pass.TypesInfo
	ok := true
	var visit func(n ast.Node, loops, breakables int) bool
	visit = func(n ast.Node, loops, breakables int) bool {
		ast.Inspect(n, func(c ast.Node) bool {
			if !ok || c == nil || c == n {
				return ok
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt, *ast.DeferStmt:
				ok = false
			case *ast.BranchStmt:
				switch {
				case c.Label != nil || c.Tok == token.GOTO:
					if obj := info.Uses[c.Label]; obj == nil || obj.Pos() < start || obj.Pos() >= end {
						ok = false
					}
				case c.Tok == token.BREAK && breakables == 0, c.Tok == token.CONTINUE && loops == 0:
					ok = false
				}
			case *ast.ForStmt, *ast.RangeStmt:
				visit(c, loops+1, breakables+1)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				visit(c, loops, breakables+1)
				return false
			}
			return ok
		})
		return ok
	}
	for _, st := range fj.list[fj.first:fj.wait] {
		// visit skips its root, so wrap the statement: a loop at the top
		// of the region then counts for the branches inside it.
		if !visit(&ast.BlockStmt{List: []ast.Stmt{st}}, 0, 0) {
			return false
		}
		switch st.(type) {
		case *ast.ReturnStmt, *ast.DeferStmt, *ast.BranchStmt:
			return false
		}
	}

	// Names declared at the top of the region must not be used after it.
	declared := make(map[types.Object]bool)
	for _, st := range fj.list[fj.first:fj.wait] {
		ast.Inspect(st, func(n ast.Node) bool {
			if id, isIdent := n.(*ast.Ident); isIdent && info.Defs[id] != nil {
				declared[info.Defs[id]] = true
			}
			return true
		})
	}
	body := funcBody(fj.site.Func)
	ast.Inspect(body, func(n ast.Node) bool {
		if id, isIdent := n.(*ast.Ident); isIdent && declared[info.Uses[id]] && (id.Pos() < start || id.Pos() >= end) {
			ok = false
		}
		return ok
	})
	return ok
}

// inLoopBody reports whether st sits directly in the body of a for or
// range loop, where a declaration before it is made anew each iteration.
func (fj *forkJoin) inLoopBody(st ast.Stmt) bool {
	block, ok := fj.parents[st].(*ast.BlockStmt)
	if !ok {
		return false
	}
	switch fj.parents[block].(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		return true
	}
	return false
}

// findErrorChannel recognises an error channel that the goroutines send on
// and the parent drains after Wait, when each send can become a return.
func (rw *rewriter) findErrorChannel(fj *forkJoin, inRegion func(ast.Node) bool) *errorChannel {
	info := rw.pass.TypesInfo
	i := fj.wait + 1
	var closeStmt ast.Stmt
	var closed types.Object
	if i < len(fj.list) {
		if e, ok := fj.list[i].(*ast.ExprStmt); ok {
			if call, ok := e.X.(*ast.CallExpr); ok && len(call.Args) == 1 && isBuiltinCall(info, call, "close") {
				closeStmt, closed = e, spawn.ObjectOf(info, call.Args[0])
				i++
			}
		}
	}
	if i >= len(fj.list) {
		return nil
	}
	drain, ok := fj.list[i].(*ast.RangeStmt)
	if !ok || drain.Value != nil || drain.Tok != token.DEFINE {
		return nil
	}
	key, ok := drain.Key.(*ast.Ident)
	obj := spawn.ObjectOf(info, drain.X)
	if !ok || obj == nil || closeStmt != nil && closed != obj || !isErrorChan(info.TypeOf(drain.X)) {
		return nil
	}
	ec := &errorChannel{obj: obj, drain: drain, last: i, name: key.Name, handle: drain.Body.List, sent: make(map[ast.Stmt]bool)}
	if len(drain.Body.List) == 1 {
		if ifStmt, ok := drain.Body.List[0].(*ast.IfStmt); ok && ifStmt.Init == nil && ifStmt.Else == nil && isNotNil(info, ifStmt.Cond, key) {
			ec.handle = ifStmt.Body.List
		}
	}
	if len(ec.handle) == 0 || !isTerminating(ec.handle[len(ec.handle)-1]) {
		return nil
	}

	// The channel is made just for this: its other uses are the make
	// statement before the region and sends inside the goroutines.
	for j := 0; j < fj.first; j++ {
		if rewrite.Declares(info, fj.list[j], obj) {
			ec.make = fj.list[j]
		}
	}
	if ec.make == nil {
		return nil
	}
	ok = true
	ast.Inspect(funcBody(fj.site.Func), func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !ok || !isIdent || info.Uses[id] != obj {
			return ok
		}
		switch {
		case ec.make.Pos() <= id.Pos() && id.End() <= ec.make.End():
		case closeStmt != nil && closeStmt.Pos() <= id.Pos() && id.End() <= closeStmt.End():
		case drain.X.Pos() <= id.Pos() && id.End() <= drain.X.End():
		default:
			send, isSend := fj.parents[id].(*ast.SendStmt)
			if !isSend || send.Chan != id || !inRegion(send) {
				ok = false
				return false
			}
			edit, converted := rw.sendAsReturn(fj, send)
			if !converted {
				ok = false
				return false
			}
			ec.sends = append(ec.sends, edit)
			ec.sent[send] = true
		}
		return true
	})
	if !ok || len(ec.sends) == 0 {
		return nil
	}
	return ec
}

// sendAsReturn returns the edit that turns `errs <- err` in a goroutine
// into `return err`: the send must be followed by a bare return, or be the
// last thing the goroutine does.
func (rw *rewriter) sendAsReturn(fj *forkJoin, send *ast.SendStmt) (textEdit, bool) {
	value := fixes.Source(rw.pass, send.Value)
	list := rewrite.EnclosingList(fj.parents[send], send)
	i := indexOf(list, send)
	if i < 0 {
		return textEdit{}, false
	}
	if i+1 < len(list) {
		ret, isReturn := list[i+1].(*ast.ReturnStmt)
		if !isReturn || len(ret.Results) > 0 {
			return textEdit{}, false
		}
		return textEdit{Start: rw.offset(send.Pos()), End: rw.offset(ret.End()), Text: "return " + value}, true
	}
	if !fj.lastInGoroutine(send) {
		return textEdit{}, false
	}
	return textEdit{Start: rw.offset(send.Pos()), End: rw.offset(send.End()), Text: "return " + value}, true
}

// lastInGoroutine reports whether nothing in the goroutine's literal runs
// after st: st ends its block, and each enclosing block, if or switch ends
// its own, up to the literal's body.
func (fj *forkJoin) lastInGoroutine(st ast.Stmt) bool {
	var n ast.Node = st
	for {
		p := fj.parents[n]
		switch p := p.(type) {
		case *ast.BlockStmt:
			if lit, ok := fj.parents[p].(*ast.FuncLit); ok {
				return lastNonDone(p.List, fj.doneOf(lit)) == n
			}
			switch fj.parents[p].(type) {
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				// A clause of a switch: the switch itself must end.
			default:
				if len(p.List) == 0 || p.List[len(p.List)-1] != n {
					return false
				}
			}
		case *ast.CaseClause:
			if p.Body[len(p.Body)-1] != n {
				return false
			}
		case *ast.CommClause:
			if p.Body[len(p.Body)-1] != n {
				return false
			}
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.LabeledStmt:
		default:
			return false
		}
		n = p
	}
}

// doneOf returns the Done statement of the goroutine literal lit.
func (fj *forkJoin) doneOf(lit *ast.FuncLit) ast.Stmt {
	for _, g := range fj.goStmts {
		if g.lit == lit {
			return g.done
		}
	}
	return nil
}

// lastNonDone returns the last statement of list other than done.
func lastNonDone(list []ast.Stmt, done ast.Stmt) ast.Stmt {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] != done {
			return list[i]
		}
	}
	return nil
}

// render returns the edits of the rewrite, given the local names of the
// async and context packages.
func (fj *forkJoin) render(rw *rewriter, asyncName, contextName string) []analysis.TextEdit {
	info := rw.pass.TypesInfo
	first, lastRegion := fj.list[fj.first], fj.list[fj.wait-1]
	base := rw.indentOf(first.Pos())
	scopeName := rewrite.FreeName(&ast.BlockStmt{List: fj.list[fj.first:fj.wait]}, "s", "scope", "sc", "group")

	var inner []textEdit
	del := func(n ast.Node) {
		e := rewrite.DeleteLines(rw.pass, n)
		inner = append(inner, textEdit{Start: rw.offset(e.Pos), End: rw.offset(e.End)})
	}
	for _, add := range fj.adds {
		del(add)
	}
	replacedReturns := make(map[int]bool)
	if fj.errs != nil {
		for _, e := range fj.errs.sends {
			inner = append(inner, e)
			replacedReturns[e.End] = true
		}
	}
	bound := make(map[ast.Node]map[string]string) // per block: name := source already written
	for _, g := range fj.goStmts {
		goIndent := rw.indentOf(g.stmt.Pos())
		ctxParam := "ctx"
		if rewrite.UsesOtherContext(info, g.lit) {
			ctxParam = "_"
		}
		var bindings strings.Builder
		params := paramNames(g.lit)
		for i, name := range params {
			if name == "_" || i >= len(g.stmt.Call.Args) {
				continue
			}
			arg := g.stmt.Call.Args[i]
			if id, ok := arg.(*ast.Ident); ok && id.Name == name && fj.isLoopVar(info.Uses[id], g.stmt) && rw.fileAtLeast(fj.site.File, "go1.22") {
				continue // already a fresh variable each iteration
			}
			if block, ok := fj.parents[g.stmt].(*ast.BlockStmt); ok && info.Scopes[block] != nil && info.Scopes[block].Lookup(name) != nil {
				// The block of the go statement declares name already, so
				// name := arg would not compile. The same variable, never
				// assigned again, can be captured as it is.
				id, same := arg.(*ast.Ident)
				if !same || id.Name != name || assignedLater(info, block, g.stmt, info.Uses[id]) {
					return nil
				}
				continue
			}
			if !paramUsed(info, g.lit, i) {
				// An unused local would not compile; keep only the
				// argument's evaluation when it may have effects.
				if !isPlainOperand(arg) {
					bindings.WriteString("_ = " + fixes.Source(rw.pass, arg) + "\n" + goIndent)
				}
				continue
			}
			src := fixes.Source(rw.pass, arg)
			block := fj.parents[g.stmt]
			if prev, done := bound[block][name]; done {
				// An earlier go statement of this block bound the name.
				if prev != src {
					return nil
				}
				continue
			}
			if bound[block] == nil {
				bound[block] = make(map[string]string)
			}
			bound[block][name] = src
			bindings.WriteString(name + " := " + src + "\n" + goIndent)
		}
		inner = append(inner, textEdit{
			Start: rw.offset(g.stmt.Pos()),
			End:   rw.offset(g.lit.Body.Lbrace + 1),
			Text:  bindings.String() + scopeName + ".Go(func(" + ctxParam + " " + contextName + ".Context) error {",
		})
		del(g.done)
		ast.Inspect(g.lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) == 0 && !replacedReturns[rw.offset(n.End())] {
					inner = append(inner, textEdit{Start: rw.offset(n.Pos()), End: rw.offset(n.End()), Text: "return nil"})
				}
			}
			return true
		})
		closing := "})"
		last := lastNonDone(g.lit.Body.List, g.done)
		if last == nil || !isTerminating(last) && !fj.sendBecomesReturn(last) {
			closing = "\treturn nil\n" + goIndent + "})"
		}
		inner = append(inner, textEdit{Start: rw.offset(g.lit.Body.Rbrace), End: rw.offset(g.stmt.Call.End()), Text: closing})
	}

	tf := rw.pass.Fset.File(first.Pos())
	regionStart := tf.LineStart(tf.Line(first.Pos()))
	region, ok := rw.rebuild(regionStart, lastRegion.End(), inner)
	if !ok {
		return nil
	}
	region = rewrite.IndentLines(region)

	ctxExpr := rewrite.ContextInScope(rw.pass, first.Pos())
	if ctxExpr == "" {
		ctxExpr = contextName + ".Background()"
	}
	run := asyncName + ".Run(" + ctxExpr + ", func(" + scopeName + " *" + asyncName + ".Scope) error {\n" +
		region + "\n" + base + "\treturn nil\n" + base + "})"

	var text string
	end := fj.list[fj.wait].End()
	if fj.errs == nil {
		text = base + "_ = " + run
	} else {
		handleStart := tf.LineStart(tf.Line(fj.errs.handle[0].Pos()))
		handle, _ := rw.rebuild(handleStart, fj.errs.handle[len(fj.errs.handle)-1].End(), nil)
		text = base + "if " + fj.errs.name + " := " + run + "; " + fj.errs.name + " != nil {\n" + handle + "\n" + base + "}"
		end = fj.errs.drain.End()
	}
	edits := []analysis.TextEdit{
		{Pos: regionStart, End: end, NewText: []byte(text)},
		rewrite.DeleteLines(rw.pass, fj.decl),
	}
	if fj.errs != nil {
		edits = append(edits, rewrite.DeleteLines(rw.pass, fj.errs.make))
	}
	return edits
}

// sendBecomesReturn reports whether st is a send on the error channel that
// the rewrite turns into a return.
func (fj *forkJoin) sendBecomesReturn(st ast.Stmt) bool {
	return fj.errs != nil && fj.errs.sent[st]
}

// assignedLater reports whether a statement of block after st assigns obj
// or takes its address.
func assignedLater(info *types.Info, block *ast.BlockStmt, st ast.Stmt, obj types.Object) bool {
	found := false
	for _, later := range block.List {
		if later.Pos() <= st.Pos() {
			continue
		}
		ast.Inspect(later, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(id) == obj {
						found = true
					}
				}
			case *ast.IncDecStmt:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.ObjectOf(id) == obj {
					found = true
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == obj {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// isLoopVar reports whether obj is declared by the header of a loop around
// st in the same function: from Go 1.22 on, each round has its own copy.
func (fj *forkJoin) isLoopVar(obj types.Object, st ast.Stmt) bool {
	if obj == nil {
		return false
	}
	for n := fj.parents[st]; n != nil; n = fj.parents[n] {
		switch loop := n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt:
			if loop.Init != nil && loop.Init.Pos() <= obj.Pos() && obj.Pos() < loop.Init.End() {
				return true
			}
		case *ast.RangeStmt:
			if loop.Tok == token.DEFINE && (loop.Key != nil && loop.Key.Pos() == obj.Pos() || loop.Value != nil && loop.Value.Pos() == obj.Pos()) {
				return true
			}
		}
	}
	return false
}

// paramUsed reports whether the i-th parameter of lit is used in its body.
func paramUsed(info *types.Info, lit *ast.FuncLit, i int) bool {
	var param types.Object
	for _, field := range lit.Type.Params.List {
		for _, n := range field.Names {
			if i == 0 {
				param = info.Defs[n]
			}
			i--
		}
		if len(field.Names) == 0 {
			i--
		}
	}
	if param == nil {
		return false
	}
	return mentions(info, lit.Body, param)
}

// isPlainOperand reports whether evaluating e has no effects: a name, a
// literal, or a field of one.
func isPlainOperand(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return isPlainOperand(e.X)
	}
	return false
}

func paramNames(lit *ast.FuncLit) []string {
	var names []string
	for _, field := range lit.Type.Params.List {
		if len(field.Names) == 0 {
			names = append(names, "_")
		}
		for _, n := range field.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

// mentions reports whether n refers to obj.
func mentions(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if id, ok := c.(*ast.Ident); ok && (info.Uses[id] == obj || info.Defs[id] == obj) {
			found = true
		}
		return !found
	})
	return found
}

func isBuiltinCall(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

func isErrorChan(t types.Type) bool {
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	return ok && types.Identical(ch.Elem(), types.Universe.Lookup("error").Type())
}

// isNotNil reports whether cond is `v != nil` for the variable v.
func isNotNil(info *types.Info, cond ast.Expr, v *ast.Ident) bool {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ {
		return false
	}
	x, ok := bin.X.(*ast.Ident)
	if !ok || info.Uses[x] != info.Defs[v] {
		return false
	}
	y, ok := bin.Y.(*ast.Ident)
	return ok && y.Name == "nil"
}

func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

func indexOf(list []ast.Stmt, st ast.Stmt) int {
	for i, s := range list {
		if s == st {
			return i
		}
	}
	return -1
}

// parentMap maps every node under root to its parent.
func parentMap(root ast.Node) map[ast.Node]ast.Node {
	parents := make(map[ast.Node]ast.Node)
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return parents
}
