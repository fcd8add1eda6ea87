package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// checkGoroutines reports go statements, with a context in scope, whose
// function never uses any context and either runs a loop that nothing can
// end or sends where the parent may stop receiving. Such a goroutine
// outlives the cancellation of the context.
func (c *checker) checkGoroutines() {
	decls := c.funcDecls()
	for cur := range c.inspect.Root().Preorder((*ast.GoStmt)(nil)) {
		g := cur.Node().(*ast.GoStmt)
		ctx := c.contextAt(g.Pos())
		if ctx == nil || c.seesContext(g.Call) {
			continue
		}
		var body *ast.BlockStmt
		switch fun := ast.Unparen(g.Call.Fun).(type) {
		case *ast.FuncLit:
			body = fun.Body
		default:
			if fn := typeutil.StaticCallee(c.pass.TypesInfo, g.Call); fn != nil {
				if decl := decls[fn]; decl != nil && !c.seesContext(decl) {
					body = decl.Body
				}
			}
		}
		if body == nil || c.reportedWithin(g) {
			continue
		}
		fn, ok := enclosingFunc(cur)
		if !ok {
			continue
		}
		if loop := c.endlessLoop(body); loop != nil {
			msg := "goroutine started in " + fn.name() + " loops without end and never sees " + ctx.name() +
				": it keeps running after " + ctx.name() + " is cancelled"
			c.report(g, "goroutine-ignores-ctx", ctx, msg, nil)
			continue
		}
		if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
			c.checkAbandonedSend(g, lit, fn, ctx)
		}
	}
}

// funcDecls maps the functions and methods of the package to their
// declarations.
func (c *checker) funcDecls() map[*types.Func]*ast.FuncDecl {
	decls := make(map[*types.Func]*ast.FuncDecl)
	c.inspect.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		decl := n.(*ast.FuncDecl)
		if fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Body != nil {
			decls[fn] = decl
		}
	})
	return decls
}

// endlessLoop returns a loop in body, outside nested function literals,
// that has no way out: a for without condition, or a range over a ticker,
// with no return, break out of it, goto, or call that ends the goroutine.
func (c *checker) endlessLoop(body *ast.BlockStmt) ast.Stmt {
	var found ast.Stmt
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if n.Cond == nil && !c.canLeave(n.Body) {
				found = n
			}
		case *ast.RangeStmt:
			if c.isTickerChan(n.X) && !c.canLeave(n.Body) {
				found = n
			}
		}
		return found == nil
	})
	return found
}

// canLeave reports whether the loop with body can end: through
// return, goto, a break that targets it, or a call to panic, os.Exit,
// runtime.Goexit or a log.Fatal function.
func (c *checker) canLeave(body *ast.BlockStmt) bool {
	leaves := false
	var visit func(n ast.Node, inner bool) bool
	visit = func(n ast.Node, inner bool) bool {
		if leaves {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			leaves = true
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO:
				leaves = true
			case n.Tok == token.BREAK && n.Label == nil && !inner:
				leaves = true
			case n.Tok == token.BREAK && n.Label != nil:
				// Taken as leaving: the label may name this loop.
				leaves = true
			}
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			// An unlabelled break inside these leaves them, not the loop.
			ast.Inspect(n, func(m ast.Node) bool {
				if m == n {
					return true
				}
				return visit(m, true)
			})
			return false
		case *ast.CallExpr:
			if c.endsGoroutine(n) {
				leaves = true
			}
		}
		return !leaves
	}
	ast.Inspect(body, func(n ast.Node) bool { return visit(n, false) })
	return leaves
}

// endsGoroutine reports whether call never returns to the loop.
func (c *checker) endsGoroutine(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
		_, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin)
		return builtin
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "os.Exit", "runtime.Goexit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln":
		return true
	}
	return false
}

// reportedWithin reports whether a finding lies inside n.
func (c *checker) reportedWithin(n ast.Node) bool {
	for _, pos := range c.reported {
		if n.Pos() <= pos && pos < n.End() {
			return true
		}
	}
	return false
}

// checkAbandonedSend reports a goroutine that sends on a local unbuffered
// channel of its parent, outside any select, when the parent receives
// from that channel only in selects with another case that returns: after
// that return nothing receives, and the goroutine, which never sees the
// context, blocks forever.
func (c *checker) checkAbandonedSend(g *ast.GoStmt, lit *ast.FuncLit, fn funcInfo, ctx *contextVar) {
	parent := funcBody(fn.node)
	for _, send := range bareSends(lit.Body) {
		id, ok := ast.Unparen(send.Chan).(*ast.Ident)
		if !ok {
			continue
		}
		obj := c.pass.TypesInfo.Uses[id]
		if obj == nil || c.localMake(fn.node, obj) != bufferNone {
			continue
		}
		exit, ok := c.parentMayLeave(parent, lit, obj)
		if !ok || exit == nil {
			continue
		}
		msg := "goroutine started in " + fn.name() + " sends on " + id.Name + " and never sees " + ctx.name() +
			": when the select in " + fn.name() + " returns through another case, nothing receives and the goroutine blocks forever"
		c.reported = append(c.reported, g.Pos())
		c.reporter.Report(analysis.Diagnostic{
			Pos:      g.Pos(),
			End:      g.End(),
			Category: "ctxdone/goroutine-ignores-ctx",
			Message:  msg,
			Related: []analysis.RelatedInformation{
				{Pos: ctx.ident.Pos(), End: ctx.ident.End(), Message: ctx.describe()},
				{Pos: exit.Pos(), End: exit.Pos(), Message: fn.name() + " returns here without receiving from " + id.Name},
			},
			SuggestedFixes: c.bufferFixes(fn.node, obj, lit, id.Name),
		})
		return
	}
}

// bareSends returns the send statements in body that are not select cases,
// outside nested function literals.
func bareSends(body *ast.BlockStmt) []*ast.SendStmt {
	var sends []*ast.SendStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			for _, stmt := range n.Body {
				sends = append(sends, bareSends(&ast.BlockStmt{List: []ast.Stmt{stmt}})...)
			}
			return false
		case *ast.SendStmt:
			sends = append(sends, n)
		}
		return true
	})
	return sends
}

// parentMayLeave finds, in parent outside the goroutine lit, a select that
// receives from obj and has another case that returns. It reports false
// when obj is used in parent other than by its make, by receives, or by
// the goroutine, because the channel may then be drained elsewhere.
func (c *checker) parentMayLeave(parent *ast.BlockStmt, lit *ast.FuncLit, obj types.Object) (exit ast.Node, ok bool) {
	receives := make(map[*ast.Ident]bool)
	ast.Inspect(parent, func(n ast.Node) bool {
		if u, isRecv := n.(*ast.UnaryExpr); isRecv && u.Op == token.ARROW {
			if id, isIdent := ast.Unparen(u.X).(*ast.Ident); isIdent {
				receives[id] = true
			}
		}
		return true
	})
	ok = true
	ast.Inspect(parent, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if n == lit {
				return false
			}
		case *ast.AssignStmt:
			// The make of obj is the one assignment allowed.
			return true
		case *ast.Ident:
			if c.pass.TypesInfo.Uses[n] == obj && !receives[n] {
				ok = false
			}
		case *ast.SelectStmt:
			if e := c.returningOtherCase(n, obj); e != nil && exit == nil {
				exit = e
			}
		}
		return true
	})
	return exit, ok
}

// returningOtherCase returns the return statement of a case of sel that
// does not receive from obj, when another case of sel does receive from
// obj and the returning case does not receive from it in its body.
func (c *checker) returningOtherCase(sel *ast.SelectStmt, obj types.Object) ast.Node {
	meets := false
	var exit ast.Node
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok {
			return nil
		}
		if cc.Comm == nil {
			continue
		}
		ch, recv := commChannel(cc.Comm)
		if recv && c.channelObject(ch) == obj {
			meets = true
			continue
		}
		if ret := c.directReturn(cc.Body, obj); ret != nil && exit == nil {
			exit = ret
		}
	}
	if !meets {
		return nil
	}
	return exit
}

// directReturn returns the return statement that ends body, when body
// does not receive from obj before it.
func (c *checker) directReturn(body []ast.Stmt, obj types.Object) ast.Node {
	if len(body) == 0 {
		return nil
	}
	ret, ok := body[len(body)-1].(*ast.ReturnStmt)
	if !ok {
		return nil
	}
	for _, stmt := range body {
		uses := false
		ast.Inspect(stmt, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
				uses = true
			}
			return !uses
		})
		if uses {
			return nil
		}
	}
	return ret
}

// bufferFixes returns the minimal fix that gives obj a buffer of one, so
// the goroutine's single send cannot block. It offers nothing when the
// goroutine may send more than once.
func (c *checker) bufferFixes(fn ast.Node, obj types.Object, lit *ast.FuncLit, name string) []analysis.SuggestedFix {
	sends := 0
	inLoop := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			ast.Inspect(n, func(m ast.Node) bool {
				if s, ok := m.(*ast.SendStmt); ok && c.channelObject(s.Chan) == obj {
					inLoop = true
				}
				return true
			})
		case *ast.SendStmt:
			if c.channelObject(n.Chan) == obj {
				sends++
			}
		}
		return true
	})
	if sends != 1 || inLoop {
		return nil
	}
	var mk *ast.CallExpr
	ast.Inspect(funcBody(fn), func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != len(a.Rhs) {
			return true
		}
		for i, l := range a.Lhs {
			if id, ok := l.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == obj {
				if call, ok := ast.Unparen(a.Rhs[i]).(*ast.CallExpr); ok && len(call.Args) == 1 {
					mk = call
				}
			}
		}
		return true
	})
	if mk == nil {
		return nil
	}
	minimal := &analysis.SuggestedFix{
		Message:   "Give " + name + " a buffer of one so that the goroutine's send cannot block",
		TextEdits: []analysis.TextEdit{{Pos: mk.Args[0].End(), End: mk.Args[0].End(), NewText: []byte(", 1")}},
	}
	return orderFixes(nil, minimal)
}
