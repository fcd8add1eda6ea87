package nakedgo

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/spawn"
)

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
