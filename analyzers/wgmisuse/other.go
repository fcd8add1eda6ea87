package wgmisuse

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// checkDoneNever reports an Add on a group that nothing in the package
// decrements, when nothing outside the package can reach the group either.
func (c *checker) checkDoneNever() {
	reported := make(map[group]bool)
	for _, add := range c.calls {
		if add.method != "Add" || !add.ok || isDecrement(c.pass.TypesInfo, add) {
			continue
		}
		if n, ok := addConstant(c.pass.TypesInfo, add); ok && n <= 0 {
			continue
		}
		key := add.group
		if reported[key] || !c.groupSealed(key) {
			continue
		}
		decremented := false
		for _, wc := range c.calls {
			if !wc.ok || !(wc.group == key || key.field != nil && wc.group.field == key.field) {
				continue
			}
			if wc.method == "Done" || wc.method == "Go" {
				decremented = true
			}
			if n, ok := addConstant(c.pass.TypesInfo, wc); wc.method == "Add" && (!ok || n <= 0) {
				decremented = true
			}
		}
		if decremented {
			continue
		}
		wait := c.waitFor(key, add.owner)
		if wait == nil {
			continue
		}
		reported[key] = true
		msg := fmt.Sprintf("%s is never matched by %s.Done(): nothing calls Done on %s, so %s in %s never returns",
			c.src(add.call), c.src(add.recv), c.src(add.recv), c.src(wait.call), c.funcName(wait.call))
		c.report(add.call.Pos(), add.call.End(), "done-never", msg,
			[]analysis.RelatedInformation{related(wait.call, "the Wait that never returns")}, nil)
	}
}

// groupSealed reports whether every use of the group's variable or field
// in the package is the operand of a WaitGroup method call, and nothing
// outside the package can name it, so the package holds every Done.
func (c *checker) groupSealed(key group) bool {
	recvs := make(map[ast.Expr]bool)
	for _, wc := range c.calls {
		recvs[ast.Unparen(wc.recv)] = true
	}
	info := c.pass.TypesInfo
	switch {
	case key.path == "":
		v, ok := key.root.(*types.Var)
		if !ok || v.IsField() || v.Exported() && v.Parent() == c.pass.Pkg.Scope() || c.isParam(v) {
			return false
		}
		for id, obj := range info.Uses {
			if obj == v && !recvs[id] {
				return false
			}
		}
		return true
	case key.field != nil:
		f := key.field.Origin()
		if f.Exported() || f.Embedded() {
			return false
		}
		for id, obj := range info.Uses {
			if obj != f && obj != key.field {
				if v, ok := obj.(*types.Var); !ok || v.Origin() != f {
					continue
				}
			}
			sel, ok := c.parents[id].(*ast.SelectorExpr)
			if !ok || sel.Sel != id || !recvs[sel] {
				return false
			}
		}
		return true
	}
	return false
}

func (c *checker) isParam(v *types.Var) bool {
	for id, obj := range c.pass.TypesInfo.Defs {
		if obj == v {
			_, ok := c.parents[id].(*ast.Field)
			return ok
		}
	}
	return true
}

// ownerOfNode returns the function that runs n, with the rules of ownerOf.
func (c *checker) ownerOfNode(n ast.Node) ast.Node {
	var stack []ast.Node
	for p := n; p != nil; p = c.parents[p] {
		stack = append([]ast.Node{p}, stack...)
	}
	owner, _ := ownerOf(stack)
	return owner
}

// checkWaitBeforeDrain reports a Wait that runs before the parent drains
// an unbuffered channel that the counted goroutines send on: the senders
// block, never call Done, and Wait never returns.
func (c *checker) checkWaitBeforeDrain() {
	for _, wait := range c.calls {
		if wait.method != "Wait" || !wait.ok || wait.deferred || wait.owner == nil {
			continue
		}
		if s, ok := wait.stmt.(*ast.ExprStmt); !ok || s.X != wait.call {
			continue
		}
		var spawned []*goroutine
		for _, g := range c.goroutines {
			if g.parent == wait.owner && g.stmt.Pos() < wait.call.Pos() && c.counts(g, wait.group) {
				spawned = append(spawned, g)
			}
		}
		for _, g := range spawned {
			send, ch := c.goroutineSend(g)
			if send == nil || c.doneBefore(g, wait.group, send) {
				continue
			}
			drain := c.drainAfter(ch, wait, spawned)
			if drain == nil {
				continue
			}
			msg := fmt.Sprintf("%s runs before %s is drained: the goroutines counted by %s block sending on the unbuffered channel %s and never call Done, so Wait never returns; drain %s first and call Wait in a goroutine that then closes it",
				c.src(wait.call), ch.Name(), c.src(wait.recv), ch.Name(), ch.Name())
			c.report(wait.call.Pos(), wait.call.End(), "wait-before-drain", msg,
				[]analysis.RelatedInformation{related(send, "the send that blocks"), related(drain, "the receive that runs only after Wait")}, nil)
			break
		}
	}
}

// doneBefore reports whether the body of g may call Done on key before
// send: a Done that is not deferred and comes first in the source. Wait
// can then return while the goroutine blocks in send.
func (c *checker) doneBefore(g *goroutine, key group, send *ast.SendStmt) bool {
	for _, d := range c.doneSites(g, key) {
		if !d.deferred && d.call.Pos() < send.Pos() {
			return true
		}
	}
	return false
}

// goroutineSend returns a send in the body of g, outside any select, and
// the parent's channel variable that it sends on: a variable the body
// captures, or the argument for a parameter that the body only sends on or
// closes. Whenever such a send runs before the parent drains the channel,
// it blocks.
func (c *checker) goroutineSend(g *goroutine) (*ast.SendStmt, *types.Var) {
	body := funcBody(g.body)
	if body == nil {
		return nil, nil
	}
	var send *ast.SendStmt
	var ch *types.Var
	ast.Inspect(body, func(m ast.Node) bool {
		if send != nil {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit, *ast.SelectStmt:
			return false
		case *ast.SendStmt:
			id, ok := ast.Unparen(m.Chan).(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
			if !ok {
				return true
			}
			if _, isLit := g.body.(*ast.FuncLit); isLit && v.Pos() < g.body.Pos() {
				send, ch = m, v
			} else if outer := c.sendOnlyParamArg(g, v); outer != nil {
				send, ch = m, outer
			}
		}
		return true
	})
	return send, ch
}

// sendOnlyParamArg returns the parent's variable passed for the parameter
// v of the body of g. It returns nil unless the body only sends on v or
// closes it.
func (c *checker) sendOnlyParamArg(g *goroutine, v *types.Var) *types.Var {
	arg := c.argFor(g, v)
	if arg == nil {
		return nil
	}
	id, ok := ast.Unparen(arg).(*ast.Ident)
	if !ok {
		return nil
	}
	outer, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	for use, obj := range c.pass.TypesInfo.Uses {
		if obj != v {
			continue
		}
		switch p := c.parents[use].(type) {
		case *ast.SendStmt:
			if p.Chan != use || c.insideSelect(p) {
				return nil
			}
		case *ast.CallExpr:
			if !c.isClose(p) {
				return nil
			}
		default:
			return nil
		}
	}
	return outer
}

func (c *checker) isClose(call *ast.CallExpr) bool {
	fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := c.pass.TypesInfo.Uses[fn].(*types.Builtin)
	return ok && b.Name() == "close"
}

// drainAfter returns the receive or range on ch that the function of wait
// runs after wait, or nil. It requires that the function makes ch
// unbuffered and that every other use of ch is a close or a send in one of
// the spawned goroutines.
func (c *checker) drainAfter(ch *types.Var, wait *wgCall, spawned []*goroutine) ast.Node {
	if !c.unbufferedIn(ch, wait.owner) {
		return nil
	}
	var drain ast.Node
	for id, obj := range c.pass.TypesInfo.Uses {
		if obj != ch {
			continue
		}
		switch p := c.parents[id].(type) {
		case *ast.SendStmt:
			if p.Chan != id || c.insideSelect(p) || !c.inSpawned(p, spawned) {
				return nil
			}
		case *ast.UnaryExpr:
			if p.Op != token.ARROW || c.ownerOfNode(p) != wait.owner || p.Pos() < wait.call.Pos() || c.insideSelect(p) {
				return nil
			}
			if drain == nil || p.Pos() < drain.Pos() {
				drain = p
			}
		case *ast.RangeStmt:
			if p.X != id || c.ownerOfNode(p) != wait.owner || p.Pos() < wait.call.Pos() {
				return nil
			}
			if drain == nil || p.Pos() < drain.Pos() {
				drain = p
			}
		case *ast.CallExpr:
			if !c.isClose(p) && !c.passedToSender(p, id, spawned) {
				return nil
			}
		default:
			return nil
		}
	}
	return drain
}

// passedToSender reports whether call starts one of the spawned goroutines
// and passes id for a parameter that the goroutine only sends on or closes.
func (c *checker) passedToSender(call *ast.CallExpr, id *ast.Ident, spawned []*goroutine) bool {
	for _, g := range spawned {
		if g.stmt.Call != call {
			continue
		}
		params := funcType(g.body)
		if params == nil || call.Ellipsis.IsValid() {
			return false
		}
		i := 0
		for _, f := range params.Params.List {
			for _, name := range f.Names {
				if i < len(call.Args) && call.Args[i] == id {
					v, ok := c.pass.TypesInfo.Defs[name].(*types.Var)
					return ok && c.sendOnlyParamArg(g, v) != nil
				}
				i++
			}
			if len(f.Names) == 0 {
				i++
			}
		}
	}
	return false
}

func (c *checker) insideSelect(n ast.Node) bool {
	for p := c.parents[n]; p != nil; p = c.parents[p] {
		switch p.(type) {
		case *ast.SelectStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

func (c *checker) inSpawned(n ast.Node, spawned []*goroutine) bool {
	for _, g := range spawned {
		if c.inside(n, g.body) && c.ownerOfNode(n) == g.body {
			return true
		}
	}
	return false
}

// unbufferedIn reports whether ch is declared in fn as make(chan T) or
// make(chan T, 0).
func (c *checker) unbufferedIn(ch *types.Var, fn ast.Node) bool {
	body := funcBody(fn)
	if body == nil || ch.Pos() < body.Pos() || ch.Pos() > body.End() {
		return false
	}
	for id, obj := range c.pass.TypesInfo.Defs {
		if obj != ch {
			continue
		}
		var value ast.Expr
		switch p := c.parents[id].(type) {
		case *ast.AssignStmt:
			for i, lhs := range p.Lhs {
				if lhs == id && len(p.Rhs) == len(p.Lhs) {
					value = p.Rhs[i]
				}
			}
		case *ast.ValueSpec:
			for i, name := range p.Names {
				if name == id && len(p.Values) == len(p.Names) {
					value = p.Values[i]
				}
			}
		}
		call, ok := ast.Unparen(value).(*ast.CallExpr)
		if !ok {
			return false
		}
		if fn, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || c.pass.TypesInfo.Uses[fn] != types.Universe.Lookup("make") {
			return false
		}
		if len(call.Args) == 1 {
			return true
		}
		tv := c.pass.TypesInfo.Types[call.Args[1]]
		return len(call.Args) == 2 && tv.Value != nil && constant.Sign(tv.Value) == 0
	}
	return false
}

// checkCopied reports a WaitGroup copied into a function: a parameter of
// type sync.WaitGroup, a value receiver whose struct holds one, and a
// struct holding one passed by value to a goroutine. It reports only when
// the copy is then used as a WaitGroup, so the calls reach the copy and
// not the group that the caller waits on.
func (c *checker) checkCopied() {
	for _, wc := range c.calls {
		if !wc.ok {
			continue
		}
		v, ok := wc.group.root.(*types.Var)
		if !ok || v.IsField() {
			continue
		}
		field := c.paramField(v)
		if field == nil {
			continue
		}
		t := v.Type()
		if wc.group.path == "" && isWaitGroup(t) && !isPointer(t) {
			c.reportCopiedParam(v, field, wc)
		} else if wc.group.path != "" && copiedAlong(t, wc.group.path) {
			if c.isReceiver(v) {
				c.reportCopiedReceiver(v, field, wc)
			} else if _, ok := c.parents[c.parents[field]].(*ast.FuncType); ok && c.inFuncDecl(field) {
				c.reportCopiedStructParam(v, field, wc)
			}
		}
	}
	c.checkCopiedGoArgs()
}

// paramField returns the parameter or receiver declaration of v, or nil.
func (c *checker) paramField(v *types.Var) *ast.Field {
	for id, obj := range c.pass.TypesInfo.Defs {
		if obj == v {
			f, _ := c.parents[id].(*ast.Field)
			return f
		}
	}
	return nil
}

func (c *checker) isReceiver(v *types.Var) bool {
	for id, obj := range c.pass.TypesInfo.Defs {
		if obj == v {
			list, ok := c.parents[c.parents[id]].(*ast.FieldList)
			if !ok {
				return false
			}
			decl, ok := c.parents[list].(*ast.FuncDecl)
			return ok && decl.Recv == list
		}
	}
	return false
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

// copiedAlong reports whether the WaitGroup that path (".a.wg") selects
// from a value of type t lies in that value itself, with no pointer on the
// way, so that a copy of the value copies the WaitGroup.
func copiedAlong(t types.Type, path string) bool {
	if isPointer(t) || path == "" {
		return false
	}
	for name := range strings.SplitSeq(strings.TrimPrefix(path, "."), ".") {
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return false
		}
		var next types.Type
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				next = st.Field(i).Type()
			}
		}
		if next == nil || isPointer(next) {
			return false
		}
		t = next
	}
	return isWaitGroup(t)
}

func (c *checker) inFuncDecl(field *ast.Field) bool {
	_, ok := c.parents[c.parents[c.parents[field]]].(*ast.FuncDecl)
	return ok
}

func (c *checker) reportCopiedStructParam(v *types.Var, field *ast.Field, use *wgCall) {
	if c.copiedReported == nil {
		c.copiedReported = make(map[types.Object]bool)
	}
	if c.copiedReported[v] {
		return
	}
	c.copiedReported[v] = true
	msg := fmt.Sprintf("%s holds a sync.WaitGroup and is passed by value: %s works on the copy, not on the caller's group; pass a pointer",
		v.Name(), c.src(use.call))
	c.report(field.Pos(), field.End(), "copied", msg,
		[]analysis.RelatedInformation{related(use.call, "the call on the copy")}, nil)
}

func (c *checker) reportCopiedParam(v *types.Var, field *ast.Field, use *wgCall) {
	if c.copiedReported == nil {
		c.copiedReported = make(map[types.Object]bool)
	}
	if c.copiedReported[v] {
		return
	}
	c.copiedReported[v] = true
	msg := fmt.Sprintf("%s is a sync.WaitGroup passed by value: %s works on a copy that the caller's Wait never sees; take *sync.WaitGroup and pass &%s",
		v.Name(), c.src(use.call), v.Name())
	c.report(field.Pos(), field.End(), "copied", msg,
		[]analysis.RelatedInformation{related(use.call, "the call on the copy")}, c.fixesCopied(v, field))
}

func (c *checker) reportCopiedReceiver(v *types.Var, field *ast.Field, use *wgCall) {
	if c.copiedReported == nil {
		c.copiedReported = make(map[types.Object]bool)
	}
	if c.copiedReported[v] {
		return
	}
	c.copiedReported[v] = true
	msg := fmt.Sprintf("the value receiver %s copies the sync.WaitGroup in %s: %s works on the copy, not on the caller's group; use a pointer receiver",
		v.Name(), c.src(use.recv), c.src(use.call))
	c.report(field.Pos(), field.End(), "copied", msg,
		[]analysis.RelatedInformation{related(use.call, "the call on the copy")}, nil)
}

// checkCopiedGoArgs reports a struct holding a WaitGroup passed by value to
// a goroutine whose body then uses the WaitGroup of its copy.
func (c *checker) checkCopiedGoArgs() {
	for _, g := range c.goroutines {
		if g.body == nil {
			continue
		}
		for _, wc := range c.callsOf(g.body) {
			v, ok := wc.group.root.(*types.Var)
			if !ok || wc.group.path == "" || !copiedAlong(v.Type(), wc.group.path) {
				continue
			}
			arg := c.argFor(g, v)
			if arg == nil || c.copiedReported[v] {
				continue
			}
			if c.copiedReported == nil {
				c.copiedReported = make(map[types.Object]bool)
			}
			c.copiedReported[v] = true
			msg := fmt.Sprintf("%s, which holds a sync.WaitGroup, is passed by value to the goroutine: %s works on the goroutine's copy, not on the group the parent waits on; pass &%s",
				types.ExprString(arg), c.src(wc.call), types.ExprString(arg))
			c.report(arg.Pos(), arg.End(), "copied", msg,
				[]analysis.RelatedInformation{related(wc.call, "the call on the copy")}, nil)
		}
	}
}

// argFor returns the argument of the go statement of g that initialises
// the parameter v of its body, or nil.
func (c *checker) argFor(g *goroutine, v *types.Var) ast.Expr {
	var fields *ast.FieldList
	switch fn := g.body.(type) {
	case *ast.FuncLit:
		fields = fn.Type.Params
	case *ast.FuncDecl:
		fields = fn.Type.Params
	}
	if fields == nil || g.stmt.Call.Ellipsis.IsValid() {
		return nil
	}
	i := 0
	for _, f := range fields.List {
		if len(f.Names) == 0 {
			i++
		}
		for _, name := range f.Names {
			if c.pass.TypesInfo.Defs[name] == v && i < len(g.stmt.Call.Args) {
				return g.stmt.Call.Args[i]
			}
			i++
		}
	}
	return nil
}
