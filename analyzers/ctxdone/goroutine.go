package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// checkGoroutines reports go statements, with a context in scope, whose
// function never sees any context and runs a loop that nothing can end:
// the goroutine outlives the cancellation of the context.
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
		if body == nil {
			continue
		}
		loop := c.endlessLoop(body)
		if loop == nil || c.reportedWithin(g) {
			continue
		}
		fn, ok := enclosingFunc(cur)
		if !ok {
			continue
		}
		msg := "goroutine started in " + fn.name() + " loops without end and never sees " + ctx.name() +
			": it keeps running after " + ctx.name() + " is cancelled"
		c.report(g, "goroutine-ignores-ctx", ctx, msg, nil)
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
