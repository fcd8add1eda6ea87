package wgmisuse

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
)

// fixesFor returns the suggested fixes of a finding on key in fn, in the
// order that -fixstyle selects: the rewrite of fn's fork-join onto package
// async, where the fork-join is plain enough, and minimal.
func (c *checker) fixesFor(fn ast.Node, key group, minimal *analysis.SuggestedFix) []analysis.SuggestedFix {
	return fixes.Order(style, c.asyncFix(fn, key), minimal)
}

// lineStart returns the position of the first character of the line of pos.
func (c *checker) lineStart(pos token.Pos) token.Pos {
	tf := c.pass.Fset.File(pos)
	return tf.LineStart(tf.Line(pos))
}

// indentOf returns the white space that starts the line of pos.
func (c *checker) indentOf(pos token.Pos) string {
	start := c.lineStart(pos)
	src := c.fileSource(pos)
	tf := c.pass.Fset.File(pos)
	if src == nil {
		return "\t"
	}
	var indent []byte
	for _, b := range src[tf.Offset(start):] {
		if b != ' ' && b != '\t' {
			break
		}
		indent = append(indent, b)
	}
	return string(indent)
}

func (c *checker) fileSource(pos token.Pos) []byte {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil
	}
	return src
}

// deleteStmt returns the edit that removes stmt, and its whole line when
// nothing else is on it.
func (c *checker) deleteStmt(stmt ast.Stmt) analysis.TextEdit {
	src := c.fileSource(stmt.Pos())
	tf := c.pass.Fset.File(stmt.Pos())
	if src == nil {
		return analysis.TextEdit{Pos: stmt.Pos(), End: stmt.End()}
	}
	start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
	lineStart := tf.Offset(c.lineStart(stmt.Pos()))
	if len(bytes.TrimSpace(src[lineStart:start])) != 0 {
		return analysis.TextEdit{Pos: stmt.Pos(), End: stmt.End()}
	}
	// Remove up to the end of the line, trailing comment included.
	i := end
	for i < len(src) && src[i] != '\n' {
		i++
	}
	rest := bytes.TrimSpace(src[end:i])
	if len(rest) != 0 && !bytes.HasPrefix(rest, []byte("//")) {
		return analysis.TextEdit{Pos: stmt.Pos(), End: stmt.End()}
	}
	if i < len(src) {
		i++
	}
	return analysis.TextEdit{Pos: tf.Pos(lineStart), End: tf.Pos(i)}
}

// insertBefore returns the edit that puts text on a line of its own before
// stmt, with stmt's indentation.
func (c *checker) insertBefore(stmt ast.Stmt, text string) analysis.TextEdit {
	indent := c.indentOf(stmt.Pos())
	return analysis.TextEdit{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text + "\n" + indent)}
}

// goVersionAtLeast125 reports whether the file of pos is compiled as Go
// 1.25 or later, where sync.WaitGroup has the Go method.
func (c *checker) goVersionAtLeast125(pos token.Pos) bool {
	file := fixes.File(c.pass, pos)
	if file == nil {
		return false
	}
	v := c.pass.TypesInfo.FileVersions[file]
	if v == "" {
		return false
	}
	minor := 0
	if n, err := fmt.Sscanf(v, "go1.%d", &minor); n != 1 || err != nil {
		return false
	}
	return minor >= 25
}

// wgGoFix returns the rewrite of go func() { ... }() into X.Go(func() { ...
// }) without the Done calls of key, and without the statements in
// alsoDelete; nil when the go statement does not have that plain shape.
func (c *checker) wgGoFix(g *goroutine, key group, alsoDelete []ast.Stmt) *analysis.SuggestedFix {
	lit, ok := ast.Unparen(g.stmt.Call.Fun).(*ast.FuncLit)
	if !ok || len(g.stmt.Call.Args) != 0 || lit.Type.Params.NumFields() != 0 || lit.Type.Results.NumFields() != 0 {
		return nil
	}
	if !c.goVersionAtLeast125(g.stmt.Pos()) {
		return nil
	}
	dones := c.doneSites(g, key)
	if len(dones) == 0 {
		return nil
	}
	var edits []analysis.TextEdit
	for _, d := range dones {
		stmt := c.plainDoneStmt(d)
		if stmt == nil {
			return nil
		}
		if _, deferred := stmt.(*ast.DeferStmt); !deferred && !c.isTail(stmt, lit.Body) {
			return nil // X.Go calls Done at the end, later than this Done
		}
		edits = append(edits, c.deleteStmt(stmt))
	}
	for _, s := range alsoDelete {
		edits = append(edits, c.deleteStmt(s))
	}
	recv := c.src(dones[0].recv)
	edits = append(edits,
		analysis.TextEdit{Pos: g.stmt.Pos(), End: lit.Pos(), NewText: []byte(recv + ".Go(")},
		analysis.TextEdit{Pos: lit.End(), End: g.stmt.End(), NewText: []byte(")")},
	)
	return &analysis.SuggestedFix{Message: fmt.Sprintf("Start the goroutine with %s.Go", recv), TextEdits: edits}
}

// plainDoneStmt returns the statement X.Done() or defer X.Done() that
// consists of the Done call d alone, or nil.
func (c *checker) plainDoneStmt(d *wgCall) ast.Stmt {
	if d.method != "Done" {
		return nil
	}
	switch s := c.parents[d.call].(type) {
	case *ast.ExprStmt:
		return s
	case *ast.DeferStmt:
		return s
	}
	return nil
}

// declaredOutside reports whether every identifier in e refers to
// something declared outside n.
func (c *checker) declaredOutside(e ast.Expr, n ast.Node) bool {
	ok := true
	ast.Inspect(e, func(m ast.Node) bool {
		if id, isID := m.(*ast.Ident); isID {
			if obj := c.pass.TypesInfo.Uses[id]; obj != nil && obj.Pos() >= n.Pos() && obj.Pos() < n.End() {
				ok = false
			}
		}
		return ok
	})
	return ok
}

func (c *checker) minimalAddInGoroutine(g *goroutine, add *wgCall) *analysis.SuggestedFix {
	stmt, ok := add.stmt.(*ast.ExprStmt)
	if !ok || stmt.X != add.call {
		return nil
	}
	if _, param := g.params[add.group.root]; param {
		return nil
	}
	if n, ok := addConstant(c.pass.TypesInfo, add); ok && n == 1 {
		if fix := c.wgGoFix(g, add.group, []ast.Stmt{stmt}); fix != nil {
			return fix
		}
	}
	if !c.declaredOutside(add.call, g.body) {
		return nil
	}
	text := c.src(add.call)
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Call %s before the go statement", text),
		TextEdits: []analysis.TextEdit{c.deleteStmt(stmt), c.insertBefore(g.stmt, text)},
	}
}

func (c *checker) minimalWaitInLoop(wait *wgCall, loop ast.Stmt) *analysis.SuggestedFix {
	stmt, ok := wait.stmt.(*ast.ExprStmt)
	if !ok || stmt.X != wait.call {
		return nil
	}
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil || len(body.List) == 0 || body.List[len(body.List)-1] != stmt {
		return nil // statements after Wait may rely on the goroutine's work
	}
	text := c.src(wait.call)
	return &analysis.SuggestedFix{
		Message: fmt.Sprintf("Call %s after the loop", text),
		TextEdits: []analysis.TextEdit{
			c.deleteStmt(stmt),
			{Pos: loop.End(), End: loop.End(), NewText: []byte("\n" + c.indentOf(loop.Pos()) + text)},
		},
	}
}

func (c *checker) minimalDoneSkipped(g *goroutine, key group, dones, adds []*wgCall) *analysis.SuggestedFix {
	// With Go 1.25, X.Add(1) just before go func() { ... }() becomes X.Go.
	if list, i := c.blockOf(g.stmt); list != nil && i > 0 {
		if prev, ok := list[i-1].(*ast.ExprStmt); ok {
			for _, add := range adds {
				if n, ok := addConstant(c.pass.TypesInfo, add); ok && n == 1 && prev.X == add.call {
					if fix := c.wgGoFix(g, key, []ast.Stmt{prev}); fix != nil {
						return fix
					}
				}
			}
		}
	}

	body := funcBody(g.body)
	if body == nil || len(body.List) == 0 {
		return nil
	}
	if ft := funcType(g.body); ft != nil && ft.Results.NumFields() != 0 {
		return nil
	}
	edits := []analysis.TextEdit{}
	for _, d := range dones {
		stmt, ok := c.plainDoneStmt(d).(*ast.ExprStmt)
		if !ok || !c.isTail(stmt, body) {
			return nil // code after Done may wait for the parent's Wait
		}
		edits = append(edits, c.deleteStmt(stmt))
	}
	text := "defer " + c.src(dones[0].call)
	edits = append(edits, c.insertBefore(body.List[0], text))
	return &analysis.SuggestedFix{Message: "Defer " + c.src(dones[0].call) + " at the top of the goroutine", TextEdits: edits}
}

func funcType(fn ast.Node) *ast.FuncType {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Type
	case *ast.FuncLit:
		return fn.Type
	}
	return nil
}

// isTail reports whether nothing but a plain return can run after stmt in
// the function whose body is body, so that deferring stmt keeps its order.
func (c *checker) isTail(stmt ast.Stmt, body *ast.BlockStmt) bool {
	n := ast.Stmt(stmt)
	for {
		list, i := c.blockOf(n)
		if list == nil {
			return false
		}
		rest := list[i+1:]
		if len(rest) == 1 {
			ret, ok := rest[0].(*ast.ReturnStmt)
			return ok && len(ret.Results) == 0
		}
		if len(rest) > 1 {
			return false
		}
		parent := c.parents[n]
		if parent == body {
			return true
		}
		// Step out of the block to the statement that holds it.
		var holder ast.Stmt
		switch p := c.parents[parent].(type) {
		case *ast.IfStmt:
			holder = p
			for {
				outer, ok := c.parents[holder].(*ast.IfStmt)
				if !ok || outer.Else != holder {
					break
				}
				holder = outer
			}
		case *ast.BlockStmt:
			holder, _ = parent.(ast.Stmt)
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			holder = p.(ast.Stmt)
		default:
			if _, ok := parent.(*ast.CaseClause); ok {
				holder, _ = c.parents[c.parents[parent]].(ast.Stmt)
			} else if _, ok := parent.(*ast.CommClause); ok {
				holder, _ = c.parents[c.parents[parent]].(ast.Stmt)
			}
		}
		if holder == nil {
			return false
		}
		n = holder
	}
}

func (c *checker) minimalConstantCount(add *wgCall, n int) *analysis.SuggestedFix {
	arg := add.call.Args[0]
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Count %d goroutines", n),
		TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(strconv.Itoa(n))}},
	}
}

func (c *checker) minimalLenCount(add *wgCall, spawn *goroutine) *analysis.SuggestedFix {
	stmt, ok := add.stmt.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	text := c.src(add.recv) + ".Add(1)"
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Call %s before each go statement", text),
		TextEdits: []analysis.TextEdit{c.deleteStmt(stmt), c.insertBefore(spawn.stmt, text)},
	}
}

func (c *checker) minimalMoveAdd(add *wgCall, spawn *goroutine) *analysis.SuggestedFix {
	stmt, ok := add.stmt.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	if _, ok := addConstant(c.pass.TypesInfo, add); !ok {
		return nil
	}
	text := c.src(add.call)
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Call %s just before the go statement", text),
		TextEdits: []analysis.TextEdit{c.deleteStmt(stmt), c.insertBefore(spawn.stmt, text)},
	}
}

// fixesCopied returns the fix that turns the parameter v into a
// *sync.WaitGroup and passes the address at every call, when every call
// site is known and every use of v is a method call.
func (c *checker) fixesCopied(v *types.Var, field *ast.Field) []analysis.SuggestedFix {
	if len(field.Names) != 1 {
		return nil
	}
	for id, obj := range c.pass.TypesInfo.Uses {
		if obj == v {
			sel, ok := c.parents[id].(*ast.SelectorExpr)
			if !ok || sel.X != id {
				return nil
			}
			if _, ok := c.parents[sel].(*ast.CallExpr); !ok {
				return nil
			}
		}
	}
	list, ok := c.parents[field].(*ast.FieldList)
	if !ok {
		return nil
	}
	ftype, ok := c.parents[list].(*ast.FuncType)
	if !ok || ftype.Params != list {
		return nil
	}
	index := 0
	for _, f := range list.List {
		if f == field {
			break
		}
		index += max(1, len(f.Names))
	}

	var calls []*ast.CallExpr
	switch fn := c.parents[ftype].(type) {
	case *ast.FuncLit:
		call, ok := c.parents[fn].(*ast.CallExpr)
		if !ok || call.Fun != fn {
			return nil
		}
		calls = append(calls, call)
	case *ast.FuncDecl:
		obj, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func)
		if !ok || obj.Exported() || fn.Recv != nil {
			return nil
		}
		for id, used := range c.pass.TypesInfo.Uses {
			if used != obj {
				continue
			}
			call, ok := c.parents[id].(*ast.CallExpr)
			if !ok || call.Fun != id {
				return nil
			}
			calls = append(calls, call)
		}
	default:
		return nil
	}

	edits := []analysis.TextEdit{{Pos: field.Type.Pos(), End: field.Type.Pos(), NewText: []byte("*")}}
	for _, call := range calls {
		if index >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil
		}
		arg := call.Args[index]
		switch a := ast.Unparen(arg).(type) {
		case *ast.Ident:
			if _, ok := c.pass.TypesInfo.Uses[a].(*types.Var); !ok {
				return nil
			}
		case *ast.SelectorExpr:
			if s := c.pass.TypesInfo.Selections[a]; s == nil || s.Kind() != types.FieldVal {
				return nil
			}
		default:
			return nil
		}
		edits = append(edits, analysis.TextEdit{Pos: arg.Pos(), End: arg.Pos(), NewText: []byte("&")})
	}
	fix := &analysis.SuggestedFix{Message: fmt.Sprintf("Pass %s as *sync.WaitGroup", v.Name()), TextEdits: edits}
	return fixes.Order(style, nil, fix)
}
