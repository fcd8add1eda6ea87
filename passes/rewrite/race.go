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
// RaceResults returns nil for any other shape, such as go statements that
// are not consecutive statements of one block right before the receive.
// Each goroutine must be a function literal without parameters that sends
// once, as its last statement, and never returns early. It must not read a
// variable that the parent assigns later or use another context, and the
// channel must have no other use.
func RaceResults(pass *analysis.Pass, file *ast.File, body *ast.BlockStmt, gos []*ast.GoStmt, ch types.Object) *analysis.SuggestedFix {
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
	r := &racer{pass: pass, file: file, body: body, list: list, first: first, last: first + len(gos), gos: gos, ch: ch}
	return r.fix()
}

// RaceLoop is RaceResults for goroutines that a loop starts, one per
// round, when the loop's body is the go statement alone:
//
//	ch := make(chan T)
//	for _, x := range xs {
//		go func() { ...; ch <- f(x) }()
//	}
//	v := <-ch
//
// becomes
//
//	var racers []func(context.Context) (T, error)
//	for _, x := range xs {
//		racers = append(racers, func(ctx context.Context) (T, error) {
//			...
//			return f(x), nil
//		})
//	}
//	v, _ := async.Race(ctx, racers...)
//
// With no rounds, Race returns at once with the zero value, where the
// receive blocked forever.
func RaceLoop(pass *analysis.Pass, file *ast.File, body *ast.BlockStmt, g *ast.GoStmt, ch types.Object) *analysis.SuggestedFix {
	if body == nil || ch == nil {
		return nil
	}
	var loop ast.Stmt
	var loopBody *ast.BlockStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if len(n.Body.List) == 1 && n.Body.List[0] == g {
				loop, loopBody = n, n.Body
			}
		case *ast.ForStmt:
			if len(n.Body.List) == 1 && n.Body.List[0] == g {
				loop, loopBody = n, n.Body
			}
		}
		return loop == nil
	})
	if loop == nil {
		return nil
	}
	list := EnclosingList(body, loop)
	i := indexOf(list, loop)
	if i < 0 || i+1 >= len(list) {
		return nil
	}
	r := &racer{pass: pass, file: file, body: body, list: list, first: i, last: i + 1, gos: []*ast.GoStmt{g}, ch: ch, loop: loop, loopBody: loopBody}
	return r.fix()
}

// racer holds what RaceResults and RaceLoop rewrite: the statements
// list[first:last] (the go statements, or the loop) and the receive at
// list[last].
type racer struct {
	pass        *analysis.Pass
	file        *ast.File
	body        *ast.BlockStmt
	list        []ast.Stmt
	first, last int
	gos         []*ast.GoStmt
	ch          types.Object
	loop        ast.Stmt // the loop around the one go statement, or nil
	loopBody    *ast.BlockStmt
}

func (r *racer) fix() *analysis.SuggestedFix {
	pass, info := r.pass, r.pass.TypesInfo
	recvStmt := r.list[r.last]
	recv := raceReceive(info, recvStmt, r.ch)
	if recv == nil {
		return nil
	}
	var makeStmt ast.Stmt
	for _, st := range r.list[:r.first] {
		if Declares(info, st, r.ch) {
			makeStmt = st
		}
	}
	if makeStmt == nil || !isMakeChan(info, makeStmt) {
		return nil
	}

	e := editor{pass: pass}
	start := r.list[r.first]
	ctxExpr := e.contextInScope(start.Pos())
	parentCtx := lookup(pass, start.Pos(), ctxExpr)
	uses := []ast.Node{makeStmt, recv.X}
	var lits []*ast.FuncLit
	var sends []*ast.SendStmt
	for _, g := range r.gos {
		lit, ok := g.Call.Fun.(*ast.FuncLit)
		if !ok || len(g.Call.Args) > 0 || len(lit.Type.Params.List) > 0 || lit.Type.Results != nil || len(lit.Body.List) == 0 {
			return nil
		}
		send, ok := lit.Body.List[len(lit.Body.List)-1].(*ast.SendStmt)
		if !ok || spawn.ObjectOf(info, send.Chan) != r.ch || containsReturn(lit.Body) ||
			watchesOtherContext(info, lit, parentCtx) || assignedAfter(info, r.body, lit, r.list[r.last-1].End()) {
			return nil
		}
		lits = append(lits, lit)
		sends = append(sends, send)
		uses = append(uses, send.Chan)
	}
	if !onlyUses(info, r.body, r.ch, uses...) {
		return nil
	}

	chanType, ok := info.TypeOf(sends[0].Chan).Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	elem, ok := e.typeString(r.file, chanType.Elem())
	if !ok {
		return nil
	}
	im := addAsyncImports(pass, r.file)
	if !im.usableAt(pass, start.Pos()) {
		return nil
	}
	contextName, asyncName := im.context, im.async
	ctxExpr, ctxParam := im.contextFor(ctxExpr, &ast.BlockStmt{List: r.list}, "raceCtx")
	if ctxParam == "" {
		return nil
	}

	for _, lit := range lits {
		if declaresAtTop(lit.Body.List, ctxParam) {
			// The parameter would clash with the goroutine's own ctx.
			return nil
		}
	}
	funcType := "func(" + ctxParam + " " + contextName + ".Context) (" + elem + ", error)"
	funcs := make([]string, len(lits))
	for k, lit := range lits {
		send := sends[k]
		work, ok := e.rebuild(lit.Body.Lbrace+1, lit.Body.Rbrace, []Edit{{
			Start: e.offset(send.Pos()),
			End:   e.offset(send.End()),
			Text:  "return " + fixes.Source(pass, send.Value) + ", nil",
		}})
		if !ok {
			return nil
		}
		funcs[k] = funcType + " {" + work + "}"
	}

	base := e.indentOf(start.Pos())
	var text string
	var race string
	if r.loop == nil {
		race = asyncName + ".Race(" + ctxExpr + ", " + strings.Join(funcs, ", ") + ")"
	} else {
		racers := freeNameAt(pass, start.Pos(), r.body, "racers", "tries")
		if racers == "" {
			return nil
		}
		head, ok := e.rebuild(r.loop.Pos(), r.loopBody.Lbrace+1, nil)
		if !ok {
			return nil
		}
		inner := base + "\t"
		text = base + "var " + racers + " []func(" + contextName + ".Context) (" + elem + ", error)\n" +
			base + head + "\n" +
			inner + racers + " = append(" + racers + ", " + funcs[0] + ")\n" +
			base + "}\n"
		race = asyncName + ".Race(" + ctxExpr + ", " + racers + "...)"
	}
	switch {
	case recv.ret:
		name := freeNameAt(pass, start.Pos(), r.body, "first", "winner")
		if name == "" {
			return nil
		}
		text += base + name + ", _ := " + race + "\n" + base + "return " + name
	case recv.lhs != nil:
		text += base + fixes.Source(pass, recv.lhs) + ", _ " + recv.tok.String() + " " + race
	default:
		text += base + race
	}

	tf := pass.Fset.File(start.Pos())
	edits := []analysis.TextEdit{
		{Pos: tf.LineStart(tf.Line(start.Pos())), End: recvStmt.End(), NewText: []byte(text)},
		e.deleteLines(makeStmt),
	}
	edits = append(edits, im.edits...)
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
