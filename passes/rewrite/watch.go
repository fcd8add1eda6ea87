package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gostructlint/gostructlint/passes/fixes"
)

// WatchTicker returns the rewrite onto async.Watch of a goroutine that
// does something at every tick of a ticker while the function goes on to
// its final return:
//
//	go func() {
//		t := time.NewTicker(d) // made here, and maybe defer t.Stop()
//		for range t.C {        // or for range time.Tick(d)
//			BODY
//		}
//	}()
//	return f(ctx)
//
// becomes
//
//	_, err := async.Watch(ctx, d, func(ctx context.Context) error {
//		BODY
//		return nil
//	}, func(ctx context.Context) (struct{}, error) {
//		return struct{}{}, f(ctx)
//	})
//	return err
//
// The goroutine ran until the program ended; Watch runs BODY every d
// while f runs and stops it when f returns, so the function returns only
// after the watchdog has stopped. Watch waits d after each run of BODY,
// where the ticker kept a fixed rate, so slow work ticks less often. ctx is the context in scope, or
// context.Background() when there is none; the functions' parameter
// shadows it.
//
// g is the go statement and body the body of the function that contains
// it, which must return exactly one error. WatchTicker returns nil for any
// other shape, such as a go statement that the final return does not
// follow right away. It also returns nil when BODY returns, breaks out,
// continues, uses the ticker or another context, or reads a variable that
// is assigned after the go statement.
func WatchTicker(pass *analysis.Pass, file *ast.File, sig *types.Signature, body *ast.BlockStmt, g *ast.GoStmt) *analysis.SuggestedFix {
	info := pass.TypesInfo
	if body == nil || sig == nil || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type()) {
		return nil
	}
	n := len(body.List)
	if n < 2 || body.List[n-2] != g {
		return nil
	}
	ret, ok := body.List[n-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 || !containsCall(ret.Results[0]) {
		// Without a call in the return, nothing runs that the ticks
		// could watch: the goroutine was meant to outlive the function.
		return nil
	}
	lit, ok := g.Call.Fun.(*ast.FuncLit)
	if !ok || len(g.Call.Args) > 0 || len(lit.Type.Params.List) > 0 || lit.Type.Results != nil {
		return nil
	}
	tick := matchTicker(info, lit.Body.List)
	if tick == nil {
		return nil
	}
	loopBody := tick.loop.Body
	if containsReturn(loopBody) || branchesOut(loopBody.List, true) || containsDefer(loopBody) ||
		(tick.ticker != nil && mentions(info, loopBody, tick.ticker)) {
		return nil
	}

	e := editor{pass: pass}
	ctxExpr := e.contextInScope(g.Pos())
	if watchesOtherContext(info, lit, lookup(pass, g.Pos(), ctxExpr)) || assignedAfter(info, body, lit, g.End()) {
		return nil
	}
	im := addAsyncImports(pass, file)
	if !im.usableAt(pass, g.Pos()) {
		return nil
	}
	contextName, asyncName := im.context, im.async
	ctxExpr, ctxParam := im.contextFor(ctxExpr, body, "watchCtx")
	errName := freeNameAt(pass, g.Pos(), body, "err", "watchErr")
	if ctxParam == "" || errName == "" || declaresAtTop(loopBody.List, ctxParam) {
		return nil
	}
	check, ok := e.rebuild(loopBody.Lbrace+1, loopBody.Rbrace, nil)
	if !ok {
		return nil
	}
	base := e.indentOf(g.Pos())
	text := base + "_, " + errName + " := " + asyncName + ".Watch(" + ctxExpr + ", " + fixes.Source(pass, tick.interval) + ", " +
		"func(" + ctxParam + " " + contextName + ".Context) error {" + dedentLines(trimTrailingIndent(check)) +
		base + "\treturn nil\n" +
		base + "}, func(" + ctxParam + " " + contextName + ".Context) (struct{}, error) {\n" +
		base + "\treturn struct{}{}, " + fixes.Source(pass, ret.Results[0]) + "\n" +
		base + "})\n" +
		base + "return " + errName

	tf := pass.Fset.File(g.Pos())
	edits := []analysis.TextEdit{{Pos: tf.LineStart(tf.Line(g.Pos())), End: ret.End(), NewText: []byte(text)}}
	edits = append(edits, im.edits...)
	edits = append(edits, e.removeUnusedImport(file, "time", []ast.Node{tick.timeFunc})...)
	return &analysis.SuggestedFix{
		Message:   "Run the ticker's work with async.Watch, which calls it every interval while the rest of the function runs and stops it before returning",
		TextEdits: MergeInsertions(edits),
	}
}

// tickerLoop is the goroutine body that WatchTicker rewrites.
type tickerLoop struct {
	loop     *ast.RangeStmt
	interval ast.Expr     // d of time.NewTicker(d) or time.Tick(d)
	timeFunc ast.Expr     // time.NewTicker or time.Tick, which the rewrite removes
	ticker   types.Object // t of t := time.NewTicker(d), or nil
}

// matchTicker matches for range time.Tick(d) {...}, and
// t := time.NewTicker(d); [defer t.Stop()]; for range t.C {...}.
func matchTicker(info *types.Info, list []ast.Stmt) *tickerLoop {
	timeCall := func(e ast.Expr, name string) *ast.CallExpr {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return nil
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Name() != name {
			return nil
		}
		return call
	}

	last, ok := list[len(list)-1].(*ast.RangeStmt)
	if !ok || last.Key != nil || last.Value != nil {
		return nil
	}
	if len(list) == 1 {
		call := timeCall(last.X, "Tick")
		if call == nil {
			return nil
		}
		return &tickerLoop{loop: last, interval: call.Args[0], timeFunc: call.Fun}
	}
	if len(list) > 3 {
		return nil
	}

	assign, ok := list[0].(*ast.AssignStmt)
	if !ok || assign.Tok != token.DEFINE || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return nil
	}
	id, ok := assign.Lhs[0].(*ast.Ident)
	call := timeCall(assign.Rhs[0], "NewTicker")
	if !ok || call == nil {
		return nil
	}

	t := info.Defs[id]
	isTicker := func(e ast.Expr) bool {
		x, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[x] == t
	}
	if len(list) == 3 {
		d, ok := list[1].(*ast.DeferStmt)
		if !ok || len(d.Call.Args) > 0 {
			return nil
		}
		sel, ok := d.Call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Stop" || !isTicker(sel.X) {
			return nil
		}
	}
	sel, ok := ast.Unparen(last.X).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "C" || !isTicker(sel.X) {
		return nil
	}
	return &tickerLoop{loop: last, interval: call.Args[0], timeFunc: call.Fun, ticker: t}
}

// containsCall reports whether e calls a function, outside nested
// literals.
func containsCall(e ast.Expr) bool { return contains[*ast.CallExpr](e) }

// containsDefer reports whether body defers a call, outside nested
// literals: in a check function, it would run after every tick.
func containsDefer(body *ast.BlockStmt) bool { return contains[*ast.DeferStmt](body) }

// mentions reports whether n uses obj.
func mentions(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if id, ok := c.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// trimTrailingIndent removes the indentation after the last newline of
// src, the indentation of the closing brace that followed it.
func trimTrailingIndent(src string) string {
	i := len(src)
	for i > 0 && (src[i-1] == '\t' || src[i-1] == ' ') {
		i--
	}
	return src[:i]
}
