package ctxdone

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// checkSelects reports selects that wait without a ctx.Done() case, and
// ctx.Done() cases that do not leave the loop around them.
func (c *checker) checkSelects() {
	for cur := range c.inspect.Root().Preorder((*ast.SelectStmt)(nil)) {
		sel := cur.Node().(*ast.SelectStmt)
		ctx := c.contextAt(sel.Pos())
		if ctx == nil {
			continue
		}
		fn, ok := enclosingFunc(cur)
		if !ok {
			continue
		}
		c.checkSelectWaits(sel, fn, ctx)
		c.checkDoneCases(cur, sel, fn, ctx)
	}
}

// checkSelectWaits reports sel when it has cases, no default, and no case
// that can end the wait: no Done channel, stop channel or timer.
func (c *checker) checkSelectWaits(sel *ast.SelectStmt, fn funcInfo, ctx *contextVar) {
	var waits []string
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok {
			return
		}
		if cc.Comm == nil {
			return // default: the select does not block
		}
		ch, recv := commChannel(cc.Comm)
		if ch == nil {
			return
		}
		if recv && (c.isStopSignal(ch) || c.fedByContextGoroutine(fn.node, ch)) {
			return
		}
		waits = append(waits, c.shortSource(ch))
	}
	if len(waits) == 0 {
		return // select {} is left to other checks
	}

	msg := "select in " + fn.name() + " waits on " + joinNames(waits) +
		" but never on " + ctx.name() + ".Done(): it blocks after " + ctx.name() + " is cancelled"
	c.report(sel, "select-no-done", ctx, msg, c.selectFixes(sel, fn, ctx))
}

// fedByContextGoroutine reports whether fn starts a goroutine that uses
// the context and sends on the local channel ch. Such a goroutine usually
// sends its result or error once the context is cancelled, so a receive
// from ch does not outlast the context.
func (c *checker) fedByContextGoroutine(fn ast.Node, ch ast.Expr) bool {
	id, ok := ast.Unparen(ch).(*ast.Ident)
	if !ok {
		return false
	}
	obj := c.pass.TypesInfo.Uses[id]
	if obj == nil {
		return false
	}
	found := false
	ast.Inspect(funcBody(fn), func(n ast.Node) bool {
		g, ok := n.(*ast.GoStmt)
		if !ok || found {
			return !found
		}
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok || !c.seesContext(g.Call) {
			return false
		}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if send, ok := n.(*ast.SendStmt); ok && c.channelObject(send.Chan) == obj {
				found = true
			}
			return !found
		})
		return false
	})
	return found
}

// selectFixes returns the fix that adds a ctx.Done() case to sel.
func (c *checker) selectFixes(sel *ast.SelectStmt, fn funcInfo, ctx *contextVar) []analysis.SuggestedFix {
	file := c.nodeFile(sel.Pos())
	if file == nil || !c.contextUsableAt(ctx, sel.Body.Rbrace) {
		return nil
	}
	ret, ok := c.newReturnBuilder(fn.node, file)
	if !ok {
		return nil
	}
	indent := c.lineIndent(sel.Pos())
	minimal := &analysis.SuggestedFix{
		Message: "Add a case that returns when " + ctx.name() + " is cancelled",
		TextEdits: []analysis.TextEdit{{
			Pos:     sel.Body.Rbrace,
			End:     sel.Body.Rbrace,
			NewText: []byte(doneCase(ctx.name(), ret, indent) + indent),
		}},
	}
	return orderFixes(nil, minimal)
}

// checkDoneCases reports a case receiving from ctx.Done() whose body is
// empty or a lone break, in a select that is a statement of a loop body,
// when nothing else in the loop uses the context. After cancellation the
// loop goes on, and spins, because the Done case is always ready.
func (c *checker) checkDoneCases(cur inspector.Cursor, sel *ast.SelectStmt, fn funcInfo, ctx *contextVar) {
	var doneCase *ast.CommClause
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			continue
		}
		ch, recv := commChannel(cc.Comm)
		if recv && ch != nil && c.isStrictDone(ch) && !assignsValue(cc.Comm) {
			doneCase = cc
			break
		}
	}
	if doneCase == nil || !staysInLoop(doneCase.Body) {
		return
	}

	loop, body := loopAround(cur)
	if loop == nil {
		return
	}
	// Anything else in the loop that uses the context may be the exit.
	if c.loopSeesContextOutside(loop, body, doneCase) {
		return
	}

	how := "has an empty body"
	if len(doneCase.Body) == 1 {
		how = "only breaks out of the select"
	}
	msg := "the " + ctx.name() + ".Done() case in " + fn.name() + " " + how +
		": the loop around it goes on after " + ctx.name() + " is cancelled"
	c.report(doneCase, "done-no-exit", ctx, msg, c.doneCaseFixes(doneCase, fn, ctx))
}

// doneCaseFixes returns the fix that makes the done case return.
func (c *checker) doneCaseFixes(cc *ast.CommClause, fn funcInfo, ctx *contextVar) []analysis.SuggestedFix {
	file := c.nodeFile(cc.Pos())
	if file == nil || !c.contextUsableAt(ctx, cc.Colon) {
		return nil
	}
	ret, ok := c.newReturnBuilder(fn.node, file)
	if !ok {
		return nil
	}
	stmt := ret.stmt(ctx.name() + ".Err()")
	var edit analysis.TextEdit
	if len(cc.Body) == 0 {
		indent := c.lineIndent(cc.Pos())
		at := c.afterLineComment(cc.Colon + 1)
		edit = analysis.TextEdit{Pos: at, End: at, NewText: []byte("\n" + indent + "\t" + stmt)}
	} else {
		edit = analysis.TextEdit{Pos: cc.Body[0].Pos(), End: cc.Body[0].End(), NewText: []byte(stmt)}
	}
	minimal := &analysis.SuggestedFix{
		Message:   "Return when " + ctx.name() + " is cancelled",
		TextEdits: []analysis.TextEdit{edit},
	}
	return orderFixes(nil, minimal)
}

// staysInLoop reports whether a case body does not leave the loop around
// its select: it is empty or a lone unlabelled break.
func staysInLoop(body []ast.Stmt) bool {
	switch len(body) {
	case 0:
		return true
	case 1:
		br, ok := body[0].(*ast.BranchStmt)
		return ok && br.Tok == token.BREAK && br.Label == nil
	}
	return false
}

// loopAround returns the for or range statement whose body lists the
// statement at cur directly, and that body.
func loopAround(cur inspector.Cursor) (ast.Stmt, *ast.BlockStmt) {
	block, ok := cur.Parent().Node().(*ast.BlockStmt)
	if !ok {
		return nil, nil
	}
	switch loop := cur.Parent().Parent().Node().(type) {
	case *ast.ForStmt:
		if loop.Body == block {
			return loop, block
		}
	case *ast.RangeStmt:
		if loop.Body == block {
			return loop, block
		}
	}
	return nil, nil
}

// loopSeesContextOutside reports whether loop uses the context anywhere
// but in the channel of the done case.
func (c *checker) loopSeesContextOutside(loop ast.Stmt, body *ast.BlockStmt, done *ast.CommClause) bool {
	switch loop := loop.(type) {
	case *ast.ForStmt:
		for _, n := range []ast.Node{loop.Init, loop.Cond, loop.Post} {
			if n != nil && c.seesContext(n) {
				return true
			}
		}
	case *ast.RangeStmt:
		if c.seesContext(loop.X) {
			return true
		}
	}
	seen := false
	ast.Inspect(body, func(n ast.Node) bool {
		if seen || n == done.Comm {
			return false
		}
		if e, ok := n.(ast.Expr); ok && c.seesContext(e) {
			seen = true
			return false
		}
		return true
	})
	return seen
}

// commChannel returns the channel of a select case and whether the case
// receives from it.
func commChannel(comm ast.Stmt) (ast.Expr, bool) {
	switch s := comm.(type) {
	case *ast.SendStmt:
		return s.Chan, false
	case *ast.ExprStmt:
		if u, ok := ast.Unparen(s.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return u.X, true
		}
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			if u, ok := ast.Unparen(s.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				return u.X, true
			}
		}
	}
	return nil, false
}

// assignsValue reports whether a receive case stores what it receives.
func assignsValue(comm ast.Stmt) bool {
	_, ok := comm.(*ast.AssignStmt)
	return ok
}

func joinNames(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// afterLineComment returns the end of the line comment that follows pos on
// its line, so that an insertion there keeps the comment on its line, or
// pos when nothing but space follows.
func (c *checker) afterLineComment(pos token.Pos) token.Pos {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return pos
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return pos
	}
	start := tf.Offset(pos)
	end := start
	for end < len(src) && src[end] != '\n' {
		end++
	}
	rest := strings.TrimSpace(string(src[start:end]))
	if strings.HasPrefix(rest, "//") {
		return tf.Pos(end)
	}
	return pos
}
