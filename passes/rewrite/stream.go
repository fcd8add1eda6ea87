package rewrite

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// StreamScope returns the rewrite onto async.Run of a producer goroutine
// that streams values on a channel to a range loop, which may return
// before the channel is closed:
//
//	ch := make(chan T)
//	go func() {
//		defer close(ch)
//		... ch <- v ...
//	}()
//	for x := range ch {
//		... return a ...
//	}
//	return b
//
// becomes
//
//	var result R
//	_ = async.Run(ctx, func(s *async.Scope) error {
//		defer s.Cancel(nil)
//		s.Go(func(ctx context.Context) error {
//			defer close(ch)
//			... if err := async.Send(ctx, ch, v); err != nil {
//				return err
//			} ...
//			return nil
//		})
//		for x := range ch {
//			... result = a
//			return nil ...
//		}
//		result = b
//		return nil
//	})
//	return result
//
// When the loop returns early, the deferred Cancel ends the producer's
// context, so its pending Send gives up, and Run waits for it. A producer
// blocked in something else, such as a read from a pipe that stays open,
// makes the function wait until that ends, where the original returned
// and left the producer behind.
//
// The rewrite drops Run's error. The body always returns nil, and every
// return of the producer becomes return nil, so the only errors are those
// of a Send that gave up because the scope or ctx ended.
// ctx is the context in scope when the producer uses it, and then the
// producer must close the channel in a defer, because that context may
// end while the loop still ranges. Otherwise ctx is context.Background(),
// so that only the scope's Cancel stops the producer, as before.
//
// sig is the signature of the function whose body contains g, and ch the
// channel. StreamScope returns nil for any other shape. The range loop
// must follow the go statement in the same block. The producer must be a
// function literal without parameters. Its sends must be statements of its
// own, not in a select, a nested function, a helper or an alias. It
// must not use another context. The code after the go statement must not
// defer or jump, and the function must not have named results.
func StreamScope(pass *analysis.Pass, file *ast.File, sig *types.Signature, body *ast.BlockStmt, g *ast.GoStmt, ch types.Object) *analysis.SuggestedFix {
	info := pass.TypesInfo
	if body == nil || sig == nil || ch == nil {
		return nil
	}
	results := sig.Results()
	for i := range results.Len() {
		if results.At(i).Name() != "" {
			return nil
		}
	}
	list := body.List
	i := indexOf(list, g)
	if i < 0 {
		return nil
	}
	rest := list[i+1:]
	var loop *ast.RangeStmt
	for _, st := range rest {
		if r, ok := st.(*ast.RangeStmt); ok && spawn.ObjectOf(info, r.X) == ch {
			loop = r
			break
		}
	}
	if loop == nil {
		return nil
	}
	if results.Len() > 0 {
		// The last statement returns every result, or one call that
		// returns them all.
		last, ok := list[len(list)-1].(*ast.ReturnStmt)
		if !ok || (len(last.Results) != results.Len() && len(last.Results) != 1) {
			return nil
		}
	}
	region := &ast.BlockStmt{List: rest}
	if contains[*ast.DeferStmt](region) || branchesOut(rest, true) || contains[*ast.LabeledStmt](region) {
		return nil
	}

	lit, ok := g.Call.Fun.(*ast.FuncLit)
	if !ok || len(g.Call.Args) > 0 || len(lit.Type.Params.List) > 0 || lit.Type.Results != nil || contains[*ast.SelectStmt](lit.Body) {
		return nil
	}
	e := editor{pass: pass}
	ctxExpr := e.contextInScope(g.Pos())
	parentCtx := lookup(pass, g.Pos(), ctxExpr)
	if watchesOtherContext(info, lit, parentCtx) || assignedAfter(info, body, lit, g.End()) {
		return nil
	}
	sends, closes, ok := producerOps(info, lit, ch)
	if !ok || len(sends) == 0 {
		return nil
	}
	uses := []ast.Node{loop.X}
	for _, s := range sends {
		uses = append(uses, s.Chan)
	}
	for _, c := range closes {
		uses = append(uses, c)
	}
	for _, st := range list[:i] {
		if Declares(info, st, ch) {
			uses = append(uses, st)
		}
	}
	if !onlyUses(info, body, ch, uses...) {
		// A send through a helper or an alias would stay a plain send,
		// which the scope's Cancel cannot end.
		return nil
	}
	if parentCtx != nil && mentions(info, lit.Body, parentCtx) {
		if !defersClose(info, lit.Body.List, ch) {
			// When the context in scope ends, a send gives up and the
			// producer returns. Unless it closes the channel on the way
			// out, the range loop would then wait forever.
			return nil
		}
	} else {
		// The producer never looked at the context in scope, so it
		// must not stop when that context ends: only the scope's own
		// Cancel may end its sends.
		ctxExpr = ""
	}

	im := addAsyncImports(pass, file)
	if !im.usableAt(pass, g.Pos()) {
		return nil
	}
	contextName, asyncName := im.context, im.async
	ctxExpr, ctxParam := im.contextFor(ctxExpr, body, "streamCtx")
	chanType, ok := info.TypeOf(loop.X).Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	elem, ok := e.typeString(file, chanType.Elem())
	if !ok {
		return nil
	}
	names := freeNames(body, []string{"s", "scope"}, []string{"err", "sendErr"})
	if ctxParam == "" || names == nil || declaresAtTop(lit.Body.List, ctxParam) {
		return nil
	}
	scope, errName := names[0], names[1]
	var outs []string
	for i := range results.Len() {
		out := freeNameAt(pass, g.Pos(), body, resultNames(i)...)
		if out == "" || slices.Contains(outs, out) {
			return nil
		}
		outs = append(outs, out)
	}

	// The producer: every send becomes an async.Send that gives up when
	// the scope ends, and every return reports success.
	var producerEdits []Edit
	for _, send := range sends {
		call := asyncName + ".Send"
		if t := info.TypeOf(send.Value); t == nil || !types.Identical(t, chanType.Elem()) {
			// Inference would take the value's type, not the channel's.
			call += "[" + elem + "]"
		}
		producerEdits = append(producerEdits, Edit{
			Start: e.offset(send.Pos()),
			End:   e.offset(send.End()),
			Text: "if " + errName + " := " + call + "(" + ctxParam + ", " + fixes.Source(pass, send.Chan) + ", " + fixes.Source(pass, send.Value) + "); " + errName + " != nil {\n" +
				e.indentOf(send.Pos()) + "\treturn " + errName + "\n" + e.indentOf(send.Pos()) + "}",
		})
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			producerEdits = append(producerEdits, Edit{Start: e.offset(n.Pos()), End: e.offset(n.End()), Text: "return nil"})
		}
		return true
	})
	producer, ok := e.rebuild(lit.Body.Lbrace+1, lit.Body.Rbrace, producerEdits)
	if !ok {
		return nil
	}
	base := e.indentOf(g.Pos())
	producer = trimTrailingIndent(producer) + base + "\treturn nil\n"

	// The consumer: each return stores the function's results and leaves
	// the scope's body.
	var consumerEdits []Edit
	badReturn := false
	ast.Inspect(region, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			text := "return nil"
			if len(outs) > 0 {
				if len(n.Results) != len(outs) && len(n.Results) != 1 {
					badReturn = true
				}
				var vals []string
				for _, r := range n.Results {
					vals = append(vals, fixes.Source(pass, r))
				}
				ind := e.indentOf(n.Pos())
				text = strings.Join(outs, ", ") + " = " + strings.Join(vals, ", ") + "\n" + ind + "return nil"
			}
			consumerEdits = append(consumerEdits, Edit{Start: e.offset(n.Pos()), End: e.offset(n.End()), Text: text})
		}
		return true
	})
	consumer, ok := e.rebuild(rest[0].Pos(), list[len(list)-1].End(), consumerEdits)
	if !ok || badReturn {
		return nil
	}
	if len(outs) == 0 {
		if _, ends := list[len(list)-1].(*ast.ReturnStmt); !ends {
			consumer += "\n" + base + "return nil"
		}
	}

	var text strings.Builder
	for k, out := range outs {
		typ, ok := e.typeString(file, results.At(k).Type())
		if !ok {
			return nil
		}
		text.WriteString(base + "var " + out + " " + typ + "\n")
	}
	text.WriteString(base + "_ = " + asyncName + ".Run(" + ctxExpr + ", func(" + scope + " *" + asyncName + ".Scope) error {\n")
	text.WriteString(base + "\tdefer " + scope + ".Cancel(nil)\n")
	text.WriteString(base + "\t" + scope + ".Go(func(" + ctxParam + " " + contextName + ".Context) error {" + IndentLines(producer) + base + "\t})\n")
	text.WriteString(IndentLines(base+consumer) + "\n")
	text.WriteString(base + "})")
	if len(outs) > 0 {
		text.WriteString("\n" + base + "return " + strings.Join(outs, ", "))
	}

	tf := pass.Fset.File(g.Pos())
	edits := []analysis.TextEdit{{Pos: tf.LineStart(tf.Line(g.Pos())), End: list[len(list)-1].End(), NewText: []byte(text.String())}}
	edits = append(edits, im.edits...)
	return &analysis.SuggestedFix{
		Message:   "Run producer and consumer in an async.Run scope: the producer sends with async.Send, and the scope cancels and joins it when the consumer returns (a producer blocked elsewhere, as in a read, delays that return)",
		TextEdits: MergeInsertions(edits),
	}
}

// producerOps returns the sends on ch in the producer lit and its calls of
// close(ch). It reports false when a send is not a statement of a block or
// a clause, such as the post statement of a for loop, which the rewrite
// cannot turn into an if statement, or when a nested function sends.
func producerOps(info *types.Info, lit *ast.FuncLit, ch types.Object) ([]*ast.SendStmt, []*ast.CallExpr, bool) {
	var sends []*ast.SendStmt
	var closes []*ast.CallExpr
	ok := true
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if contains[*ast.SendStmt](n.Body) {
				ok = false
			}
			return false
		case *ast.SendStmt:
			if spawn.ObjectOf(info, n.Chan) == ch {
				sends = append(sends, n)
				ok = ok && InStatementList(lit.Body, n)
			}
		case *ast.CallExpr:
			if id, isIdent := ast.Unparen(n.Fun).(*ast.Ident); isIdent && id.Name == "close" && len(n.Args) == 1 && spawn.ObjectOf(info, n.Args[0]) == ch {
				closes = append(closes, n)
			}
		}
		return ok
	})
	return sends, closes, ok
}

// defersClose reports whether list has the statement defer close(ch).
func defersClose(info *types.Info, list []ast.Stmt, ch types.Object) bool {
	for _, st := range list {
		d, ok := st.(*ast.DeferStmt)
		if !ok || len(d.Call.Args) != 1 {
			continue
		}
		if id, ok := ast.Unparen(d.Call.Fun).(*ast.Ident); ok && id.Name == "close" && spawn.ObjectOf(info, d.Call.Args[0]) == ch {
			if _, builtin := info.Uses[id].(*types.Builtin); builtin {
				return true
			}
		}
	}
	return false
}

// resultNames returns the candidate names of the variable that holds
// result i of a rewritten function.
func resultNames(i int) []string {
	if i == 0 {
		return []string{"result", "out", "res"}
	}
	n := string(rune('0' + i%10))
	return []string{"result" + n, "out" + n, "res" + n}
}
