package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// channelFacts records, for the package, which struct fields hold
// channels made with and without a buffer, and which channels are closed.
type channelFacts struct {
	buffered   map[types.Object]bool
	unbuffered map[types.Object]bool
	closed     map[types.Object]bool

	// For struct fields: how often the package sends on, receives from,
	// or otherwise uses each (passes it on, returns it, compares it).
	sends, receives, otherUses map[types.Object]int
}

func (c *checker) channelFacts() *channelFacts {
	facts := &channelFacts{
		buffered:   make(map[types.Object]bool),
		unbuffered: make(map[types.Object]bool),
		closed:     make(map[types.Object]bool),
		sends:      make(map[types.Object]int),
		receives:   make(map[types.Object]int),
		otherUses:  make(map[types.Object]int),
	}
	c.countFieldUses(facts)
	record := func(target ast.Expr, value ast.Expr) {
		obj := c.channelObject(target)
		if obj == nil {
			return
		}
		switch c.makeBuffer(value) {
		case bufferNone:
			facts.unbuffered[obj] = true
		case bufferSome:
			facts.buffered[obj] = true
		}
	}
	filter := []ast.Node{(*ast.AssignStmt)(nil), (*ast.KeyValueExpr)(nil), (*ast.CallExpr)(nil)}
	c.inspect.Preorder(filter, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					record(n.Lhs[i], n.Rhs[i])
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				if obj, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && obj.IsField() {
					switch c.makeBuffer(n.Value) {
					case bufferNone:
						facts.unbuffered[obj] = true
					case bufferSome:
						facts.buffered[obj] = true
					}
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
				if _, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin); builtin {
					if obj := c.channelObject(n.Args[0]); obj != nil {
						facts.closed[obj] = true
					}
				}
			}
		}
	})
	return facts
}

// countFieldUses counts, for each struct field of the package, the sends,
// receives and other uses of its channel.
func (c *checker) countFieldUses(facts *channelFacts) {
	for cur := range c.inspect.Root().Preorder((*ast.SelectorExpr)(nil)) {
		sel := cur.Node().(*ast.SelectorExpr)
		selection, ok := c.pass.TypesInfo.Selections[sel]
		if !ok || selection.Kind() != types.FieldVal {
			continue
		}
		obj := selection.Obj()
		switch p := cur.Parent().Node().(type) {
		case *ast.SendStmt:
			if p.Chan == sel {
				facts.sends[obj]++
				continue
			}
		case *ast.UnaryExpr:
			if p.Op == token.ARROW {
				facts.receives[obj]++
				continue
			}
		case *ast.RangeStmt:
			if p.X == sel {
				facts.receives[obj]++
				continue
			}
		case *ast.AssignStmt:
			if slices.Contains(p.Lhs, ast.Expr(sel)) {
				continue
			}
		case *ast.SelectorExpr:
			continue // sel is the x of x.y, so the use is of y
		}
		facts.otherUses[obj]++
	}
}

const (
	bufferUnknown = iota
	bufferNone
	bufferSome
)

// makeBuffer classifies e when it is make(chan T) or make(chan T, n).
func (c *checker) makeBuffer(e ast.Expr) int {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return bufferUnknown
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "make" {
		return bufferUnknown
	}
	t := c.pass.TypesInfo.TypeOf(call.Args[0])
	if t == nil {
		return bufferUnknown
	}
	if _, ok := t.Underlying().(*types.Chan); !ok {
		return bufferUnknown
	}
	if len(call.Args) == 1 {
		return bufferNone
	}
	if tv, ok := c.pass.TypesInfo.Types[call.Args[1]]; ok && tv.Value != nil && tv.Value.String() == "0" {
		return bufferNone
	}
	return bufferSome
}

// channelObject returns the variable or field that e names, or nil.
func (c *checker) channelObject(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj, _ := c.pass.TypesInfo.ObjectOf(e).(*types.Var)
		if obj == nil {
			return nil
		}
		return obj
	case *ast.SelectorExpr:
		if sel, ok := c.pass.TypesInfo.Selections[e]; ok && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
	}
	return nil
}

// closesChannel reports whether fn closes ch.
func (c *checker) closesChannel(fn ast.Node, ch ast.Expr) bool {
	obj := c.channelObject(ch)
	if obj == nil {
		return false
	}
	found := false
	ast.Inspect(funcBody(fn), func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if ok && id.Name == "close" && len(call.Args) == 1 && c.channelObject(call.Args[0]) == obj {
			found = true
		}
		return true
	})
	return found
}

// localMake classifies how fn makes the local channel obj: every make of
// it must agree, and any other assignment makes it unknown.
func (c *checker) localMake(fn ast.Node, obj types.Object) int {
	result := bufferUnknown
	ast.Inspect(funcBody(fn), func(n ast.Node) bool {
		var lhs, rhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs, rhs = n.Lhs, n.Rhs
		case *ast.ValueSpec:
			for _, id := range n.Names {
				lhs = append(lhs, id)
			}
			rhs = n.Values
		default:
			return true
		}
		for i, e := range lhs {
			id, ok := e.(*ast.Ident)
			if !ok || c.pass.TypesInfo.ObjectOf(id) != obj {
				continue
			}
			kind := bufferUnknown
			if len(lhs) == len(rhs) {
				kind = c.makeBuffer(rhs[i])
			}
			if result == bufferUnknown && kind == bufferNone {
				result = bufferNone
			} else {
				result = -1
			}
		}
		return true
	})
	if result < 0 {
		return bufferUnknown
	}
	return result
}
