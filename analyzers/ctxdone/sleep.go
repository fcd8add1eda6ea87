package ctxdone

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// checkSleeps reports time.Sleep with a context in scope, because the
// sleep goes on after the context is cancelled. It stays silent when the
// loop around the sleep looks at the context or at another stop channel
// on every iteration, since the delay is then one sleep at most.
//
// A sleep on every iteration of an endless loop (for without condition) is
// a polling loop and is reported everywhere. A single sleep, or one in a bounded loop, is
// reported only in non-test files and in functions that take the context
// as a parameter: that is where a caller counts on the cancellation.
func (c *checker) checkSleeps() {
	for cur := range c.inspect.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if !c.isTimeCall(call, "Sleep") || len(call.Args) != 1 {
			continue
		}
		ctx := c.contextAt(call.Pos())
		if ctx == nil {
			continue
		}
		fn, ok := enclosingFunc(cur)
		if !ok {
			continue
		}

		loop := loopInFunc(cur)
		if loop != nil && (c.seesContext(loop) || c.receivesOtherThanTimers(loop)) {
			continue
		}
		var msg string
		if forStmt, ok := loop.(*ast.ForStmt); ok && forStmt.Cond == nil && sleepsEveryIteration(cur, forStmt) {
			msg = "polling loop in " + fn.name() + " sleeps with time.Sleep and never checks " + ctx.name() +
				": it goes on after " + ctx.name() + " is cancelled"
		} else {
			if c.isTestFile(call.Pos()) || !c.hasContextParam(fn.node) || c.isShortConstant(call.Args[0]) {
				continue
			}
			msg = "time.Sleep in " + fn.name() + " ignores " + ctx.name() + ": it sleeps on after " + ctx.name() + " is cancelled"
		}
		c.report(call, "sleep", ctx, msg, c.sleepFixes(cur, call, fn, ctx))
	}
}

// shortSleep is the constant duration below which a single sleep is not
// reported: it delays a cancelled caller by less than that.
// NOTE: the bound is a judgement call, not a measured one.
const shortSleep = 100 * time.Millisecond

// isShortConstant reports whether d is a constant duration below
// shortSleep.
func (c *checker) isShortConstant(d ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[d]
	if !ok || tv.Value == nil {
		return false
	}
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	return exact && n < int64(shortSleep)
}

// sleepsEveryIteration reports whether the sleep call at cur is a
// statement of loop's body itself, not one under a condition, as in a
// polling loop.
func sleepsEveryIteration(cur inspector.Cursor, loop *ast.ForStmt) bool {
	stmt, ok := cur.Parent().Node().(*ast.ExprStmt)
	return ok && slices.Contains(loop.Body.List, ast.Stmt(stmt))
}

// isTestFile reports whether pos lies in a _test.go file.
func (c *checker) isTestFile(pos token.Pos) bool {
	tf := c.pass.Fset.File(pos)
	return tf != nil && strings.HasSuffix(tf.Name(), "_test.go")
}

// loopInFunc returns the innermost for or range statement around cur
// inside cur's function, or nil.
func loopInFunc(cur inspector.Cursor) ast.Node {
	for e := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := e.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n
		default:
			return nil
		}
	}
	return nil
}

// sleepFixes returns the rewrite onto async.Sleep and the select on
// time.After and ctx.Done(), for a sleep that is a statement of its own.
func (c *checker) sleepFixes(cur inspector.Cursor, call *ast.CallExpr, fn funcInfo, ctx *contextVar) []analysis.SuggestedFix {
	stmt, ok := cur.Parent().Node().(*ast.ExprStmt)
	if !ok {
		return nil
	}
	switch cur.Parent().Parent().Node().(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return nil
	}
	file := c.nodeFile(call.Pos())
	if file == nil || !c.contextUsableAt(ctx, call.Pos()) {
		return nil
	}
	ret, ok := c.newReturnBuilder(fn.node, file)
	if !ok {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	timePkg := c.src(sel.X)
	duration := c.src(call.Args[0])
	indent := c.lineIndent(stmt.Pos())

	name, edits := c.asyncName(file)
	async := c.pollFix(cur, stmt, ctx, ret, file, name, duration)
	if async == nil {
		async = &analysis.SuggestedFix{
			Message: "Sleep with async.Sleep, which returns when " + ctx.name() + " is cancelled",
			TextEdits: append(edits, analysis.TextEdit{
				Pos:     stmt.Pos(),
				End:     stmt.End(),
				NewText: []byte(errCheck(name+".Sleep("+ctx.name()+", "+duration+")", ret, indent)),
			}),
		}
	}
	text := "select {\n" + indent + "case <-" + timePkg + ".After(" + duration + "):\n" + indent +
		doneCase(ctx.name(), ret, indent) + indent + "}"
	minimal := &analysis.SuggestedFix{
		Message:   "Wait in a select that also returns when " + ctx.name() + " is cancelled",
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)}},
	}
	return orderFixes(async, minimal)
}

// pollFix rewrites a polling loop onto async.Poll when it has exactly the
// shape that Poll implements, a check followed by a sleep:
//
//	for {
//		if cond {
//			break
//		}
//		time.Sleep(d)
//	}
//
// Poll also checks first and sleeps between checks, so the loop and the
// call behave alike until ctx is cancelled.
func (c *checker) pollFix(cur inspector.Cursor, sleep *ast.ExprStmt, ctx *contextVar, ret *returnBuilder, file *ast.File, asyncName, duration string) *analysis.SuggestedFix {
	body, ok := cur.Parent().Parent().Node().(*ast.BlockStmt)
	if !ok || len(body.List) != 2 || body.List[1] != sleep {
		return nil
	}
	loop, ok := cur.Parent().Parent().Parent().Node().(*ast.ForStmt)
	if !ok || loop.Body != body || loop.Init != nil || loop.Cond != nil || loop.Post != nil {
		return nil
	}
	if _, labelled := cur.Parent().Parent().Parent().Parent().Node().(*ast.LabeledStmt); labelled {
		return nil
	}
	check, ok := body.List[0].(*ast.IfStmt)
	if !ok || check.Else != nil || len(check.Body.List) != 1 {
		return nil
	}
	if br, ok := check.Body.List[0].(*ast.BranchStmt); !ok || br.Tok != token.BREAK || br.Label != nil {
		return nil
	}
	if ctx.field != nil {
		return nil
	}
	ctxType, ok := c.typeString(ctx.obj.Type(), file)
	if !ok {
		return nil
	}

	indent := c.lineIndent(loop.Pos())
	var fnBody strings.Builder
	if check.Init != nil {
		fnBody.WriteString(indent + "\t" + c.src(check.Init) + "\n")
	}
	fnBody.WriteString(indent + "\treturn " + c.src(check.Cond) + ", nil\n")
	call := asyncName + ".Poll(" + ctx.name() + ", " + duration + ", func(" + ctxType + ") (bool, error) {\n" +
		fnBody.String() + indent + "})"
	_, edits := c.asyncName(file)
	return &analysis.SuggestedFix{
		Message: "Poll with async.Poll, which stops when " + ctx.name() + " is cancelled",
		TextEdits: append(edits, analysis.TextEdit{
			Pos:     loop.Pos(),
			End:     loop.End(),
			NewText: []byte(errCheck(call, ret, indent)),
		}),
	}
}

// checkPollingLoops reports loops that wait on a ticker and never look at
// the context in scope, nor at any other channel that could stop them.
func (c *checker) checkPollingLoops() {
	reported := make(map[ast.Node]bool)
	for cur := range c.inspect.Root().Preorder((*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)) {
		var loop ast.Node
		var ticker ast.Expr
		switch n := cur.Node().(type) {
		case *ast.UnaryExpr:
			if !c.isTickerChan(n.X) {
				continue
			}
			loop, ticker = loopInFunc(cur), n.X
		case *ast.RangeStmt:
			if !c.isTickerChan(n.X) {
				continue
			}
			loop, ticker = n, n.X
		}
		if loop == nil || reported[loop] {
			continue
		}
		ctx := c.contextAt(loop.Pos())
		if ctx == nil || c.seesContext(loop) || c.receivesOtherThanTimers(loop) {
			continue
		}
		fn, ok := enclosingFunc(cur)
		if !ok {
			continue
		}
		reported[loop] = true
		msg := "polling loop in " + fn.name() + " waits on " + c.shortSource(ticker) + " and never checks " +
			ctx.name() + ": it goes on after " + ctx.name() + " is cancelled"
		c.report(loop, "sleep", ctx, msg, c.tickerFixes(cur, loop, fn, ctx))
	}
}

// tickerFixes returns the fix that makes the wait for the next tick also
// return when ctx is cancelled: "for range ticker.C {" becomes a for loop
// that starts with a select, and a receive "<-ticker.C" becomes a select.
func (c *checker) tickerFixes(cur inspector.Cursor, loop ast.Node, fn funcInfo, ctx *contextVar) []analysis.SuggestedFix {
	file := c.nodeFile(loop.Pos())
	if file == nil || !c.contextUsableAt(ctx, loop.Pos()) {
		return nil
	}
	ret, ok := c.newReturnBuilder(fn.node, file)
	if !ok {
		return nil
	}
	if rng, ok := loop.(*ast.RangeStmt); ok {
		if rng.Key != nil || rng.Value != nil {
			return nil
		}
		indent := c.lineIndent(rng.Pos())
		inner := indent + "\t"
		text := "for {\n" + inner + "select {\n" + inner + "case <-" + c.src(rng.X) + ":\n" + inner +
			doneCase(ctx.name(), ret, inner) + inner + "}"
		return orderFixes(nil, &analysis.SuggestedFix{
			Message:   "Wait for the next tick in a select that also returns when " + ctx.name() + " is cancelled",
			TextEdits: []analysis.TextEdit{{Pos: rng.Pos(), End: rng.Body.Lbrace + 1, NewText: []byte(text)}},
		})
	}
	op := c.bareOp(cur)
	if op == nil {
		return nil
	}
	return orderFixes(nil, c.selectOpFix(op, ctx, ret, file))
}

// receivesOtherThanTimers reports whether n receives from a channel that
// is not a timer's, which could be how the loop learns to stop.
func (c *checker) receivesOtherThanTimers(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && !c.isTimerChan(n.X) {
				found = true
			}
		case *ast.RangeStmt:
			if t := c.pass.TypesInfo.TypeOf(n.X); t != nil && !c.isTimerChan(n.X) {
				_, found = t.Underlying().(*types.Chan)
			}
		}
		return !found
	})
	return found
}
