package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/gostructlint/gostructlint/passes/fixes"
)

// checkBlockingOps reports bare channel sends and receives, outside any
// select, in functions that take a context parameter or watch the Done
// channel of a context field in a select. It reports only channels that
// the function cannot know to be ready:
//
//   - a parameter of the function;
//   - an unexported struct field that every make in the package leaves
//     unbuffered, and whose other end the package never uses;
//   - a local unbuffered channel whose other end is a goroutine of the
//     same function that gives up when the context is cancelled.
//
// It stays silent on receives from channels that the function closes,
// from Done channels and from timers, and on every channel it cannot
// classify.
func (c *checker) checkBlockingOps() {
	info := c.channelFacts()
	filter := []ast.Node{(*ast.SendStmt)(nil), (*ast.UnaryExpr)(nil)}
	for cur := range c.inspect.Root().Preorder(filter...) {
		op := c.bareOp(cur)
		if op == nil {
			continue
		}
		fn, ok := enclosingFunc(cur)
		if !ok {
			continue
		}
		var ctx *contextVar
		if c.hasContextParam(fn.node) {
			ctx = c.contextAt(op.stmt.Pos())
		} else if field := c.watchedField(fn.node); field != nil && c.inCaseBesideDone(cur, field) {
			ctx = field
		}
		if ctx == nil || c.afterCancellation(fn.node, op.stmt) {
			continue
		}
		if c.isStrictDone(op.ch) || c.isTimerChan(op.ch) {
			continue
		}
		if op.recv && (c.closesChannel(fn.node, op.ch) || info.closed[c.channelObject(op.ch)]) {
			// A closed channel is a broadcast: waiting on it is usually a
			// join after cancelling the goroutine that closes it.
			continue
		}
		reason, partner := c.blockingReason(op, fn, info)
		if reason == "" {
			continue
		}

		verb := "send on "
		if op.recv {
			verb = "receive from "
		}
		msg := verb + c.shortSource(op.ch) + " in " + fn.name() + " never watches " + ctx.name() + ".Done(), and " +
			reason + ": it blocks after " + ctx.name() + " is cancelled"
		c.reportBlocking(op, fn, ctx, msg, partner, info)
	}
}

// inCaseBesideDone reports whether the operation at cur sits in the body
// of a case of a select that also receives from field.Done(): the select
// watches the context, but this operation in it does not.
func (c *checker) inCaseBesideDone(cur inspector.Cursor, field *contextVar) bool {
	for e := range cur.Enclosing((*ast.CommClause)(nil), (*ast.FuncLit)(nil)) {
		cc, ok := e.Node().(*ast.CommClause)
		if !ok {
			return false
		}
		sel, ok := e.Parent().Parent().Node().(*ast.SelectStmt)
		if !ok {
			return false
		}
		for _, stmt := range sel.Body.List {
			other, ok := stmt.(*ast.CommClause)
			if !ok || other == cc || other.Comm == nil {
				continue
			}
			if ch, recv := commChannel(other.Comm); recv && c.isDoneOf(ch, field) {
				return true
			}
		}
		return false
	}
	return false
}

// isDoneOf reports whether ch is field.Done() for the context field that
// field stands for.
func (c *checker) isDoneOf(ch ast.Expr, field *contextVar) bool {
	call, ok := ast.Unparen(ch).(*ast.CallExpr)
	if !ok || !c.isStrictDone(ch) {
		return false
	}
	done, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && c.src(done.X) == field.label
}

// afterCancellation reports whether stmt may run after fn has seen its
// context end: it sits in the body of a ctx.Done() case, or follows a wait
// on ctx.Done() that does not return. Code there is cleanup or a hand-off
// that the function means to do after cancellation.
func (c *checker) afterCancellation(fn ast.Node, stmt ast.Stmt) bool {
	found := false
	ast.Inspect(funcBody(fn), func(n ast.Node) bool {
		if found || n == nil || n.Pos() > stmt.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			ch, recv := commChannel(n.Comm)
			if n.Comm == nil || !recv || !c.isStrictDone(ch) {
				return true
			}
			if n.Pos() <= stmt.Pos() && stmt.End() <= n.End() {
				found = true // stmt is in the done case
			} else if n.End() <= stmt.Pos() && !endsInReturn(n.Body) {
				found = true // the done case falls through to code before stmt
			}
			return false
		case *ast.ExprStmt:
			if u, ok := ast.Unparen(n.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW && c.isStrictDone(u.X) {
				found = true
			}
		}
		return true
	})
	return found
}

// endsInReturn reports whether body ends with a return statement.
func endsInReturn(body []ast.Stmt) bool {
	if len(body) == 0 {
		return false
	}
	_, ok := body[len(body)-1].(*ast.ReturnStmt)
	return ok
}

// blockingOp is a channel operation that is a statement of its own.
type blockingOp struct {
	stmt ast.Stmt
	ch   ast.Expr
	recv bool
}

// bareOp returns the operation at cur when it is a send statement, or a
// receive that is a whole statement (<-ch, v := <-ch, v = <-ch), and not a
// select case.
func (c *checker) bareOp(cur inspector.Cursor) *blockingOp {
	var op blockingOp
	switch n := cur.Node().(type) {
	case *ast.SendStmt:
		op = blockingOp{stmt: n, ch: n.Chan}
	case *ast.UnaryExpr:
		if n.Op != token.ARROW {
			return nil
		}
		cur = cur.Parent()
		switch p := cur.Node().(type) {
		case *ast.ExprStmt:
			op = blockingOp{stmt: p, ch: n.X, recv: true}
		case *ast.AssignStmt:
			if len(p.Rhs) != 1 || p.Rhs[0] != n {
				return nil
			}
			op = blockingOp{stmt: p, ch: n.X, recv: true}
		default:
			return nil
		}
	default:
		return nil
	}
	switch cur.Parent().Node().(type) {
	case *ast.BlockStmt, *ast.CaseClause:
		return &op
	case *ast.CommClause:
		if cc := cur.Parent().Node().(*ast.CommClause); cc.Comm != op.stmt {
			return &op
		}
	}
	return nil
}

// hasContextParam reports whether fn declares a parameter of type
// context.Context.
func (c *checker) hasContextParam(fn ast.Node) bool {
	ft := funcType(fn)
	if ft == nil || ft.Params == nil {
		return false
	}
	for _, field := range ft.Params.List {
		if isContext(c.pass.TypesInfo.TypeOf(field.Type)) && len(field.Names) > 0 && field.Names[0].Name != "_" {
			return true
		}
	}
	return false
}

// blockingReason explains why op can block, or returns "" when op may be
// ready. For a local channel it also returns the select case through which
// the goroutine at the other end gives up.
func (c *checker) blockingReason(op *blockingOp, fn funcInfo, facts *channelFacts) (string, ast.Node) {
	obj := c.channelObject(op.ch)
	if obj == nil {
		return "", nil
	}
	switch {
	case obj.(*types.Var).IsField():
		// The package must make the field unbuffered, and its other end
		// must be missing from the package: a receiver elsewhere in the
		// package may drain the channel until every sender is done.
		if !facts.unbuffered[obj] || facts.buffered[obj] || obj.Exported() || facts.otherUses[obj] > 0 {
			return "", nil
		}
		if !op.recv && facts.receives[obj] == 0 {
			return "no code in the package receives from this unbuffered field", nil
		}
		if op.recv && facts.sends[obj] == 0 && !facts.closed[obj] {
			return "no code in the package sends on this unbuffered field", nil
		}
	case isParam(fn.node, obj):
		return "the caller passes the channel in", nil
	default:
		if c.localMake(fn.node, obj) != bufferNone {
			return "", nil
		}
		if give := c.partnerGivesUp(fn.node, obj, op.recv); give != nil {
			if op.recv {
				return "the goroutine that sends on it gives up when the context is cancelled", give
			}
			return "the goroutine that receives from it gives up when the context is cancelled", give
		}
	}
	return "", nil
}

// partnerGivesUp returns the ctx.Done() case of a select, in a goroutine
// that fn starts, whose other case sends on obj (when send is true) or
// receives from it: that goroutine may leave without meeting fn's
// operation.
func (c *checker) partnerGivesUp(fn ast.Node, obj types.Object, send bool) ast.Node {
	var found ast.Node
	ast.Inspect(funcBody(fn), func(n ast.Node) bool {
		if found != nil {
			return false
		}
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok {
			return false
		}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectStmt)
			if !ok || found != nil {
				return found == nil
			}
			var done ast.Node
			meets := false
			for _, stmt := range sel.Body.List {
				cc, ok := stmt.(*ast.CommClause)
				if !ok || cc.Comm == nil {
					continue
				}
				ch, recv := commChannel(cc.Comm)
				if ch == nil {
					continue
				}
				if recv && c.isStrictDone(ch) {
					done = cc
				} else if recv != send && c.channelObject(ch) == obj {
					meets = true
				}
			}
			if meets && done != nil {
				found = done
			}
			return true
		})
		return false
	})
	return found
}

// reportBlocking reports op with its fixes.
func (c *checker) reportBlocking(op *blockingOp, fn funcInfo, ctx *contextVar, msg string, partner ast.Node, facts *channelFacts) {
	var fixList []analysis.SuggestedFix
	if file := c.nodeFile(op.stmt.Pos()); file != nil && c.contextUsableAt(ctx, op.stmt.Pos()) {
		if ret, ok := c.newReturnBuilder(fn.node, file); ok {
			fixList = orderFixes(c.asyncOpFix(op, fn, ctx, ret, file, facts), c.selectOpFix(op, ctx, ret, file))
		}
	}
	related := []analysis.RelatedInformation{{Pos: ctx.ident.Pos(), End: ctx.ident.End(), Message: ctx.describe()}}
	if partner != nil {
		related = append(related, analysis.RelatedInformation{Pos: partner.Pos(), End: partner.Pos(), Message: "the goroutine at the other end leaves here"})
	}
	c.reported = append(c.reported, op.stmt.Pos())
	c.reporter.Report(analysis.Diagnostic{
		Pos:            op.stmt.Pos(),
		End:            op.stmt.End(),
		Category:       "ctxdone/blocking-op",
		Message:        msg,
		Related:        related,
		SuggestedFixes: fixList,
	})
}

// asyncOpFix rewrites a send onto async.Send, and v := <-ch onto
// async.Recv when no code in the package closes ch. async.Recv fails on a
// closed channel where a receive returns at once, so channels that may be
// closed, parameters included, get no async rewrite.
func (c *checker) asyncOpFix(op *blockingOp, fn funcInfo, ctx *contextVar, ret *returnBuilder, file *ast.File, facts *channelFacts) *analysis.SuggestedFix {
	if op.recv {
		return c.asyncRecvFix(op, fn, ctx, ret, file, facts)
	}
	send, ok := op.stmt.(*ast.SendStmt)
	if !ok || !c.sendArgsInfer(send) {
		return nil
	}
	name, edits := c.asyncName(file)
	call := name + ".Send(" + ctx.name() + ", " + c.src(send.Chan) + ", " + c.src(send.Value) + ")"
	indent := c.lineIndent(send.Pos())
	edits = append(edits, analysis.TextEdit{Pos: send.Pos(), End: send.End(), NewText: []byte(errCheck(call, ret, indent))})
	return &analysis.SuggestedFix{Message: "Send with async.Send, which gives up when " + ctx.name() + " is cancelled", TextEdits: edits}
}

// asyncRecvFix rewrites v := <-ch into v, err := async.Recv(ctx, ch) and a
// check of err.
func (c *checker) asyncRecvFix(op *blockingOp, fn funcInfo, ctx *contextVar, ret *returnBuilder, file *ast.File, facts *channelFacts) *analysis.SuggestedFix {
	assign, ok := op.stmt.(*ast.AssignStmt)
	if !ok || assign.Tok != token.DEFINE || len(assign.Lhs) != 1 {
		return nil
	}
	id, ok := assign.Lhs[0].(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	obj := c.channelObject(op.ch)
	if obj == nil || facts.closed[obj] || isParam(fn.node, obj) {
		return nil
	}
	errName := c.freeErrName(assign)
	if errName == "" {
		return nil
	}
	name, edits := c.asyncName(file)
	indent := c.lineIndent(assign.Pos())
	check := "if " + errName + " != nil {\n" + indent + "\t" + ret.stmt(errName) + "\n" + indent + "}"
	if !ret.hasError && ret.fatal == "" {
		check = "if " + errName + " != nil {\n" + indent + "\t" + ret.stmt("") + "\n" + indent + "}"
	}
	text := id.Name + ", " + errName + " := " + name + ".Recv(" + ctx.name() + ", " + c.src(op.ch) + ")\n" + indent + check
	edits = append(edits, analysis.TextEdit{Pos: assign.Pos(), End: assign.End(), NewText: []byte(text)})
	return &analysis.SuggestedFix{Message: "Receive with async.Recv, which gives up when " + ctx.name() + " is cancelled", TextEdits: edits}
}

// isParam reports whether obj is a parameter of fn.
func isParam(fn ast.Node, obj types.Object) bool {
	params := funcType(fn).Params
	return params != nil && params.Pos() <= obj.Pos() && obj.Pos() < params.End()
}

// freeErrName returns a name for the error of a receive that replaces
// assign: err when that declares no new variable in conflict with the
// code around it, else errRecv, or "" when both are taken.
func (c *checker) freeErrName(assign *ast.AssignStmt) string {
	inner := c.pass.Pkg.Scope().Innermost(assign.Pos())
	if inner == nil {
		return ""
	}
	for _, name := range []string{"err", "errRecv"} {
		// A declaration of name in the same block, before or after, or a
		// visible one outside it, could change meaning or clash.
		if inner.Lookup(name) != nil {
			continue
		}
		if _, obj := inner.LookupParent(name, assign.Pos()); obj != nil {
			continue
		}
		return name
	}
	return ""
}

// sendArgsInfer reports whether async.Send(ctx, ch, v) infers its type
// argument: v's type must be the channel's element type, or v untyped.
func (c *checker) sendArgsInfer(send *ast.SendStmt) bool {
	t := c.pass.TypesInfo.TypeOf(send.Chan)
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok || ch.Dir() == types.RecvOnly {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[send.Value]
	if !ok {
		return false
	}
	if basic, ok := tv.Type.(*types.Basic); ok && basic.Info()&types.IsUntyped != 0 {
		return tv.Value != nil && types.AssignableTo(types.Default(tv.Type), ch.Elem())
	}
	return types.Identical(tv.Type, ch.Elem())
}

// selectOpFix wraps op in a select with a ctx.Done() case.
func (c *checker) selectOpFix(op *blockingOp, ctx *contextVar, ret *returnBuilder, file *ast.File) *analysis.SuggestedFix {
	comm := c.src(op.stmt)
	indent := c.lineIndent(op.stmt.Pos())
	decl := ""
	if a, ok := op.stmt.(*ast.AssignStmt); ok {
		if len(a.Lhs) != 1 {
			return nil
		}
		if a.Tok == token.DEFINE {
			// v := <-ch becomes var v T and a case v = <-ch, so v stays
			// in scope after the select.
			id, ok := a.Lhs[0].(*ast.Ident)
			if !ok {
				return nil
			}
			typ, ok := c.typeString(c.pass.TypesInfo.TypeOf(id), file)
			if !ok {
				return nil
			}
			decl = "var " + id.Name + " " + typ + "\n" + indent
			comm = id.Name + " = " + c.src(a.Rhs[0])
		}
	}
	if comm == "" {
		return nil
	}
	text := decl + "select {\n" + indent + "case " + comm + ":\n" + indent + doneCase(ctx.name(), ret, indent) + indent + "}"
	return &analysis.SuggestedFix{
		Message:   "Wait in a select that also returns when " + ctx.name() + " is cancelled",
		TextEdits: []analysis.TextEdit{{Pos: op.stmt.Pos(), End: op.stmt.End(), NewText: []byte(text)}},
	}
}

// src returns the source text of n.
func (c *checker) src(n ast.Node) string {
	return fixes.Source(c.pass, n)
}
