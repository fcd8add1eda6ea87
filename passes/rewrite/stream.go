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
// context, so its pending Send gives up, and Run waits for it. The
// rewrite drops Run's error, which can only come from that cancellation
// or from the end of ctx, since the producer fails only in a Send.
// ctx is the context in scope, or context.Background(). With a context in
// scope, which may end while the loop still ranges, the producer must
// close the channel in a defer.
//
// sig is the signature of the function whose body contains g, and ch the
// channel. StreamScope returns nil for any other shape. So it does when
// the go statement is not followed by the range loop, when the producer
// is not a function literal without parameters, sends in a select or in
// a nested function, or uses another context, and when the code after the
// go statement defers, jumps, or the function has named results.
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
	if indexOf(body.List, g) < 0 {
		return nil
	}
	list := body.List
	i := indexOf(list, g)
	if i+1 >= len(list) {
		return nil
	}
	loop, ok := list[i+1].(*ast.RangeStmt)
	if !ok || spawn.ObjectOf(info, loop.X) != ch {
		return nil
	}
	rest := list[i+1:]
	if last, ok := list[len(list)-1].(*ast.ReturnStmt); results.Len() > 0 && !ok {
		return nil
	} else if ok && len(last.Results) != results.Len() {
		return nil
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
	if watchesOtherContext(info, lit, lookup(pass, g.Pos(), ctxExpr)) || assignedAfter(info, body, lit, g.End()) {
		return nil
	}
	var sends []*ast.SendStmt
	nested := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if contains[*ast.SendStmt](n.Body) {
				nested = true
			}
			return false
		case *ast.SendStmt:
			if spawn.ObjectOf(info, n.Chan) == ch {
				sends = append(sends, n)
			}
		}
		return true
	})
	if nested || len(sends) == 0 {
		return nil
	}
	if ctxExpr != "" && !defersClose(info, lit.Body.List, ch) {
		// When the context in scope ends, a send gives up and the
		// producer returns. Unless it closes the channel on the way out,
		// the range loop would then wait forever.
		return nil
	}

	im := addAsyncImports(pass, file)
	contextName, asyncName := im.context, im.async
	ctxExpr, ctxParam := im.contextFor(ctxExpr, body, "streamCtx")
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
	var producerEdits []edit
	for _, send := range sends {
		producerEdits = append(producerEdits, edit{
			start: e.offset(send.Pos()),
			end:   e.offset(send.End()),
			text: "if " + errName + " := " + asyncName + ".Send(" + ctxParam + ", " + fixes.Source(pass, send.Chan) + ", " + fixes.Source(pass, send.Value) + "); " + errName + " != nil {\n" +
				e.indentOf(send.Pos()) + "\treturn " + errName + "\n" + e.indentOf(send.Pos()) + "}",
		})
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			producerEdits = append(producerEdits, edit{start: e.offset(n.Pos()), end: e.offset(n.End()), text: "return nil"})
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
	var consumerEdits []edit
	ast.Inspect(region, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			text := "return nil"
			if len(outs) > 0 {
				var vals []string
				for _, r := range n.Results {
					vals = append(vals, fixes.Source(pass, r))
				}
				ind := e.indentOf(n.Pos())
				text = strings.Join(outs, ", ") + " = " + strings.Join(vals, ", ") + "\n" + ind + "return nil"
			}
			consumerEdits = append(consumerEdits, edit{start: e.offset(n.Pos()), end: e.offset(n.End()), text: text})
		}
		return true
	})
	consumer, ok := e.rebuild(loop.Pos(), list[len(list)-1].End(), consumerEdits)
	if !ok {
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
		Message:   "Run producer and consumer in an async.Run scope: the producer sends with async.Send, and the scope cancels and joins it when the consumer returns",
		TextEdits: MergeInsertions(edits),
	}
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
