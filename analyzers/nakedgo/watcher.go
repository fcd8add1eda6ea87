package nakedgo

import (
	"go/ast"
	"go/types"
	"go/version"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// watcherFix rewrites a watcher, a goroutine that waits for a context to
// end and then cleans up,
//
//	go func() { <-ctx.Done(); cleanup }()
//
// into
//
//	defer context.AfterFunc(ctx, func() { cleanup })()
//
// The cleanup still runs when ctx ends while the function runs, and no
// longer after the function has returned, so nothing waits past the
// return. It returns nil for any other shape, for a go statement inside a
// loop (the defers would pile up until the function returns), and for files
// older than Go 1.21, which has no context.AfterFunc.
func (rw *rewriter) watcherFix(site *spawn.Site) *analysis.SuggestedFix {
	lit, ok := site.Goroutine.(*ast.FuncLit)
	if !ok || site.Go.Call.Fun != lit || len(site.Go.Call.Args) > 0 || lit.Type.Params.NumFields() > 0 {
		return nil
	}
	if len(lit.Body.List) < 2 {
		return nil
	}
	ctx := doneReceiveContext(rw.pass.TypesInfo, lit.Body.List[0])
	if ctx == nil {
		return nil
	}
	if v := rw.pass.TypesInfo.FileVersions[site.File]; v != "" && version.Compare(v, "go1.21") < 0 {
		return nil
	}
	if inLoop(site) {
		return nil
	}

	var cleanup []string
	for _, stmt := range lit.Body.List[1:] {
		src := fixes.Source(rw.pass, stmt)
		if src == "" {
			return nil
		}
		cleanup = append(cleanup, src)
	}
	ctxSrc := fixes.Source(rw.pass, ctx)
	if ctxSrc == "" {
		return nil
	}
	name, edits := fixes.AddImport(rw.pass, site.File, "context", "context")
	text := "defer " + name + ".AfterFunc(" + ctxSrc + ", func() {\n" + strings.Join(cleanup, "\n") + "\n})()"
	edits = append(edits, analysis.TextEdit{Pos: site.Go.Pos(), End: site.Go.End(), NewText: []byte(text)})
	return &analysis.SuggestedFix{
		Message:   "Run the cleanup with context.AfterFunc, stopped when the function returns",
		TextEdits: edits,
	}
}

// doneReceiveContext returns X when stmt is the statement <-X.Done() and X
// is a context.Context, else nil.
func doneReceiveContext(info *types.Info, stmt ast.Stmt) ast.Expr {
	es, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	recv, ok := ast.Unparen(es.X).(*ast.UnaryExpr)
	if !ok || recv.Op.String() != "<-" {
		return nil
	}
	call, ok := ast.Unparen(recv.X).(*ast.CallExpr)
	if !ok || len(call.Args) > 0 {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" || !spawn.IsContext(info.TypeOf(sel.X)) {
		return nil
	}
	return sel.X
}

// inLoop reports whether the go statement of site sits in a loop of its
// function.
func inLoop(site *spawn.Site) bool {
	path, _ := astutil.PathEnclosingInterval(site.File, site.Go.Pos(), site.Go.End())
	for _, n := range path {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}
