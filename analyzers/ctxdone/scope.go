package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// contextVar is a variable that holds a context whose cancellation a
// caller can expect the code to honour. It is a parameter of type
// context.Context, the Context() of a request or stream, or a variable
// derived from a tracked context or from context.Background with a
// timeout or deadline.
//
// A contextVar may also stand for a struct field that holds a context,
// such as w.ctx, when a function watches w.ctx.Done() in a select: then
// field is the expression w.ctx and root is the variable w.
type contextVar struct {
	obj   *types.Var
	ident *ast.Ident // the declaring identifier, or the field's name where it is watched
	param bool

	field ast.Expr
	label string // source of field
	root  types.Object
}

func (v *contextVar) name() string {
	if v.field != nil {
		return v.label
	}
	return v.obj.Name()
}

func (v *contextVar) describe() string {
	if v.field != nil {
		return v.label + ".Done() is watched here"
	}
	if v.param {
		return v.name() + " is the context parameter"
	}
	return v.name() + " is derived here"
}

// collectContexts finds the tracked contexts of the package and the
// variables assigned from their Done channels. It visits the files in
// source order, so a context is tracked before the contexts derived from it.
func (c *checker) collectContexts() {
	tracked := make(map[types.Object]*contextVar)
	add := func(id *ast.Ident, param bool) {
		obj, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
		if !ok || obj == nil || id.Name == "_" || tracked[obj] != nil {
			return
		}
		v := &contextVar{obj: obj, ident: id, param: param}
		tracked[obj] = v
		c.contexts = append(c.contexts, v)
	}
	filter := []ast.Node{(*ast.FuncType)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}
	c.inspect.Preorder(filter, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncType:
			if n.Params == nil {
				return
			}
			for _, field := range n.Params.List {
				if !isContext(c.pass.TypesInfo.TypeOf(field.Type)) {
					continue
				}
				for _, id := range field.Names {
					add(id, true)
				}
			}

		case *ast.AssignStmt:
			if n.Tok != token.DEFINE || len(n.Rhs) != 1 {
				return
			}
			c.collectDerived(n.Lhs, n.Rhs[0], tracked, add)

		case *ast.ValueSpec:
			if len(n.Values) != 1 {
				return
			}
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			c.collectDerived(lhs, n.Values[0], tracked, add)
		}
	})
	c.collectDetachments(tracked)
}

// detachment is a call context.WithoutCancel(ctx) of a tracked context.
type detachment struct {
	ctx   types.Object
	pos   token.Pos
	scope *types.Scope // the innermost scope around the call
}

// collectDetachments records the calls context.WithoutCancel(ctx) of
// tracked contexts.
func (c *checker) collectDetachments(tracked map[types.Object]*contextVar) {
	c.inspect.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" || fn.Name() != "WithoutCancel" || len(call.Args) != 1 {
			return
		}
		id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
		if !ok || tracked[c.pass.TypesInfo.Uses[id]] == nil {
			return
		}
		if scope := c.pass.Pkg.Scope().Innermost(call.Pos()); scope != nil {
			c.detached = append(c.detached, detachment{ctx: tracked[c.pass.TypesInfo.Uses[id]].obj, pos: call.Pos(), scope: scope})
		}
	})
}

// isDetached reports whether the code at pos follows a
// context.WithoutCancel(v) in the same or an enclosing block.
func (c *checker) isDetached(v *contextVar, pos token.Pos) bool {
	for _, d := range c.detached {
		if d.ctx == v.obj && d.pos < pos && d.scope.Contains(pos) {
			return true
		}
	}
	return false
}

// collectDerived tracks the context variables among lhs when rhs derives
// them from a tracked context, and marks done variables.
func (c *checker) collectDerived(lhs []ast.Expr, rhs ast.Expr, tracked map[types.Object]*contextVar, add func(*ast.Ident, bool)) {
	if len(lhs) == 1 && c.isStrictDone(rhs) {
		if id, ok := lhs[0].(*ast.Ident); ok {
			if obj := c.pass.TypesInfo.Defs[id]; obj != nil {
				c.doneVars[obj] = true
			}
		}
		return
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || !c.derivesContext(call, tracked) {
		return
	}
	for _, e := range lhs {
		id, ok := e.(*ast.Ident)
		if !ok {
			continue
		}
		if isContext(c.pass.TypesInfo.TypeOf(id)) {
			add(id, false)
		} else if obj := c.pass.TypesInfo.Defs[id]; obj != nil {
			c.boundVars[obj] = true
		}
	}
}

// derivesContext reports whether call returns a context that is cancelled
// when a tracked context is: context.WithCancel(ctx) and its kin, and any
// other call that takes a tracked context, such as a tracing helper that
// returns ctx with a span. context.WithoutCancel is the exception. A
// context.WithTimeout or WithDeadline of context.Background or TODO counts
// too, because its deadline promises an end.
func (c *checker) derivesContext(call *ast.CallExpr, tracked map[types.Object]*contextVar) bool {
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
		switch fn.Name() {
		case "WithoutCancel", "Background", "TODO":
			return false
		case "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause":
			if len(call.Args) > 0 && c.isRootContext(call.Args[0]) {
				return true
			}
		}
	}
	if c.isContextMethod(call) {
		return true
	}
	for _, arg := range call.Args {
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if ok && tracked[c.pass.TypesInfo.Uses[id]] != nil {
			return true
		}
	}
	return false
}

// isContextMethod reports whether call is x.Context() returning the
// context of a request or stream, which ends with it. The Context of
// testing.T, B and F is left out: it is cancelled only after the test
// function returns, so the test body cannot wait on it.
func (c *checker) isContextMethod(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Context" || len(call.Args) != 0 || !isContext(c.pass.TypesInfo.TypeOf(call)) {
		return false
	}
	selection, ok := c.pass.TypesInfo.Selections[sel]
	if !ok || selection.Kind() != types.MethodVal {
		return false
	}
	recv := selection.Recv()
	if p, ok := recv.Underlying().(*types.Pointer); ok {
		recv = p.Elem()
	}
	if named, ok := types.Unalias(recv).(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "testing" {
		return false
	}
	return !isContext(recv)
}

// isRootContext reports whether e is context.Background() or context.TODO().
func (c *checker) isRootContext(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" &&
		(fn.Name() == "Background" || fn.Name() == "TODO")
}

// contextAt returns the tracked context that code at pos should honour:
// the visible, unshadowed one declared last. It returns nil when no
// tracked context is in scope at pos.
func (c *checker) contextAt(pos token.Pos) *contextVar {
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return nil
	}
	var best *contextVar
	for _, v := range c.contexts {
		parent := v.obj.Parent()
		if parent == nil || !parent.Contains(pos) || v.obj.Pos() >= pos {
			continue
		}
		if _, obj := inner.LookupParent(v.name(), pos); obj != v.obj {
			continue // shadowed
		}
		if c.isDetached(v, pos) {
			continue
		}
		if best == nil || v.obj.Pos() > best.obj.Pos() {
			best = v
		}
	}
	return best
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	if t == nil {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "context" && obj.Name() == "Context"
}

// isStrictDone reports whether e is the Done channel of a context: a call
// x.Done() where x is a context.Context, or a variable assigned from one.
func (c *checker) isStrictDone(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Done" && len(e.Args) == 0 && isContext(c.pass.TypesInfo.TypeOf(sel.X))
	case *ast.Ident:
		return c.doneVars[c.pass.TypesInfo.Uses[e]]
	}
	return false
}

// isStopSignal reports whether receiving from e may be how the code learns
// that it should stop, so that a select waiting on it does not block
// without end: a context's Done channel, any Done() method's channel, a
// channel of struct{} (the usual quit, stop or closing channel), or a
// timer's channel, which fires after a finite time.
func (c *checker) isStopSignal(e ast.Expr) bool {
	if c.isStrictDone(e) || c.isTimerChan(e) {
		return true
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" {
			return true
		}
	}
	ch, ok := types.Unalias(c.pass.TypesInfo.TypeOf(e)).(*types.Chan)
	if !ok {
		return false
	}
	st, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// isTimerChan reports whether e is time.After(d), time.Tick(d), or the C
// field of a *time.Timer or *time.Ticker.
func (c *checker) isTimerChan(e ast.Expr) bool {
	return c.isTimeCall(e, "After") || c.isTimeCall(e, "Tick") || c.timeFieldOwner(e) != ""
}

// isTickerChan reports whether e fires repeatedly: time.Tick(d) or the C
// field of a *time.Ticker.
func (c *checker) isTickerChan(e ast.Expr) bool {
	return c.isTimeCall(e, "Tick") || c.timeFieldOwner(e) == "Ticker"
}

// timeFieldOwner returns "Timer" or "Ticker" when e is the C field of one,
// else "".
func (c *checker) timeFieldOwner(e ast.Expr) string {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "C" {
		return ""
	}
	t := c.pass.TypesInfo.TypeOf(sel.X)
	if t == nil {
		return ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "time" {
		return ""
	}
	if name := named.Obj().Name(); name == "Timer" || name == "Ticker" {
		return name
	}
	return ""
}

// isTimeCall reports whether e is a call of the function name of package
// time.
func (c *checker) isTimeCall(e ast.Expr, name string) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == name &&
		fn.Signature().Recv() == nil
}

// seesContext reports whether n uses any context, and so is taken to check
// for cancellation. A use is an expression of type context.Context (as in
// ctx.Err(), ctx.Done(), a call that passes ctx, a field that holds one),
// a variable assigned from a Done channel, or a value returned by a call
// that takes the context. Such a value, like a stream opened with ctx,
// fails once ctx is cancelled.
func (c *checker) seesContext(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if id, ok := e.(*ast.Ident); ok && (c.doneVars[c.pass.TypesInfo.Uses[id]] || c.boundVars[c.pass.TypesInfo.Uses[id]]) {
			found = true
			return false
		}
		if tv, ok := c.pass.TypesInfo.Types[e]; ok && !tv.IsType() && isContext(tv.Type) {
			found = true
			return false
		}
		return true
	})
	return found
}

// watchedField returns the context field whose Done channel fn receives
// from in a select, outside nested function literals, or nil.
func (c *checker) watchedField(fn ast.Node) *contextVar {
	var found *contextVar
	ast.Inspect(funcBody(fn), func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			ch, recv := commChannel(n.Comm)
			if !recv || ch == nil || !c.isStrictDone(ch) {
				return true
			}
			call, ok := ast.Unparen(ch).(*ast.CallExpr)
			if !ok {
				return true
			}
			done, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			field, ok := ast.Unparen(done.X).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if sel, ok := c.pass.TypesInfo.Selections[field]; !ok || sel.Kind() != types.FieldVal {
				return true
			}
			root, ok := ast.Unparen(field.X).(*ast.Ident)
			if !ok || c.pass.TypesInfo.Uses[root] == nil {
				return true
			}
			found = &contextVar{ident: field.Sel, field: field, label: c.src(field), root: c.pass.TypesInfo.Uses[root]}
		}
		return true
	})
	if found != nil && found.label == "" {
		return nil
	}
	return found
}
