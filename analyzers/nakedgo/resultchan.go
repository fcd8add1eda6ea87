package nakedgo

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// timeoutRewrite returns the rewrite onto async.Timeout of a goroutine that
// sends one result that the parent waits for with a deadline:
//
//	ch := make(chan T)
//	go func() { ...; ch <- f() }()
//	select {
//	case v := <-ch:
//		A
//	case <-time.After(d):
//		B
//	}
//
// becomes an if statement on the result of async.Timeout, which cancels the
// work and waits for it when d passes. It returns nil for any other shape.
func (rw *rewriter) timeoutRewrite(site *spawn.Site) *analysis.SuggestedFix {
	info := rw.pass.TypesInfo
	lit, ok := site.Go.Call.Fun.(*ast.FuncLit)
	body := funcBody(site.Func)
	if !ok || body == nil || len(lit.Type.Params.List) > 0 || len(lit.Body.List) == 0 {
		return nil
	}
	send, ok := lit.Body.List[len(lit.Body.List)-1].(*ast.SendStmt)
	if !ok || spawn.ObjectOf(info, send.Chan) != site.Chan || containsReturn(lit.Body) {
		return nil
	}

	list := enclosingList(body, site.Go)
	g := indexOf(list, site.Go)
	if g < 0 || g+1 >= len(list) {
		return nil
	}
	sel, ok := list[g+1].(*ast.SelectStmt)
	if !ok {
		return nil
	}
	recv, timeout, deadline := rw.timeoutSelect(sel, site.Chan)
	if recv == nil {
		return nil
	}
	makeIdx := -1
	for i := 0; i < g; i++ {
		if declares(info, list[i], site.Chan) {
			makeIdx = i
		}
	}
	if makeIdx < 0 || !onlyUses(info, body, site.Chan, list[makeIdx], send.Chan, spawn.ReceivedChannel(recv.Comm)) {
		return nil
	}
	if breaksOut(recv.Body) || breaksOut(timeout.Body) {
		return nil
	}

	chanType, ok := info.TypeOf(send.Chan).Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	elem, ok := rw.typeString(site.File, chanType.Elem())
	if !ok {
		return nil
	}
	value := "_"
	if assign, ok := recv.Comm.(*ast.AssignStmt); ok {
		if assign.Tok != token.DEFINE || len(assign.Lhs) != 1 {
			return nil
		}
		value = assign.Lhs[0].(*ast.Ident).Name
	}

	asyncName, asyncEdits := fixes.AddImport(rw.pass, site.File, fixes.AsyncPath, "async")
	contextName, contextEdits := fixes.AddImport(rw.pass, site.File, "context", "context")
	ctxExpr := rw.contextInScope(site.Go.Pos())
	if ctxExpr == "" {
		ctxExpr = contextName + ".Background()"
	}
	ctxParam := "ctx"
	if usesOtherCtx(info, lit) {
		ctxParam = "_"
	}
	errName := rw.freeName(&ast.BlockStmt{List: []ast.Stmt{site.Go, sel}}, "err", "timeoutErr", "waitErr")
	if errName == "" {
		return nil
	}

	// The goroutine's statements stay as they are; its final send becomes
	// the literal's return.
	base := rw.indentOf(site.Go.Pos())
	tf := rw.pass.Fset.File(site.Go.Pos())
	work, ok := rw.rebuild(lit.Body.Lbrace+1, lit.Body.Rbrace, []textEdit{{
		start: rw.offset(send.Pos()),
		end:   rw.offset(send.End()),
		text:  "return " + fixes.Source(rw.pass, send.Value) + ", nil",
	}})
	if !ok {
		return nil
	}
	text := base + "if " + value + ", " + errName + " := " + asyncName + ".Timeout(" + ctxExpr + ", " + fixes.Source(rw.pass, deadline) +
		", func(" + ctxParam + " " + contextName + ".Context) (" + elem + ", error) {" + work + "}); " + errName + " == nil {\n" +
		rw.clauseText(recv) + base + "}"
	if len(timeout.Body) > 0 {
		text += " else {\n" + rw.clauseText(timeout) + base + "}"
	}

	edits := []analysis.TextEdit{
		{Pos: tf.LineStart(tf.Line(site.Go.Pos())), End: sel.End(), NewText: []byte(text)},
		rw.deleteLines(list[makeIdx]),
	}
	edits = append(edits, asyncEdits...)
	edits = append(edits, contextEdits...)
	timeAfter := ast.Unparen(spawn.ReceivedChannel(timeout.Comm)).(*ast.CallExpr).Fun
	edits = append(edits, rw.removeUnusedImport(site.File, "time", []ast.Node{timeAfter})...)
	return &analysis.SuggestedFix{
		Message:   "Wait for the result with async.Timeout, which cancels and joins the work when the time is up",
		TextEdits: mergeInsertions(edits),
	}
}

// timeoutSelect matches a select with exactly a receive from ch and a
// `<-time.After(d)` case, and returns both clauses and d.
func (rw *rewriter) timeoutSelect(sel *ast.SelectStmt, ch types.Object) (recv, timeout *ast.CommClause, deadline ast.Expr) {
	info := rw.pass.TypesInfo
	if len(sel.Body.List) != 2 {
		return nil, nil, nil
	}
	for _, st := range sel.Body.List {
		clause := st.(*ast.CommClause)
		c := spawn.ReceivedChannel(clause.Comm)
		if c == nil {
			return nil, nil, nil
		}
		if spawn.ObjectOf(info, c) == ch {
			recv = clause
			continue
		}
		call, ok := ast.Unparen(c).(*ast.CallExpr)
		if _, isExpr := clause.Comm.(*ast.ExprStmt); !ok || !isExpr || len(call.Args) != 1 {
			return nil, nil, nil
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Name() != "After" {
			return nil, nil, nil
		}
		timeout, deadline = clause, call.Args[0]
	}
	if recv == nil || timeout == nil {
		return nil, nil, nil
	}
	return recv, timeout, deadline
}

// clauseText returns the statements of a select clause, one per line as
// written, ending in a newline, or "" when the clause is empty.
func (rw *rewriter) clauseText(clause *ast.CommClause) string {
	if len(clause.Body) == 0 {
		return ""
	}
	tf := rw.pass.Fset.File(clause.Pos())
	first := clause.Body[0]
	text, _ := rw.rebuild(tf.LineStart(tf.Line(first.Pos())), clause.Body[len(clause.Body)-1].End(), nil)
	return text + "\n"
}

// typeString prints t as file can name it, or reports false when file
// does not import a package that t needs.
func (rw *rewriter) typeString(file *ast.File, t types.Type) (string, bool) {
	ok := true
	s := types.TypeString(t, func(p *types.Package) string {
		if p == rw.pass.Pkg {
			return ""
		}
		for _, spec := range file.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			if path != p.Path() {
				continue
			}
			if spec.Name != nil {
				return spec.Name.Name
			}
			return p.Name()
		}
		ok = false
		return p.Name()
	})
	return s, ok
}

// bufferChannel returns the minimal repair of a result channel that one
// goroutine sends on once: `make(chan T)` becomes `make(chan T, 1)`, so the
// send completes even when the parent stops waiting.
func (rw *rewriter) bufferChannel(site *spawn.Site) *analysis.SuggestedFix {
	info := rw.pass.TypesInfo
	lit, ok := site.Go.Call.Fun.(*ast.FuncLit)
	body := funcBody(site.Func)
	if !ok || body == nil {
		return nil
	}

	// One send, outside any loop, by the only goroutine on the channel.
	sends := 0
	inLoop := false
	var visit func(n ast.Node, loop bool)
	visit = func(n ast.Node, loop bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch c := c.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				if c != n {
					visit(c, true)
					return false
				}
			case *ast.SendStmt:
				if spawn.ObjectOf(info, c.Chan) == site.Chan {
					sends++
					inLoop = inLoop || loop
				}
			}
			return true
		})
	}
	visit(lit.Body, false)
	if sends != 1 || inLoop || rw.inLoop(site) {
		return nil
	}
	// With a second goroutine sending on the channel, one slot would still
	// leave a sender blocked.
	for _, other := range rw.sites[site.File] {
		if other != site && other.Chan == site.Chan {
			return nil
		}
	}

	var mk *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		assign, ok := n.(*ast.AssignStmt)
		if !ok || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
			return true
		}
		if id, ok := assign.Lhs[0].(*ast.Ident); ok && info.Defs[id] == site.Chan {
			if call, ok := assign.Rhs[0].(*ast.CallExpr); ok && len(call.Args) == 1 && isBuiltinCall(info, call, "make") {
				mk = call
			}
		}
		return mk == nil
	})
	if mk == nil {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   "Give channel " + site.Chan.Name() + " a buffer of one so that the send never blocks",
		TextEdits: []analysis.TextEdit{{Pos: mk.Args[0].End(), End: mk.Args[0].End(), NewText: []byte(", 1")}},
	}
}

// inLoop reports whether the go statement of site runs in a loop of the
// function that contains it.
func (rw *rewriter) inLoop(site *spawn.Site) bool {
	found := false
	ast.Inspect(funcBody(site.Func), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= site.Go.Pos() && site.Go.End() <= n.End() {
				found = true
			}
		}
		return !found
	})
	return found
}

// onlyUses reports whether every reference to obj in body lies in one of
// nodes.
func onlyUses(info *types.Info, body ast.Node, obj types.Object, nodes ...ast.Node) bool {
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !ok || !isIdent || info.Uses[id] != obj && info.Defs[id] != obj {
			return ok
		}
		inside := false
		for _, node := range nodes {
			if node != nil && node.Pos() <= id.Pos() && id.End() <= node.End() {
				inside = true
			}
		}
		ok = inside
		return ok
	})
	return ok
}

// containsReturn reports whether body returns, outside nested literals.
func containsReturn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// breaksOut reports whether stmts contain a break or continue that would
// leave a statement around them, which moving them out of a select
// changes.
func breaksOut(stmts []ast.Stmt) bool {
	found := false
	var visit func(n ast.Node, loops, breakables int)
	visit = func(n ast.Node, loops, breakables int) {
		ast.Inspect(n, func(c ast.Node) bool {
			if found || c == nil || c == n {
				return !found
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if c.Tok == token.BREAK && c.Label == nil && breakables == 0 {
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt:
				visit(c, loops+1, breakables+1)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				visit(c, loops, breakables+1)
				return false
			}
			return true
		})
	}
	for _, st := range stmts {
		if b, ok := st.(*ast.BranchStmt); ok && b.Tok == token.BREAK && b.Label == nil {
			return true
		}
		visit(st, 0, 0)
	}
	return found
}
