package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/spawn"
)

// EnclosingList returns the statement list that contains st directly.
func EnclosingList(root ast.Node, st ast.Stmt) []ast.Stmt {
	var list []ast.Stmt
	ast.Inspect(root, func(n ast.Node) bool {
		if list != nil || n == nil || n.End() < st.Pos() || n.Pos() > st.End() {
			return false
		}
		var stmts []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			stmts = n.List
		case *ast.CaseClause:
			stmts = n.Body
		case *ast.CommClause:
			stmts = n.Body
		}
		if slices.Contains(stmts, st) {
			list = stmts
			return false
		}
		return true
	})
	return list
}

func indexOf(list []ast.Stmt, st ast.Stmt) int {
	return slices.Index(list, st)
}

// Declares reports whether st is a statement that declares obj and nothing
// else: `var x T`, `var x = e` or `x := e`.
func Declares(info *types.Info, st ast.Stmt, obj types.Object) bool {
	switch st := st.(type) {
	case *ast.DeclStmt:
		gen, ok := st.Decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR || len(gen.Specs) != 1 {
			return false
		}
		spec := gen.Specs[0].(*ast.ValueSpec)
		return len(spec.Names) == 1 && info.Defs[spec.Names[0]] == obj
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE || len(st.Lhs) != 1 {
			return false
		}
		id, ok := st.Lhs[0].(*ast.Ident)
		return ok && info.Defs[id] == obj
	}
	return false
}

// isMakeChan reports whether st declares its variable with make(chan T)
// or make(chan T, n) and nothing else, so that deleting st drops no
// effect.
func isMakeChan(info *types.Info, st ast.Stmt) bool {
	var value ast.Expr
	switch st := st.(type) {
	case *ast.DeclStmt:
		spec := st.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
		if len(spec.Values) == 1 {
			value = spec.Values[0]
		}
	case *ast.AssignStmt:
		value = st.Rhs[0]
	}
	call, ok := ast.Unparen(value).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || len(call.Args) > 2 || len(call.Args) == 2 && !isPlainOperand(call.Args[1]) && !isBasicLit(call.Args[1]) {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "make"
}

// onlyUses reports whether every reference to obj in body lies in one of
// nodes.
func onlyUses(info *types.Info, body ast.Node, obj types.Object, nodes ...ast.Node) bool {
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !ok || !isIdent || info.Uses[id] != obj && info.Defs[id] != obj {
			return ok
		}
		inside := false
		for _, node := range nodes {
			if node != nil && node.Pos() <= id.Pos() && id.End() <= node.End() {
				inside = true
			}
		}
		ok = inside
		return ok
	})
	return ok
}

// onlyInside reports whether every identifier called name in body lies
// inside n, so that a variable of that name can be declared before n.
func onlyInside(body ast.Node, name string, n ast.Node) bool {
	ok := true
	ast.Inspect(body, func(c ast.Node) bool {
		if id, isIdent := c.(*ast.Ident); isIdent && id.Name == name && (id.Pos() < n.Pos() || id.End() > n.End()) {
			ok = false
		}
		return ok
	})
	return ok
}

// assignedAfter reports whether lit reads a local variable of body that
// body assigns, or whose address it takes, after pos outside lit. In the
// rewrite the work runs before the parent goes on, so such a read would
// see another value.
func assignedAfter(info *types.Info, body *ast.BlockStmt, lit *ast.FuncLit, pos token.Pos) bool {
	read := make(map[types.Object]bool)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && body.Pos() <= v.Pos() && v.Pos() < lit.Pos() {
				read[v] = true
			}
		}
		return true
	})
	if len(read) == 0 {
		return false
	}
	found := false
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && read[info.Uses[id]] {
			found = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n == lit || n.End() <= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				mark(lhs)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		case *ast.RangeStmt:
			mark(n.Key)
			if n.Value != nil {
				mark(n.Value)
			}
		}
		return true
	})
	return found
}

// containsReturn reports whether body returns, outside nested literals.
func containsReturn(body *ast.BlockStmt) bool { return contains[*ast.ReturnStmt](body) }

// contains reports whether n holds a node of type T, outside nested
// function literals.
func contains[T ast.Node](n ast.Node) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if _, ok := c.(*ast.FuncLit); ok {
			return false
		}
		if _, ok := c.(T); ok {
			found = true
		}
		return !found
	})
	return found
}

// breaksOut reports whether stmts contain a break that would leave a
// statement around them, which moving them out of a select changes.
func breaksOut(stmts []ast.Stmt) bool { return branchesOut(stmts, false) }

// branchesOut reports whether stmts contain a branch that would leave
// them: a break of a statement around them, with loop a continue of a
// loop around them, or any goto or label. Nested literals do not count.
func branchesOut(stmts []ast.Stmt, loop bool) bool {
	found := false
	var visit func(n ast.Node, breakables, loops int)
	visit = func(n ast.Node, breakables, loops int) {
		ast.Inspect(n, func(c ast.Node) bool {
			if found || c == nil || c == n {
				return !found
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.LabeledStmt:
				found = loop
			case *ast.BranchStmt:
				switch {
				case c.Tok == token.BREAK && c.Label == nil:
					found = breakables == 0
				case c.Tok == token.CONTINUE && c.Label == nil:
					found = loop && loops == 0
				default:
					found = loop
				}
			case *ast.ForStmt, *ast.RangeStmt:
				visit(c, breakables+1, loops+1)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				visit(c, breakables+1, loops)
				return false
			}
			return !found
		})
	}
	for _, st := range stmts {
		visit(&ast.BlockStmt{List: []ast.Stmt{st}}, 0, 0)
	}
	return found
}

// UsesOtherContext reports whether a parameter named ctx would break lit. That
// is so when lit refers to a ctx that is not a context.Context, which the
// parameter would hide, or when its body declares ctx at the top level.
func UsesOtherContext(info *types.Info, lit *ast.FuncLit) bool {
	for _, st := range lit.Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for _, lhs := range st.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && id.Name == "ctx" {
					return true
				}
			}
		case *ast.DeclStmt:
			if MentionsName(st, "ctx") {
				return true
			}
		}
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "ctx" {
			if obj := info.Uses[id]; obj != nil && !spawn.IsContext(obj.Type()) {
				found = true
			}
		}
		return !found
	})
	return found
}

// MentionsName reports whether an identifier in n is called name.
func MentionsName(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if id, ok := c.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// isPlainOperand reports whether evaluating e has no effects: a name or a
// field of one.
func isPlainOperand(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isPlainOperand(e.X)
	}
	return false
}

// FreeName returns the first of candidates that no identifier inside n
// uses or declares, or "" when all are taken.
func FreeName(n ast.Node, candidates ...string) string {
	taken := make(map[string]bool)
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			taken[id.Name] = true
		}
		return true
	})
	for _, c := range candidates {
		if !taken[c] {
			return c
		}
	}
	return ""
}

// InStatementList reports whether st is a statement of a block or of a
// case clause inside root, where another statement may take its place,
// rather than the init or post statement of a for, if or switch.
func InStatementList(root ast.Node, st ast.Stmt) bool {
	return EnclosingList(root, st) != nil
}

// freeNameAt is FreeName for a name that a statement at pos declares with
// :=. The name must also be free in the scope at pos, which holds the
// function's parameters and named results when pos is at the top level of
// its body.
func freeNameAt(pass *analysis.Pass, pos token.Pos, n ast.Node, candidates ...string) string {
	scope := pass.Pkg.Scope().Innermost(pos)
	var free []string
	for _, c := range candidates {
		if scope == nil || scope.Lookup(c) == nil {
			free = append(free, c)
		}
	}
	return FreeName(n, free...)
}

// declaresAtTop reports whether a statement of list, outside nested
// blocks, declares name.
func declaresAtTop(list []ast.Stmt, name string) bool {
	for _, st := range list {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for _, lhs := range st.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && id.Name == name {
					return true
				}
			}
		case *ast.DeclStmt:
			gen, ok := st.Decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gen.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						if id.Name == name {
							return true
						}
					}
				case *ast.TypeSpec:
					if spec.Name.Name == name {
						return true
					}
				}
			}
		}
	}
	return false
}

// freeNames returns one free name inside n from each list of candidates,
// or nil when a list has none.
func freeNames(n ast.Node, lists ...[]string) []string {
	var names []string
	for _, list := range lists {
		name := FreeName(n, list...)
		if name == "" {
			return nil
		}
		names = append(names, name)
	}
	return names
}

func isBasicLit(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.BasicLit)
	return ok
}
