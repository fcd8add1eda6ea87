package chanleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/rewrite"
)

// chanName returns the name of the channel as the user wrote it: the
// variable the make call is assigned to, the field, or the helper that
// returns it.
func (c *checker) chanName(ch *chanflow.Channel) string {
	k := ch.Key
	switch {
	case k.Field != nil:
		if k.Elem {
			return "in " + k.Field.Name()
		}
		return k.Field.Name()
	case k.Remote != nil:
		if callee := k.Remote.Call.StaticCallee(); callee != nil {
			return "returned by " + callee.Name()
		}
		return "returned by the call"
	case k.Make != nil:
		if name := c.makeName(k.Make.Pos()); name != "" {
			return name
		}
		return fmt.Sprintf("made at line %d", c.line(k.Make.Pos()))
	}
	return "?"
}

// makeCall returns the make call whose left parenthesis is at lparen, and
// the nodes that enclose it.
func (c *checker) makeCall(lparen token.Pos) (*ast.CallExpr, []ast.Node) {
	path := c.path(lparen)
	for i, n := range path {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
			return call, path[i+1:]
		}
	}
	return nil, nil
}

// makeName returns the variable that the make call at lparen initialises.
func (c *checker) makeName(lparen token.Pos) string {
	call, outer := c.makeCall(lparen)
	if call == nil || len(outer) == 0 {
		return ""
	}
	var expr ast.Expr = call
	for _, n := range outer {
		switch p := n.(type) {
		case *ast.ParenExpr, *ast.CallExpr:
			// A conversion such as (<-chan T)(make(...)).
			expr = p.(ast.Expr)
			continue
		case *ast.AssignStmt:
			for i, r := range p.Rhs {
				if r == expr && i < len(p.Lhs) {
					return types.ExprString(p.Lhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, r := range p.Values {
				if r == expr && i < len(p.Names) {
					return p.Names[i].Name
				}
			}
		case *ast.KeyValueExpr:
			return types.ExprString(p.Key)
		}
		return ""
	}
	return ""
}

// caseText returns the text of the select case whose arrow is at pos, as
// "case <-time.After(d)".
func (c *checker) caseText(pos token.Pos) string {
	for _, n := range c.path(pos) {
		if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil {
			text := fixes.Source(c.pass, cc.Comm)
			if text == "" || strings.Contains(text, "\n") {
				return ""
			}
			return "case " + text
		}
	}
	return ""
}

// bufferFix returns the fix that gives the channel of sp a buffer of n, so
// that every send of the goroutine finds room.
func (c *checker) bufferFix(sp *spawn, n int) []analysis.SuggestedFix {
	return fixes.Order(style, nil, c.bufferRepair(sp, n))
}

// bufferRepair returns the minimal repair of bufferFix, or nil.
func (c *checker) bufferRepair(sp *spawn, n int) *analysis.SuggestedFix {
	if n <= 0 || n >= infinite || sp.ch.Key.Make == nil || !c.singleSender(sp) {
		return nil
	}
	return c.sizeRepair(sp, fmt.Sprint(n))
}

// abandonedFixes returns the fixes of an abandoned sender: the rewrite
// onto package async where the shape allows it, and a buffer for the
// goroutine's sends.
func (c *checker) abandonedFixes(sp *spawn) []analysis.SuggestedFix {
	return fixes.Order(style, c.awaitFix(sp), c.bufferRepair(sp, sp.sends))
}

// awaitFix returns the rewrite onto package async of a goroutine of the
// parent that sends one result, which the parent waits for in a select
// that gives up on time.After or ctx.Done (see rewrite.AwaitResult), or
// nil for any other shape.
func (c *checker) awaitFix(sp *spawn) *analysis.SuggestedFix {
	k := sp.ch.Key
	if sp.helper != nil || sp.goInstr == nil || sp.inLoop || k.Make == nil || k.Make.Parent() != sp.parent || sp.sends != 1 {
		return nil
	}
	g, body := c.goStmt(sp.goInstr.Pos())
	ch := c.madeVar(k.Make)
	if g == nil || body == nil || ch == nil {
		return nil
	}
	return rewrite.AwaitResult(c.pass, fixes.File(c.pass, g.Pos()), body, g, ch)
}

// raceFix returns the rewrite onto async.Race of go statements that race
// to send the one value the parent receives (see rewrite.RaceResults), or
// nil for any other shape.
func (c *checker) raceFix(ch *chanflow.Channel, gos []*ssa.Go) *analysis.SuggestedFix {
	v := c.madeVar(ch.Key.Make)
	if v == nil {
		return nil
	}
	var stmts []*ast.GoStmt
	var body *ast.BlockStmt
	for _, g := range gos {
		st, b := c.goStmt(g.Pos())
		if st == nil || (body != nil && b != body) {
			return nil
		}
		stmts, body = append(stmts, st), b
	}
	return rewrite.RaceResults(c.pass, fixes.File(c.pass, stmts[0].Pos()), body, stmts, v)
}

// goStmt returns the go statement at pos and the body of the function
// that contains it.
func (c *checker) goStmt(pos token.Pos) (*ast.GoStmt, *ast.BlockStmt) {
	var g *ast.GoStmt
	for _, n := range c.path(pos) {
		switch n := n.(type) {
		case *ast.GoStmt:
			if g == nil {
				g = n
			}
		case *ast.FuncLit:
			if g != nil {
				return g, n.Body
			}
		case *ast.FuncDecl:
			if g != nil {
				return g, n.Body
			}
		}
	}
	return nil, nil
}

// madeVar returns the variable that v := make(chan T) declares for mk, or
// nil when the make call is not the whole right side of a definition of
// one variable.
func (c *checker) madeVar(mk *ssa.MakeChan) types.Object {
	if mk == nil {
		return nil
	}
	call, outer := c.makeCall(mk.Pos())
	if call == nil || len(outer) == 0 {
		return nil
	}
	assign, ok := outer[0].(*ast.AssignStmt)
	if !ok || len(assign.Lhs) != 1 {
		return nil
	}
	id, ok := assign.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	return c.pass.TypesInfo.Defs[id]
}

// singleSender reports whether the goroutine of sp is the only one that
// sends on the channel, so that a buffer for its sends is enough.
func (c *checker) singleSender(sp *spawn) bool {
	for _, op := range sp.ch.Ops {
		if op.Kind == chanflow.Send && op.Fn == sp.parent && sp.helper == nil {
			return false
		}
	}
	return true
}

// sizeRepair returns the fix that adds size to the make call of the
// channel, or nil.
func (c *checker) sizeRepair(sp *spawn, size string) *analysis.SuggestedFix {
	call, _ := c.makeCall(sp.ch.Key.Make.Pos())
	if call == nil || len(call.Args) != 1 {
		return nil
	}
	return &analysis.SuggestedFix{
		Message: fmt.Sprintf("Give channel %s a buffer of %s so that the sender never blocks", c.chanName(sp.ch), size),
		TextEdits: []analysis.TextEdit{{
			Pos:     call.Args[0].End(),
			End:     call.Args[0].End(),
			NewText: []byte(", " + size),
		}},
	}
}

// fanInFixes returns the fixes of goroutines started in a loop: the
// rewrite onto async.Race when the parent takes the first value, and a
// buffer for every goroutine.
func (c *checker) fanInFixes(sp *spawn) []analysis.SuggestedFix {
	return fixes.Order(style, c.raceLoopFix(sp), c.loopBufferRepair(sp))
}

// raceLoopFix returns the rewrite onto async.Race of a loop whose every
// round starts a goroutine that sends one value, when the parent receives
// once right after the loop (see rewrite.RaceLoop), or nil.
func (c *checker) raceLoopFix(sp *spawn) *analysis.SuggestedFix {
	if sp.sends != 1 || sp.helper != nil || sp.goInstr == nil || sp.ch.Key.Make == nil || sp.ch.Cap != 0 {
		return nil
	}
	g, body := c.goStmt(sp.goInstr.Pos())
	v := c.madeVar(sp.ch.Key.Make)
	if g == nil || body == nil || v == nil {
		return nil
	}
	return rewrite.RaceLoop(c.pass, fixes.File(c.pass, g.Pos()), body, g, v)
}

// loopBufferRepair returns the fix that sizes the channel of sp to the
// number of goroutines that the loop around the go statement starts, when
// each goroutine sends once and that number can be written at the make
// call.
func (c *checker) loopBufferRepair(sp *spawn) *analysis.SuggestedFix {
	if sp.sends != 1 || sp.ch.Key.Make == nil || sp.helper != nil || !c.singleSender(sp) {
		return nil
	}
	makePos := sp.ch.Key.Make.Pos()
	var loop ast.Node
	for _, n := range c.path(sp.goInstr.Pos()) {
		if _, ok := n.(*ast.FuncLit); ok {
			break
		}
		if _, ok := n.(*ast.FuncDecl); ok {
			break
		}
		switch n.(type) {
		case *ast.RangeStmt, *ast.ForStmt:
			if loop == nil {
				loop = n
			}
		}
	}
	if loop == nil || loop.Pos() < makePos {
		return nil
	}
	var count string
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := c.pass.TypesInfo.TypeOf(l.X)
		if t == nil || !c.declaredBefore(l.X, makePos) {
			return nil
		}
		switch t.Underlying().(type) {
		case *types.Slice, *types.Map, *types.Array:
			count = "len(" + types.ExprString(l.X) + ")"
		case *types.Basic:
			if info := t.Underlying().(*types.Basic).Info(); info&types.IsInteger != 0 {
				count = types.ExprString(l.X)
			}
		}
	case *ast.ForStmt:
		cond, ok := l.Cond.(*ast.BinaryExpr)
		if !ok || cond.Op != token.LSS || !c.declaredBefore(cond.Y, makePos) {
			return nil
		}
		if init, ok := l.Init.(*ast.AssignStmt); !ok || len(init.Rhs) != 1 || types.ExprString(init.Rhs[0]) != "0" {
			return nil
		}
		count = types.ExprString(cond.Y)
	}
	if count == "" {
		return nil
	}
	return c.sizeRepair(sp, count)
}

// declaredBefore reports whether every identifier of e refers to a
// constant, a package-level object or a variable declared before pos, so
// that e can be evaluated at pos.
func (c *checker) declaredBefore(e ast.Expr, pos token.Pos) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !isIdent {
			_, isCall := n.(*ast.CallExpr)
			if isCall {
				ok = false
			}
			return ok
		}
		obj := c.pass.TypesInfo.Uses[id]
		switch o := obj.(type) {
		case nil:
		case *types.Var:
			if o.Parent() != nil && o.Parent() != c.pass.Pkg.Scope() && o.Pos() >= pos {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// deferCloseFix returns the fix that closes the channel of sp when the
// parent returns, for a channel that nothing closes yet and whose
// receiver only waits for a signal or ranges.
func (c *checker) deferCloseFix(sp *spawn) []analysis.SuggestedFix {
	k := sp.ch.Key
	if k.Make == nil || sp.helper != nil || k.Make.Parent() != sp.parent {
		return nil
	}
	for _, op := range sp.ch.Ops {
		if op.Kind == chanflow.Close {
			return nil
		}
	}
	if !sp.ranges && !sp.recvLoop {
		elem, ok := k.Make.Type().Underlying().(*types.Chan)
		if !ok {
			return nil
		}
		if st, ok := elem.Elem().Underlying().(*types.Struct); !ok || st.NumFields() != 0 {
			return nil
		}
	}
	name := c.makeName(k.Make.Pos())
	if name == "" || strings.ContainsAny(name, ".[") {
		return nil
	}
	_, outer := c.makeCall(k.Make.Pos())
	var stmt ast.Stmt
	for _, n := range outer {
		if s, ok := n.(*ast.AssignStmt); ok {
			stmt = s
			break
		}
		if s, ok := n.(*ast.DeclStmt); ok {
			stmt = s
			break
		}
	}
	if stmt == nil || c.inLoop(stmt) {
		return nil
	}
	indent := c.indentOf(stmt.Pos())
	minimal := &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Close channel %s when %s returns", name, funcName(sp.parent)),
		TextEdits: []analysis.TextEdit{{Pos: stmt.End(), End: stmt.End(), NewText: []byte("\n" + indent + "defer close(" + name + ")")}},
	}
	return fixes.Order(style, nil, minimal)
}

// inLoop reports whether n lies in a loop of its function.
func (c *checker) inLoop(n ast.Node) bool {
	for _, p := range c.path(n.Pos()) {
		switch p.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			if p != n {
				return true
			}
		}
	}
	return false
}

// indentOf returns the white space that starts the line of pos.
func (c *checker) indentOf(pos token.Pos) string {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return "\t"
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return "\t"
	}
	lineStart := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := lineStart
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[lineStart:end])
}

// closeFix offers no repair for a range that nothing closes: the close
// belongs after the last sender, which needs a join the code lacks.
func (c *checker) closeFix(*spawn) []analysis.SuggestedFix { return nil }

// stopChannelFix returns the fix that gives a producer goroutine a way
// out: the parent closes a stop channel when it returns, and each send of
// the goroutine also waits for that channel. It applies when the
// goroutine is a function literal of the parent that returns nothing and
// sends only in plain send statements.
func (c *checker) stopChannelFix(sp *spawn) []analysis.SuggestedFix {
	k := sp.ch.Key
	if k.Make == nil || sp.helper != nil || k.Make.Parent() != sp.parent || sp.goInstr == nil {
		return nil
	}
	name := c.makeName(k.Make.Pos())
	if name == "" || strings.ContainsAny(name, ".[") {
		return nil
	}
	var lit *ast.FuncLit
	for _, n := range c.path(sp.goInstr.Pos()) {
		if g, ok := n.(*ast.GoStmt); ok {
			lit, _ = g.Call.Fun.(*ast.FuncLit)
			break
		}
	}
	if lit == nil || (lit.Type.Results != nil && len(lit.Type.Results.List) > 0) {
		return nil
	}
	_, outer := c.makeCall(k.Make.Pos())
	var stmt ast.Stmt
	for _, n := range outer {
		if s, ok := n.(*ast.AssignStmt); ok {
			stmt = s
			break
		}
	}
	if stmt == nil || c.inLoop(stmt) {
		return nil
	}

	// Every send on the channel in the literal must be a plain send
	// statement, and no other function may send on it.
	var sends []*ast.SendStmt
	nested := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			nested = true
			return false
		case *ast.SelectStmt:
			return false
		case *ast.SendStmt:
			if types.ExprString(x.Chan) == name {
				sends = append(sends, x)
			}
		}
		return true
	})
	if nested || len(sends) != len(sp.sendPos) {
		return nil
	}
	for _, send := range sends {
		if !rewrite.InStatementList(lit.Body, send) {
			// A send in the post statement of a for loop cannot become a
			// select statement.
			return nil
		}
	}

	stop := c.freeName(lit, "stop")
	indent := c.indentOf(stmt.Pos())
	edits := []analysis.TextEdit{{
		Pos:     stmt.End(),
		End:     stmt.End(),
		NewText: []byte("\n" + indent + stop + " := make(chan struct{})\n" + indent + "defer close(" + stop + ")"),
	}}
	for _, send := range sends {
		in := c.indentOf(send.Pos())
		text := fixes.Source(c.pass, send)
		if text == "" || strings.Contains(text, "\n") {
			return nil
		}
		edits = append(edits, analysis.TextEdit{
			Pos: send.Pos(),
			End: send.End(),
			NewText: []byte("select {\n" + in + "case " + text + ":\n" + in + "case <-" + stop + ":\n" +
				in + "\treturn\n" + in + "}"),
		})
	}
	minimal := &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Close a stop channel when %s returns and let the sends on %s give up on it", funcName(sp.parent), name),
		TextEdits: edits,
	}
	return fixes.Order(style, c.streamFix(sp), minimal)
}

// streamFix returns the rewrite onto async.Run of a producer goroutine and
// the range loop that consumes its values (see rewrite.StreamScope), or
// nil.
func (c *checker) streamFix(sp *spawn) *analysis.SuggestedFix {
	if sp.helper != nil || sp.goInstr == nil || sp.ch.Key.Make == nil || sp.ch.Key.Make.Parent() != sp.parent {
		return nil
	}
	g, body := c.goStmt(sp.goInstr.Pos())
	v := c.madeVar(sp.ch.Key.Make)
	if g == nil || body == nil || v == nil {
		return nil
	}
	sig := sp.parent.Signature
	return rewrite.StreamScope(c.pass, fixes.File(c.pass, g.Pos()), sig, body, g, v)
}

// freeName returns base, or base with a number, that no identifier of the
// function enclosing n uses.
func (c *checker) freeName(n ast.Node, base string) string {
	var scope ast.Node = n
	for _, p := range c.path(n.Pos()) {
		if fd, ok := p.(*ast.FuncDecl); ok {
			scope = fd
		}
	}
	used := map[string]bool{}
	ast.Inspect(scope, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok {
			used[id.Name] = true
		}
		return true
	})
	name := base
	for i := 2; used[name] || c.pass.Pkg.Scope().Lookup(name) != nil; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}
