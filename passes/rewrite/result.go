// Package rewrite builds rewrites onto package async that more than one
// analyzer offers as suggested fixes.
package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// AwaitResult returns the rewrite onto package async of a goroutine that
// computes one value and sends it on a channel, while the
// parent waits for the value in a select that gives up on a timer or on
// a context:
//
//	ch := make(chan T)
//	go func() { ...; ch <- f() }()
//	select {
//	case v := <-ch:
//		A
//	case <-time.After(d): // or case <-ctx.Done():
//		B
//	}
//
// With time.After the select becomes an if statement on the result of
// async.Timeout, which runs the work with a context that is cancelled
// when d passes. With ctx.Done the work runs in async.Spawn inside
// async.Run on ctx, and the parent waits with Await(ctx). The work gets
// the context as a parameter and returns its value with the context's
// error. A runs when the value arrives in time and B runs otherwise.
// Both forms wait for the work to return before B runs, so the parent
// returns only when the work has noticed its context end or finished.
//
// g is the go statement, body the body of the function that contains it,
// file its file and ch the channel variable. AwaitResult returns nil for
// any other shape. So it does when the goroutine sends more than once or
// not as its last statement, returns early, takes arguments, reads a
// variable that the parent assigns after the go statement or uses a
// context other than the one the rewrite cancels, and when the channel
// is used anywhere else.
func AwaitResult(pass *analysis.Pass, file *ast.File, body *ast.BlockStmt, g *ast.GoStmt, ch types.Object) *analysis.SuggestedFix {
	m, ok := matchResult(pass, body, g, ch)
	if !ok {
		return nil
	}
	e := editor{pass: pass}
	info := pass.TypesInfo

	chanType, ok := info.TypeOf(m.send.Chan).Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	elem, ok := e.typeString(file, chanType.Elem())
	if !ok {
		return nil
	}
	value := "_"
	if assign, ok := m.recv.Comm.(*ast.AssignStmt); ok {
		if assign.Tok != token.DEFINE || len(assign.Lhs) != 1 {
			return nil
		}
		id, ok := assign.Lhs[0].(*ast.Ident)
		if !ok {
			return nil
		}
		value = id.Name
	}
	errName := FreeName(&ast.BlockStmt{List: []ast.Stmt{g, m.sel}}, "err", "waitErr", "asyncErr")
	if errName == "" {
		return nil
	}
	ctxParam := "ctx"
	if UsesOtherContext(info, m.lit) {
		ctxParam = FreeName(m.lit, "workCtx", "taskCtx")
		if ctxParam == "" {
			return nil
		}
	}

	im := addAsyncImports(pass, file)
	if !im.usableAt(pass, g.Pos()) {
		return nil
	}
	contextName, asyncName := im.context, im.async

	// The rewrite derives the work's context from the context in scope
	// for a timer, or from the one whose Done case the select has.
	var ctxExpr string
	var parentObj types.Object
	if m.deadline != nil {
		ctxExpr = e.contextInScope(g.Pos())
		parentObj = lookup(pass, g.Pos(), ctxExpr)
	} else {
		id, ok := ast.Unparen(m.ctx).(*ast.Ident)
		if !ok {
			return nil
		}
		ctxExpr, parentObj = id.Name, info.Uses[id]
	}
	if watchesOtherContext(info, m.lit, parentObj) {
		return nil
	}

	// The goroutine's statements stay as they are, but its uses of the
	// parent's context become uses of the work's context, so the work
	// ends when the rewrite cancels it. The final send becomes the return
	// of the work, with the error of its context, so a value computed
	// after the parent would have given up leads to the timeout or
	// cancellation branch, as in the select.
	var ctxEdits, valueEdits []Edit
	if parentObj != nil {
		ast.Inspect(m.lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.Uses[id] == parentObj && id.Name != ctxParam {
				ed := Edit{Start: e.offset(id.Pos()), End: e.offset(id.End()), Text: ctxParam}
				if m.send.Value.Pos() <= id.Pos() && id.End() <= m.send.Value.End() {
					valueEdits = append(valueEdits, ed)
				} else {
					ctxEdits = append(ctxEdits, ed)
				}
			}
			return true
		})
	}
	sent, ok := e.rebuild(m.send.Value.Pos(), m.send.Value.End(), valueEdits)
	if !ok {
		return nil
	}
	work, ok := e.rebuild(m.lit.Body.Lbrace+1, m.lit.Body.Rbrace, append(ctxEdits, Edit{
		Start: e.offset(m.send.Pos()),
		End:   e.offset(m.send.End()),
		Text:  "return " + sent + ", " + ctxParam + ".Err()",
	}))
	if !ok {
		return nil
	}
	workFunc := "func(" + ctxParam + " " + contextName + ".Context) (" + elem + ", error) {" + work + "}"
	base := e.indentOf(g.Pos())

	var text, message string
	if m.deadline != nil {
		if ctxExpr == "" {
			ctxExpr = contextName + ".Background()"
		}
		text = base + "if " + value + ", " + errName + " := " + asyncName + ".Timeout(" + ctxExpr + ", " +
			fixes.Source(pass, m.deadline) + ", " + workFunc + "); " + errName + " == nil {\n"
		message = "Wait for the result with async.Timeout, which cancels the work's context when the time is up and waits for the work to return"
	} else {
		names := freeNames(body, []string{"s", "scope"}, []string{"task", "resultTask"})
		if names == nil {
			return nil
		}
		scope, task := names[0], names[1]
		if value != "_" {
			if !onlyInside(body, value, m.recv) {
				return nil
			}
			text = base + "var " + value + " " + elem + "\n"
		}
		inner := base + "\t"
		text += base + "if " + errName + " := " + asyncName + ".Run(" + ctxExpr + ", func(" + scope + " *" + asyncName + ".Scope) error {\n" +
			inner + task + " := " + asyncName + ".Spawn(" + scope + ", " + IndentLines(workFunc)[1:] + ")\n" +
			inner + "var " + errName + " error\n" +
			inner + value + ", " + errName + " = " + task + ".Await(" + ctxExpr + ")\n" +
			inner + "return " + errName + "\n" +
			base + "}); " + errName + " == nil {\n"
		message = "Run the work with async.Spawn in async.Run and wait with Await, which cancels the work's context when " +
			ctxExpr + " ends and waits for the work to return"
	}
	text += e.clauseText(m.recv) + base + "}"
	if len(m.other.Body) > 0 {
		text += " else {\n" + e.clauseText(m.other) + base + "}"
	}

	tf := pass.Fset.File(g.Pos())
	edits := []analysis.TextEdit{
		{Pos: tf.LineStart(tf.Line(g.Pos())), End: m.sel.End(), NewText: []byte(text)},
		e.deleteLines(m.makeStmt),
	}
	edits = append(edits, im.edits...)
	if m.deadline != nil {
		timeAfter := ast.Unparen(spawn.ReceivedChannel(m.other.Comm)).(*ast.CallExpr).Fun
		edits = append(edits, e.removeUnusedImport(file, "time", []ast.Node{timeAfter})...)
	}
	return &analysis.SuggestedFix{Message: message, TextEdits: MergeInsertions(edits)}
}

// resultMatch is the code that AwaitResult rewrites.
type resultMatch struct {
	lit      *ast.FuncLit
	send     *ast.SendStmt
	makeStmt ast.Stmt
	sel      *ast.SelectStmt
	recv     *ast.CommClause
	other    *ast.CommClause // the timer or context case
	deadline ast.Expr        // d of time.After(d), or nil
	ctx      ast.Expr        // ctx of ctx.Done(), or nil
}

// matchResult matches the shape that AwaitResult documents.
func matchResult(pass *analysis.Pass, body *ast.BlockStmt, g *ast.GoStmt, ch types.Object) (*resultMatch, bool) {
	info := pass.TypesInfo
	lit, ok := g.Call.Fun.(*ast.FuncLit)
	if !ok || body == nil || ch == nil || len(lit.Type.Params.List) > 0 || lit.Type.Results != nil || len(lit.Body.List) == 0 {
		return nil, false
	}
	send, ok := lit.Body.List[len(lit.Body.List)-1].(*ast.SendStmt)
	if !ok || spawn.ObjectOf(info, send.Chan) != ch || containsReturn(lit.Body) {
		return nil, false
	}

	list := EnclosingList(body, g)
	i := indexOf(list, g)
	if i < 0 || i+1 >= len(list) {
		return nil, false
	}
	sel, ok := list[i+1].(*ast.SelectStmt)
	if !ok {
		return nil, false
	}
	m := &resultMatch{lit: lit, send: send, sel: sel}
	if !m.matchSelect(info, ch) {
		return nil, false
	}
	for j := 0; j < i; j++ {
		if Declares(info, list[j], ch) {
			m.makeStmt = list[j]
		}
	}
	if m.makeStmt == nil || !isMakeChan(info, m.makeStmt) {
		return nil, false
	}
	if !onlyUses(info, body, ch, m.makeStmt, send.Chan, spawn.ReceivedChannel(m.recv.Comm)) {
		return nil, false
	}
	if breaksOut(m.recv.Body) || breaksOut(m.other.Body) || assignedAfter(info, body, lit, g.End()) {
		return nil, false
	}
	return m, true
}

// matchSelect matches a select with exactly a receive from ch and a
// `<-time.After(d)` or `<-ctx.Done()` case.
func (m *resultMatch) matchSelect(info *types.Info, ch types.Object) bool {
	if len(m.sel.Body.List) != 2 {
		return false
	}
	for _, st := range m.sel.Body.List {
		clause := st.(*ast.CommClause)
		c := spawn.ReceivedChannel(clause.Comm)
		if c == nil {
			return false
		}
		if spawn.ObjectOf(info, c) == ch {
			m.recv = clause
			continue
		}
		call, ok := ast.Unparen(c).(*ast.CallExpr)
		if _, isExpr := clause.Comm.(*ast.ExprStmt); !ok || !isExpr {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return false
		}
		switch {
		case fn.Pkg().Path() == "time" && fn.Name() == "After" && len(call.Args) == 1:
			m.deadline = call.Args[0]
		case fn.Name() == "Done" && len(call.Args) == 0:
			recv, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !isPlainOperand(recv.X) || !spawn.IsContext(info.TypeOf(recv.X)) {
				return false
			}
			m.ctx = recv.X
		default:
			return false
		}
		m.other = clause
	}
	return m.recv != nil && m.other != nil
}

// watchesOtherContext reports whether lit uses a context.Context variable
// declared outside lit other than parent. Such work would not end when the
// rewrite cancels the context derived from parent, so the parent, which
// joins the work, could wait for it forever.
func watchesOtherContext(info *types.Info, lit *ast.FuncLit, parent types.Object) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return !found
		}
		if v, ok := info.Uses[id].(*types.Var); ok && v != parent && v.Pos() < lit.Pos() && spawn.IsContext(v.Type()) {
			found = true
		}
		return !found
	})
	return found
}

// lookup returns the object that name denotes at pos, or nil.
func lookup(pass *analysis.Pass, pos token.Pos, name string) types.Object {
	if name == "" {
		return nil
	}
	scope := pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}
