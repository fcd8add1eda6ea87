package spawn

import (
	"go/ast"
	"go/types"
)

// objectOf returns the variable or field that e denotes: an identifier's
// object, a selector's field, or the operand of & and *. It returns nil
// for any other expression.
func objectOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := info.Uses[e]; obj != nil {
			return obj
		}
		return info.Defs[e]
	case *ast.SelectorExpr:
		return info.Uses[e.Sel]
	case *ast.UnaryExpr:
		return objectOf(info, e.X)
	case *ast.StarExpr:
		return objectOf(info, e.X)
	}
	return nil
}

// ObjectOf is objectOf for other passes: the variable or field that e
// denotes, looking through parentheses, & and *.
func ObjectOf(info *types.Info, e ast.Expr) types.Object { return objectOf(info, e) }

// methodCall reports whether n is a call of the method name, and returns
// the receiver expression.
func methodCall(info *types.Info, n ast.Node, name string) (ast.Expr, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return nil, false
	}
	if _, ok := info.Uses[sel.Sel].(*types.Func); !ok {
		return nil, false
	}
	return sel.X, true
}

// calledFunc returns the function or method that call calls statically, or
// nil.
func calledFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr:
		return calledFunc(info, &ast.CallExpr{Fun: fun.X})
	case *ast.IndexListExpr:
		return calledFunc(info, &ast.CallExpr{Fun: fun.X})
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// IsWaitGroup reports whether t is sync.WaitGroup or a pointer to it.
func IsWaitGroup(t types.Type) bool { return isWaitGroup(t) }

func isWaitGroup(t types.Type) bool {
	return isNamed(t, "sync", "WaitGroup")
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool { return isContext(t) }

func isContext(t types.Type) bool {
	return isNamed(t, "context", "Context")
}

// isNamed reports whether t, or the type t points to, is the named type
// path.name.
func isNamed(t types.Type, path, name string) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == path && obj.Name() == name
}

// isLocal reports whether obj is declared inside body.
func isLocal(obj types.Object, body *ast.BlockStmt) bool {
	return body != nil && obj != nil && body.Pos() <= obj.Pos() && obj.Pos() < body.End()
}

// ReceivedChannel returns the channel that a select case's communication
// receives from, or nil for a send or the default case.
func ReceivedChannel(comm ast.Stmt) ast.Expr { return receivedChannel(comm) }
