package wgmisuse

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// callsOf returns the WaitGroup calls that fn runs itself, in source order.
func (c *checker) callsOf(fn ast.Node) []*wgCall {
	var out []*wgCall
	for _, wc := range c.calls {
		if wc.owner == fn && wc.ok {
			out = append(out, wc)
		}
	}
	return out
}

// groupIn returns the group of wc, a call in the body of g, as the parent
// of g names it: a parameter of the body becomes the argument's group.
func groupIn(g *goroutine, wc *wgCall) group {
	k := wc.group
	if outer, ok := g.params[k.root]; ok {
		outer.path += k.path
		if k.field != nil {
			outer.field = k.field
		}
		return outer
	}
	return k
}

// doneSites returns the calls in the body of g that decrement key: Done,
// and Add with a negative constant.
func (c *checker) doneSites(g *goroutine, key group) []*wgCall {
	if g.body == nil {
		return nil
	}
	var out []*wgCall
	for _, wc := range c.callsOf(g.body) {
		if isDecrement(c.pass.TypesInfo, wc) && groupIn(g, wc) == key {
			out = append(out, wc)
		}
	}
	return out
}

// countedGroups returns the groups that the body of g decrements.
func (c *checker) countedGroups(g *goroutine) []group {
	if g.body == nil {
		return nil
	}
	var out []group
	seen := make(map[group]bool)
	for _, wc := range c.callsOf(g.body) {
		if !isDecrement(c.pass.TypesInfo, wc) {
			continue
		}
		k := groupIn(g, wc)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func isDecrement(info *types.Info, wc *wgCall) bool {
	switch wc.method {
	case "Done":
		return true
	case "Add":
		n, ok := addConstant(info, wc)
		return ok && n < 0
	}
	return false
}

// addConstant returns the argument of an Add call when it is constant.
func addConstant(info *types.Info, wc *wgCall) (int64, bool) {
	if wc.method != "Add" || len(wc.call.Args) != 1 {
		return 0, false
	}
	tv, ok := info.Types[wc.call.Args[0]]
	if !ok || tv.Value == nil {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(tv.Value))
}

// addsBefore returns the Add calls of key that the parent of g runs before
// the go statement of g.
func (c *checker) addsBefore(g *goroutine, key group) []*wgCall {
	var out []*wgCall
	for _, wc := range c.callsOf(g.parent) {
		if wc.method == "Add" && wc.group == key && wc.call.Pos() < g.stmt.Pos() && !isDecrement(c.pass.TypesInfo, wc) {
			out = append(out, wc)
		}
	}
	return out
}

// waitFor returns a Wait call on key, or nil. It prefers a Wait that fn
// runs, then one on the same field anywhere in the package.
func (c *checker) waitFor(key group, fn ast.Node) *wgCall {
	var other *wgCall
	for _, wc := range c.calls {
		if wc.method != "Wait" || !wc.ok {
			continue
		}
		if wc.group == key && wc.owner == fn {
			return wc
		}
		if other == nil && (wc.group == key || key.field != nil && wc.group.field == key.field) {
			other = wc
		}
	}
	return other
}

// funcName returns the name of the declared function that contains n.
func (c *checker) funcName(n ast.Node) string {
	for ; n != nil; n = c.parents[n] {
		if decl, ok := n.(*ast.FuncDecl); ok {
			return decl.Name.Name
		}
	}
	return "this function"
}

// enclosingLoop returns the innermost for or range statement that contains
// n below the function fn, or nil.
func (c *checker) enclosingLoop(n, fn ast.Node) ast.Stmt {
	for p := c.parents[n]; p != nil && p != fn; p = c.parents[p] {
		switch p := p.(type) {
		case *ast.ForStmt:
			return p
		case *ast.RangeStmt:
			return p
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// inside reports whether the descendant d lies below the ancestor a.
func (c *checker) inside(d, a ast.Node) bool {
	for p := c.parents[d]; p != nil; p = c.parents[p] {
		if p == a {
			return true
		}
	}
	return false
}

// blockOf returns the statement list that contains stmt directly, and the
// index of stmt in it.
func (c *checker) blockOf(stmt ast.Stmt) ([]ast.Stmt, int) {
	var list []ast.Stmt
	switch p := c.parents[stmt].(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	default:
		return nil, -1
	}
	for i, s := range list {
		if s == stmt {
			return list, i
		}
	}
	return nil, -1
}

// funcCFG returns the control-flow graph of a FuncDecl or FuncLit.
func (c *checker) funcCFG(fn ast.Node) *cfg.CFG {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if fn.Body == nil {
			return nil
		}
		if _, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func); !ok {
			return nil
		}
		return c.cfgs.FuncDecl(fn)
	case *ast.FuncLit:
		return c.cfgs.FuncLit(fn)
	}
	return nil
}

func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// endsInNoReturn reports whether the last node of b is a call that never
// returns (panic, os.Exit, log.Fatal, t.Fatal and what ctrlflow derives
// from them), so that b ends the goroutine without returning normally.
func (c *checker) endsInNoReturn(b *cfg.Block) bool {
	if len(b.Nodes) == 0 {
		return false
	}
	stmt, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	return fn != nil && c.cfgs.NoReturn(fn)
}

// exitPath searches the control-flow graph, from the node at index start
// of the block from, for a path that returns without passing a node for
// which stop holds. It returns the block where that path ends. A path that
// comes back to from returns from itself. It returns nil when every path
// stops, or ends without returning.
func (c *checker) exitPath(from *cfg.Block, start int, stop func(ast.Node) bool) *cfg.Block {
	seen := make(map[*cfg.Block]bool)
	var search func(b *cfg.Block, start int) *cfg.Block
	search = func(b *cfg.Block, start int) *cfg.Block {
		for _, n := range b.Nodes[start:] {
			if stop(n) {
				return nil
			}
		}
		if len(b.Succs) == 0 {
			// go/cfg ends every normal exit with a return statement, made
			// up for the end of the body. Other blocks without successors
			// never return: a call that does not return, a select with
			// no case ready, select {}.
			if len(b.Nodes) == 0 {
				return nil
			}
			if _, ok := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt); !ok || c.endsInNoReturn(b) {
				return nil
			}
			return b
		}
		for _, s := range b.Succs {
			if s == from {
				return from
			}
			if seen[s] {
				continue
			}
			seen[s] = true
			if end := search(s, 0); end != nil {
				return end
			}
		}
		return nil
	}
	return search(from, start)
}

// findNode returns the block of g and the index in it of the node n.
func findNode(g *cfg.CFG, n ast.Node) (*cfg.Block, int) {
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, m := range b.Nodes {
			if m == n {
				return b, i
			}
		}
	}
	return nil, -1
}

// containsNode reports whether n contains the node target, without looking
// into function literals.
func containsNode(n, target ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		if m == target {
			found = true
			return false
		}
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		return true
	})
	return found
}

// mentions reports whether n uses obj anywhere, function literals included.
func (c *checker) mentions(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// mentionsGroup reports whether n contains an expression that names key,
// without looking into function literals.
func (c *checker) mentionsGroup(n ast.Node, key group) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident, *ast.SelectorExpr:
			if k, ok := c.groupOf(m.(ast.Expr)); ok && k == key {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// isLocal reports whether the root of key is a variable declared inside
// fn, so that no other function can reach the group unless fn passes it.
func isLocal(key group, fn ast.Node) bool {
	body := funcBody(fn)
	return body != nil && key.root != nil && key.root.Pos() > body.Pos() && key.root.Pos() < body.End()
}

func posOf(n ast.Node) token.Pos {
	if n == nil {
		return token.NoPos
	}
	return n.Pos()
}
