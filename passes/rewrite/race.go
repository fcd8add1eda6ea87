package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// RaceResults returns the rewrite onto async.Race of goroutines that each
// compute one value and send it on a channel, while the parent takes the
// first value and leaves the other senders blocked:
//
//	ch := make(chan T)
//	go func() { ...; ch <- a }()
//	go func() { ...; ch <- b }()
//	v := <-ch // or v = <-ch, <-ch, return <-ch
//
// becomes
//
//	v, _ := async.Race(ctx, func(ctx context.Context) (T, error) {
//		...
//		return a, nil
//	}, func(ctx context.Context) (T, error) {
//		...
//		return b, nil
//	})
//
// Every function returns a nil error, so Race returns the value of the
// first one to finish, as the receive did, and its error is always nil.
// Race then cancels the context of the others and waits for them to
// return, so the parent goes on only when the losers have noticed their
// context end or finished. ctx is the context in scope, or
// context.Background() when there is none. The functions' parameter
// shadows it, so the goroutines' uses of it become uses of the context
// that Race cancels.
//
// gos are the go statements in source order, body the body of the
// function that contains them, file its file and ch the channel variable.
// RaceResults returns nil for any other shape. So it does when the go
// statements are not consecutive statements of one block right before
// the receive, when a goroutine is not a function literal without
// parameters that sends once as its last statement and never returns
// early, when it reads a variable that the parent assigns later or uses
// another context, and when the channel is used anywhere else.
func RaceResults(pass *analysis.Pass, file *ast.File, body *ast.BlockStmt, gos []*ast.GoStmt, ch types.Object) *analysis.SuggestedFix {
	info := pass.TypesInfo
	if body == nil || ch == nil || len(gos) < 2 {
		return nil
	}
	list := EnclosingList(body, gos[0])
	first := indexOf(list, gos[0])
	if first < 0 || first+len(gos) >= len(list) {
		return nil
	}
	for k, g := range gos {
		if list[first+k] != g {
			return nil
		}
	}
	recvStmt := list[first+len(gos)]
	recv := raceReceive(info, recvStmt, ch)
	if recv == nil {
		return nil
	}
	var makeStmt ast.Stmt
	for _, st := range list[:first] {
		if Declares(info, st, ch) {
			makeStmt = st
		}
	}
	if makeStmt == nil || !isMakeChan(info, makeStmt) {
		return nil
	}

	e := editor{pass: pass}
	ctxExpr := e.contextInScope(gos[0].Pos())
	parentCtx := lookup(pass, gos[0].Pos(), ctxExpr)
	uses := []ast.Node{makeStmt, recv.X}
	var lits []*ast.FuncLit
	var sends []*ast.SendStmt
	for _, g := range gos {
		lit, ok := g.Call.Fun.(*ast.FuncLit)
		if !ok || len(g.Call.Args) > 0 || len(lit.Type.Params.List) > 0 || lit.Type.Results != nil || len(lit.Body.List) == 0 {
			return nil
		}
		send, ok := lit.Body.List[len(lit.Body.List)-1].(*ast.SendStmt)
		if !ok || spawn.ObjectOf(info, send.Chan) != ch || containsReturn(lit.Body) ||
			watchesOtherContext(info, lit, parentCtx) || assignedAfter(info, body, lit, gos[len(gos)-1].End()) {
			return nil
		}
		lits = append(lits, lit)
		sends = append(sends, send)
		uses = append(uses, send.Chan)
	}
	if !onlyUses(info, body, ch, uses...) {
		return nil
	}

	chanType, ok := info.TypeOf(sends[0].Chan).Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	elem, ok := e.typeString(file, chanType.Elem())
	if !ok {
		return nil
	}
	asyncName, asyncEdits := fixes.AddImport(pass, file, fixes.AsyncPath, "async")
	contextName, contextEdits := fixes.AddImport(pass, file, "context", "context")
	ctxParam := ctxExpr
	if ctxParam == "" {
		ctxExpr = contextName + ".Background()"
		ctxParam = freeName(&ast.BlockStmt{List: list}, "ctx", "raceCtx")
		if ctxParam == "" {
			return nil
		}
	}

	funcs := make([]string, len(lits))
	for k, lit := range lits {
		send := sends[k]
		work, ok := e.rebuild(lit.Body.Lbrace+1, lit.Body.Rbrace, []edit{{
			start: e.offset(send.Pos()),
			end:   e.offset(send.End()),
			text:  "return " + fixes.Source(pass, send.Value) + ", nil",
		}})
		if !ok {
			return nil
		}
		funcs[k] = "func(" + ctxParam + " " + contextName + ".Context) (" + elem + ", error) {" + work + "}"
	}
	race := asyncName + ".Race(" + ctxExpr + ", " + strings.Join(funcs, ", ") + ")"

	base := e.indentOf(gos[0].Pos())
	var text string
	switch {
	case recv.ret:
		name := freeName(body, "first", "winner")
		if name == "" {
			return nil
		}
		text = base + name + ", _ := " + race + "\n" + base + "return " + name
	case recv.lhs != nil:
		text = base + fixes.Source(pass, recv.lhs) + ", _ " + recv.tok.String() + " " + race
	default:
		text = base + race
	}

	tf := pass.Fset.File(gos[0].Pos())
	edits := []analysis.TextEdit{
		{Pos: tf.LineStart(tf.Line(gos[0].Pos())), End: recvStmt.End(), NewText: []byte(text)},
		e.deleteLines(makeStmt),
	}
	// The standard library import goes first: both may insert at the end
	// of the import block, and the async import opens a group of its own.
	edits = append(edits, contextEdits...)
	edits = append(edits, asyncEdits...)
	return &analysis.SuggestedFix{
		Message:   "Run the goroutines with async.Race, which returns the first value, then cancels the others' context and waits for them to return",
		TextEdits: MergeInsertions(edits),
	}
}

// raceReceipt is the statement in which the parent takes the first value.
type raceReceipt struct {
	X   *ast.UnaryExpr // <-ch
	ret bool           // return <-ch
	lhs ast.Expr       // v in v := <-ch or v = <-ch
	tok token.Token    // := or =
}

// raceReceive matches return <-ch, v := <-ch, v = <-ch and <-ch.
func raceReceive(info *types.Info, st ast.Stmt, ch types.Object) *raceReceipt {
	recvOf := func(e ast.Expr) *ast.UnaryExpr {
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || spawn.ObjectOf(info, u.X) != ch {
			return nil
		}
		return u
	}
	switch st := st.(type) {
	case *ast.ReturnStmt:
		if len(st.Results) == 1 {
			if u := recvOf(st.Results[0]); u != nil {
				return &raceReceipt{X: u, ret: true}
			}
		}
	case *ast.AssignStmt:
		if len(st.Lhs) == 1 && len(st.Rhs) == 1 && (st.Tok == token.DEFINE || st.Tok == token.ASSIGN) {
			if u := recvOf(st.Rhs[0]); u != nil {
				return &raceReceipt{X: u, lhs: st.Lhs[0], tok: st.Tok}
			}
		}
	case *ast.ExprStmt:
		if u := recvOf(st.X); u != nil {
			return &raceReceipt{X: u}
		}
	}
	return nil
}
