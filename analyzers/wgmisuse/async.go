package wgmisuse

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/rewrite"
)

// forkJoin is a function's plain fork-join on a local WaitGroup: the
// statements from the first Add or go statement up to the Wait, in one
// block, with nothing else touching the group.
type forkJoin struct {
	decl       ast.Stmt       // var wg sync.WaitGroup
	region     []ast.Stmt     // the statements that async.Run will hold
	wait       *wgCall        // the one Wait
	waitInside bool           // wait lies inside region (in a loop) and is removed
	spawns     []*goroutine   // the counted goroutines
	adds       []*wgCall      // every Add, in the function and in the goroutines
	dones      []ast.Stmt     // every Done statement, in the goroutines
	scope      *types.Scope   // the scope of the region's block
	after      token.Pos      // the end of the region
	bodies     []*ast.FuncLit // the bodies of spawns
}

// asyncFix returns the rewrite of the fork-join on key in fn onto
// async.Run with s.Go, or nil when the fork-join is not plain enough to
// rewrite without changing what the code does.
func (c *checker) asyncFix(fn ast.Node, key group) *analysis.SuggestedFix {
	fj := c.plainForkJoin(fn, key)
	if fj == nil {
		return nil
	}
	file := fixes.File(c.pass, fn.Pos())
	if file == nil || c.pass.Pkg.Scope().Lookup("async") != nil || c.pass.Pkg.Scope().Lookup("context") != nil {
		return nil
	}
	scopeName := c.freeName(fj, "s", "scope", "sc")
	if scopeName == "" {
		return nil
	}

	var edits []analysis.TextEdit
	imports, contextName, asyncName := c.importEdits(file, fj)
	if imports == nil {
		return nil
	}
	edits = append(edits, imports...)

	edits = append(edits, c.deleteStmt(fj.decl))
	for _, add := range fj.adds {
		edits = append(edits, c.deleteStmt(add.stmt))
	}
	for _, done := range fj.dones {
		edits = append(edits, c.deleteStmt(done))
	}
	if fj.waitInside {
		edits = append(edits, c.deleteStmt(fj.wait.stmt))
	}
	for i, g := range fj.spawns {
		edits = append(edits, c.spawnEdits(g, fj.bodies[i], scopeName, contextName)...)
	}

	first, last := fj.region[0], fj.region[len(fj.region)-1]
	indent := c.indentOf(first.Pos())
	// The head goes on a line of its own before the region, so that it
	// cannot overlap an edit that removes the region's first statement.
	head := fmt.Sprintf("%s_ = %s.Run(%s.Background(), func(%s *%s.Scope) error {\n", indent, asyncName, contextName, scopeName, asyncName)
	at := c.lineStart(first.Pos())
	edits = append(edits, analysis.TextEdit{Pos: at, End: at, NewText: []byte(head)})
	if fj.waitInside {
		edits = append(edits, analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\n" + indent + "return nil\n" + indent + "})")})
	} else {
		// The Wait is the last statement; Run takes its place.
		edits = append(edits, analysis.TextEdit{Pos: last.Pos(), End: last.End(), NewText: []byte("return nil\n" + indent + "})")})
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Rewrite the fork-join on %s with %s.Run and %s.Go", c.src(fj.wait.recv), asyncName, scopeName),
		TextEdits: edits,
	}
}

// plainForkJoin returns the fork-join on key in fn when it has the plain
// shape that asyncFix rewrites, or nil.
func (c *checker) plainForkJoin(fn ast.Node, key group) *forkJoin {
	if key.path != "" || !isLocal(key, fn) {
		return nil
	}
	v, ok := key.root.(*types.Var)
	if !ok || !isWaitGroup(v.Type()) || isPointer(v.Type()) || !c.groupSealed(key) {
		return nil
	}
	fj := &forkJoin{decl: c.declStmt(v)}
	if fj.decl == nil {
		return nil
	}

	// Sort the calls on the group: one Wait in fn, Adds in fn or in the
	// counted goroutines, Done statements in the counted goroutines.
	for _, wc := range c.calls {
		if !wc.ok || wc.group != key {
			continue
		}
		switch {
		case wc.method == "Wait":
			if fj.wait != nil || wc.owner != fn || wc.deferred {
				return nil
			}
			fj.wait = wc
		case wc.method == "Add" && !isDecrement(c.pass.TypesInfo, wc):
			if s, ok := wc.stmt.(*ast.ExprStmt); !ok || s.X != wc.call || wc.deferred {
				return nil
			}
			fj.adds = append(fj.adds, wc)
		case wc.method == "Done":
			stmt := c.plainDoneStmt(wc)
			if stmt == nil {
				return nil
			}
			fj.dones = append(fj.dones, stmt)
		default:
			return nil
		}
	}
	if fj.wait == nil {
		return nil
	}
	if s, ok := fj.wait.stmt.(*ast.ExprStmt); !ok || s.X != fj.wait.call {
		return nil
	}

	// Every goroutine that touches the group must be a counted function
	// literal started in fn with no arguments.
	for _, g := range c.goroutines {
		lit, isLit := g.body.(*ast.FuncLit)
		touches := g.body != nil && c.mentions(g.body, v) || g.body == nil && c.mentions(g.stmt, v)
		if !touches {
			continue
		}
		if !isLit || g.parent != fn || len(g.stmt.Call.Args) != 0 || lit.Type.Params.NumFields() != 0 || lit.Type.Results.NumFields() != 0 || !c.counts(g, key) {
			return nil
		}
		if c.hasRecover(lit.Body) || c.hasGoStmt(lit.Body) {
			return nil
		}
		// Run waits for the whole goroutine, so a Done with work after it
		// would make the parent wait longer, perhaps for itself.
		for _, d := range c.doneSites(g, key) {
			stmt := c.plainDoneStmt(d)
			if _, deferred := stmt.(*ast.DeferStmt); !deferred && (stmt == nil || !c.isTail(stmt, lit.Body)) {
				return nil
			}
		}
		fj.spawns = append(fj.spawns, g)
		fj.bodies = append(fj.bodies, lit)
	}
	if len(fj.spawns) == 0 {
		return nil
	}
	for _, wc := range c.calls {
		if wc.ok && wc.group == key && wc.method == "Done" && !c.inSpawned(wc.call, fj.spawns) {
			return nil
		}
		if wc.ok && wc.group == key && wc.method == "Add" && wc.owner != fn && !c.inSpawned(wc.call, fj.spawns) {
			return nil
		}
	}
	if !c.findRegion(fn, fj) || c.addArgsOnlyUse(fj) {
		return nil
	}
	return fj
}

// addArgsOnlyUse reports whether a local variable is used only in the
// arguments of the Add calls that the rewrite removes, so that removing
// them would leave it unused, which does not compile.
func (c *checker) addArgsOnlyUse(fj *forkJoin) bool {
	inAdd := func(pos token.Pos) bool {
		for _, add := range fj.adds {
			if add.call.Pos() <= pos && pos < add.call.End() {
				return true
			}
		}
		return false
	}
	for _, add := range fj.adds {
		for _, arg := range add.call.Args {
			only := false
			ast.Inspect(arg, func(m ast.Node) bool {
				id, ok := m.(*ast.Ident)
				if !ok {
					return !only
				}
				v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
				if !ok || v.Parent() == c.pass.Pkg.Scope() || v.IsField() {
					return true
				}
				only = true
				for use, obj := range c.pass.TypesInfo.Uses {
					if obj == v && !inAdd(use.Pos()) {
						only = false
						break
					}
				}
				return !only
			})
			if only {
				return true
			}
		}
	}
	return false
}

// declStmt returns the statement var v sync.WaitGroup or v :=
// sync.WaitGroup{} that declares v alone, or nil.
func (c *checker) declStmt(v *types.Var) ast.Stmt {
	for id, obj := range c.pass.TypesInfo.Defs {
		if obj != v {
			continue
		}
		switch p := c.parents[id].(type) {
		case *ast.ValueSpec:
			gen, ok := c.parents[p].(*ast.GenDecl)
			if !ok || len(gen.Specs) != 1 || len(p.Names) != 1 {
				return nil
			}
			if len(p.Values) == 1 {
				if lit, ok := p.Values[0].(*ast.CompositeLit); !ok || len(lit.Elts) != 0 {
					return nil
				}
			} else if len(p.Values) != 0 {
				return nil
			}
			stmt, _ := c.parents[gen].(*ast.DeclStmt)
			if stmt == nil {
				return nil
			}
			return stmt
		case *ast.AssignStmt:
			if len(p.Lhs) != 1 || len(p.Rhs) != 1 || p.Tok != token.DEFINE {
				return nil
			}
			if lit, ok := p.Rhs[0].(*ast.CompositeLit); !ok || len(lit.Elts) != 0 {
				return nil
			}
			return p
		}
	}
	return nil
}

// findRegion sets the region of fj to statements of one block. The region
// starts at the first statement that contains an Add or a counted go
// statement. It ends at the Wait, or at the loop around the Wait when that
// loop starts the goroutines. findRegion reports false when the region
// could change meaning inside a function literal.
func (c *checker) findRegion(fn ast.Node, fj *forkJoin) bool {
	var last ast.Stmt = fj.wait.stmt
	if loop := c.enclosingLoop(fj.wait.call, fn); loop != nil {
		for _, g := range fj.spawns {
			if c.inside(g.stmt, loop) {
				body := loopBody(loop)
				if body == nil || body.List[len(body.List)-1] != fj.wait.stmt {
					return false
				}
				last, fj.waitInside = loop, true
				break
			}
		}
	}
	list, end := c.blockOf(last)
	if list == nil {
		return false
	}
	block, ok := c.parents[last].(*ast.BlockStmt)
	if !ok {
		return false
	}
	fj.scope = c.pass.TypesInfo.Scopes[block]
	if fj.scope == nil {
		// A function body shares the scope of its signature.
		fj.scope = c.pass.TypesInfo.Scopes[funcType(c.parents[block])]
	}

	// The region starts at the first statement of the block that holds an
	// Add in fn or a counted go statement.
	start := -1
	for i, s := range list[:end+1] {
		for _, add := range fj.adds {
			if add.owner == fn && (add.stmt == s || c.inside(add.stmt, s)) && start < 0 {
				start = i
			}
		}
		for _, g := range fj.spawns {
			if (g.stmt == s || c.inside(g.stmt, s)) && start < 0 {
				start = i
			}
		}
	}
	if start < 0 {
		return false
	}
	fj.region = list[start : end+1]
	fj.after = last.End()
	regionStart := fj.region[0].Pos()
	if fj.decl.Pos() >= regionStart {
		return false
	}
	for _, add := range fj.adds {
		if add.owner == fn && (add.call.Pos() < regionStart || add.call.Pos() > fj.after) {
			return false
		}
	}
	for _, g := range fj.spawns {
		if g.stmt.Pos() < regionStart || g.stmt.Pos() > fj.wait.call.Pos() {
			return false
		}
	}
	return c.regionMovable(fj)
}

func loopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// regionMovable reports whether the statements of the region, outside the
// goroutine bodies, keep their meaning inside a function literal. They may
// not return, defer, recover, use labels or goto, or break or continue out
// of the region. No variable declared at the region's top level may be
// used after it.
func (c *checker) regionMovable(fj *forkJoin) bool {
	ok := true
	// visit checks the nodes below n; loops and switches count the
	// statements around them that a break or continue may leave.
	var visit func(n ast.Node, loops, switches int)
	visit = func(n ast.Node, loops, switches int) {
		ast.Inspect(n, func(m ast.Node) bool {
			if !ok || m == nil {
				return false
			}
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				for _, body := range fj.bodies {
					if body == m {
						return false
					}
				}
				if c.hasRecover(m.Body) {
					ok = false
				}
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				visit(m, loops+1, switches)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				visit(m, loops, switches+1)
				return false
			}
			if !c.movableNode(m, loops, switches) {
				ok = false
			}
			return ok
		})
	}
	for _, s := range fj.region {
		if !c.movableNode(s, 0, 0) {
			return false
		}
		switch s.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			visit(s, 1, 0)
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			visit(s, 0, 1)
		default:
			visit(s, 0, 0)
		}
	}
	if !ok {
		return false
	}

	// A variable declared at the top level of the region would end up in
	// the function literal, out of reach of the statements after it.
	if fj.scope == nil {
		return false
	}
	for id, obj := range c.pass.TypesInfo.Defs {
		if obj == nil || obj.Parent() != fj.scope || id.Pos() < fj.region[0].Pos() || id.Pos() > fj.after {
			continue
		}
		for use, used := range c.pass.TypesInfo.Uses {
			if used == obj && use.Pos() > fj.after {
				return false
			}
		}
	}
	return true
}

// movableNode reports whether the node m, found below loops loops and
// switches switches of the region, means the same inside a function
// literal.
func (c *checker) movableNode(m ast.Node, loops, switches int) bool {
	switch m := m.(type) {
	case *ast.ReturnStmt, *ast.DeferStmt, *ast.LabeledStmt:
		return false
	case *ast.BranchStmt:
		switch {
		case m.Label != nil || m.Tok == token.GOTO || m.Tok == token.FALLTHROUGH:
			return false
		case m.Tok == token.CONTINUE:
			return loops > 0
		case m.Tok == token.BREAK:
			return loops+switches > 0
		}
	case *ast.CallExpr:
		return !isRecover(c.pass.TypesInfo, m)
	}
	return true
}

func isRecover(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "recover"
}

func (c *checker) hasRecover(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok && isRecover(c.pass.TypesInfo, call) {
			found = true
		}
		return !found
	})
	return found
}

// freeName returns the first of names that no identifier in the region
// uses, so that the scope parameter shadows nothing; "" when all are used.
func (c *checker) freeName(fj *forkJoin, names ...string) string {
	for _, name := range names {
		used := false
		for _, s := range fj.region {
			ast.Inspect(s, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && id.Name == name {
					used = true
				}
				return !used
			})
		}
		if !used {
			return name
		}
	}
	return ""
}

// spawnEdits turns go func() { ... }() into s.Go(func(context.Context)
// error { ...; return nil }), with each bare return of the body returning
// nil.
func (c *checker) spawnEdits(g *goroutine, lit *ast.FuncLit, scopeName, contextName string) []analysis.TextEdit {
	head := fmt.Sprintf("%s.Go(func(%s.Context) error {", scopeName, contextName)
	edits := []analysis.TextEdit{{Pos: g.stmt.Pos(), End: lit.Body.Lbrace + 1, NewText: []byte(head)}}
	ast.Inspect(lit.Body, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			edits = append(edits, analysis.TextEdit{Pos: m.End(), End: m.End(), NewText: []byte(" nil")})
		}
		return true
	})
	tail := "})"
	if n := len(lit.Body.List); n == 0 || !c.terminates(lit.Body.List[n-1]) {
		tail = "return nil\n" + c.indentOf(g.stmt.Pos()) + "})"
	}
	edits = append(edits, analysis.TextEdit{Pos: lit.Body.Rbrace, End: g.stmt.End(), NewText: []byte(tail)})
	return edits
}

// terminates reports whether s is a terminating statement in the sense of
// the Go specification, for the common forms: return, panic, and a for
// loop without condition or break.
func (c *checker) terminates(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin)
				return ok && b.Name() == "panic"
			}
		}
	case *ast.ForStmt:
		if s.Cond != nil {
			return false
		}
		hasBreak := false
		ast.Inspect(s.Body, func(m ast.Node) bool {
			if b, ok := m.(*ast.BranchStmt); ok && b.Tok == token.BREAK {
				hasBreak = true
			}
			return !hasBreak
		})
		return !hasBreak
	case *ast.BlockStmt:
		return len(s.List) > 0 && c.terminates(s.List[len(s.List)-1])
	case *ast.IfStmt:
		return s.Else != nil && c.terminates(s.Body) && c.terminates(s.Else.(ast.Stmt))
	}
	return false
}

// importEdits returns the edits that import context and async into file,
// and the names of both packages in file. When the rewrite removes the
// file's last use of sync, the edits also remove that import. The edits
// are nil when the imports cannot be arranged.
func (c *checker) importEdits(file *ast.File, fj *forkJoin) ([]analysis.TextEdit, string, string) {
	var syncSpec *ast.ImportSpec
	for _, spec := range file.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && p == "sync" {
			syncSpec = spec
		}
	}
	if syncSpec == nil || syncSpec.Name != nil {
		return nil, "", ""
	}
	syncUnused := true
	ast.Inspect(file, func(m ast.Node) bool {
		id, ok := m.(*ast.Ident)
		if !ok {
			return true
		}
		if pn, ok := c.pass.TypesInfo.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == "sync" {
			if id.Pos() < fj.decl.Pos() || id.Pos() > fj.decl.End() {
				syncUnused = false
			}
		}
		return syncUnused
	})

	// context before async, as every rewrite orders them, so that two
	// fixes that add both make the same insertion and drivers apply it once.
	var edits []analysis.TextEdit
	contextName, e1 := fixes.AddImport(c.pass, file, "context", "context")
	asyncName, e2 := fixes.AddImport(c.pass, file, fixes.AsyncPath, "async")
	edits = append(edits, e1...)
	edits = append(edits, e2...)
	edits = mergeInsertions(edits)
	if syncUnused {
		// The rewrite removes the last use of sync.
		edits = append(edits, rewrite.RemoveUnusedImport(c.pass, file, "sync", []ast.Node{fj.decl})...)
	}
	return edits, contextName, asyncName
}

// mergeInsertions joins insertions at the same position into one edit, so
// that the same fix reported twice (for a package and its test variant)
// yields identical edits that drivers apply once.
func mergeInsertions(edits []analysis.TextEdit) []analysis.TextEdit {
	var out []analysis.TextEdit
	for _, e := range edits {
		if n := len(out); n > 0 && e.Pos == e.End && out[n-1].Pos == e.Pos && out[n-1].End == e.Pos {
			out[n-1].NewText = append(append([]byte(nil), out[n-1].NewText...), e.NewText...)
			continue
		}
		out = append(out, e)
	}
	return out
}
