package nakedgo

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/rewrite"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// rewriter builds the suggested fixes of one package. It computes the
// fork-join rewrites of a file once, because several go statements share
// one rewrite and the removal of the sync import depends on all of them.
type rewriter struct {
	pass *analysis.Pass

	forkJoins map[*ast.File][]*forkJoin // by file, computed on first use
	byGo      map[*ast.GoStmt]*forkJoin
	sites     map[*ast.File][]*spawn.Site
}

func newRewriter(pass *analysis.Pass) *rewriter {
	rw := &rewriter{
		pass:      pass,
		forkJoins: make(map[*ast.File][]*forkJoin),
		byGo:      make(map[*ast.GoStmt]*forkJoin),
		sites:     make(map[*ast.File][]*spawn.Site),
	}
	for _, site := range pass.ResultOf[spawn.Analyzer].(*spawn.Result).Sites {
		if site.File != nil {
			rw.sites[site.File] = append(rw.sites[site.File], site)
		}
	}
	return rw
}

// fixes returns the async rewrite and the minimal repair for site; either
// may be nil.
func (rw *rewriter) fixes(site *spawn.Site) (asyncFix, minimalFix *analysis.SuggestedFix) {
	rw.planFile(site.File)
	if rw.byGo[site.Go] == nil {
		for _, fj := range rw.forkJoins[site.File] {
			if start, end := fj.span(); start <= site.Go.Pos() && site.Go.End() <= end {
				// A fork-join rewrite moves this go statement: its own
				// fixes would overlap, so they wait for the next run.
				return nil, nil
			}
		}
	}
	switch site.Shape {
	case spawn.WaitGroup:
		if fj := rw.byGo[site.Go]; fj != nil {
			asyncFix = fj.fix
		}
		minimalFix = rw.waitGroupGo(site)
	case spawn.ResultChannel:
		if _, stream := site.Receive.(*ast.RangeStmt); stream {
			asyncFix = rewrite.StreamScope(rw.pass, site.File, rw.signature(site.Func), funcBody(site.Func), site.Go, site.Chan)
		} else {
			asyncFix = rewrite.AwaitResult(rw.pass, site.File, funcBody(site.Func), site.Go, site.Chan)
		}
		minimalFix = rw.bufferChannel(site)
	case spawn.Unjoined, spawn.StopLoop:
		asyncFix = rewrite.WatchTicker(rw.pass, site.File, rw.signature(site.Func), funcBody(site.Func), site.Go)
		minimalFix = rw.watcherFix(site)
	}
	return asyncFix, minimalFix
}

// signature returns the signature of fn, a *ast.FuncDecl or *ast.FuncLit,
// or nil.
func (rw *rewriter) signature(fn ast.Node) *types.Signature {
	var t types.Type
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj := rw.pass.TypesInfo.Defs[fn.Name]; obj != nil {
			t = obj.Type()
		}
	case *ast.FuncLit:
		t = rw.pass.TypesInfo.TypeOf(fn)
	}
	sig, _ := t.(*types.Signature)
	return sig
}

// planFile computes the fork-join rewrites of file, once.
func (rw *rewriter) planFile(file *ast.File) {
	if _, done := rw.forkJoins[file]; done {
		return
	}
	var plans []*forkJoin
	seen := make(map[*ast.CallExpr]bool)
	for _, site := range rw.sites[file] {
		if site.Shape != spawn.WaitGroup || seen[site.Wait] {
			continue
		}
		seen[site.Wait] = true
		fj := rw.planForkJoin(site)
		if fj == nil || slices.ContainsFunc(plans, fj.overlaps) {
			// Two fork-joins that interleave would get conflicting edits.
			continue
		}
		plans = append(plans, fj)
	}
	rw.forkJoins[file] = plans
	if len(plans) == 0 {
		return
	}

	// The import edits: async and context are added; sync goes when the
	// rewrites remove its last use.
	asyncName, asyncEdits := fixes.AddImport(rw.pass, file, fixes.AsyncPath, "async")
	contextName, contextEdits := fixes.AddImport(rw.pass, file, "context", "context")
	var removed []ast.Node
	for _, fj := range plans {
		removed = append(removed, fj.removed...)
	}
	var syncEdits []analysis.TextEdit
	if style != fixes.Minimal || !rw.anyWaitGroupGo(file) {
		// Under the minimal style a wg.Go repair may be applied instead of
		// a rewrite, and its WaitGroup still needs sync.
		syncEdits = rewrite.RemoveUnusedImport(rw.pass, file, "sync", removed)
	}
	for _, fj := range plans {
		edits := fj.render(rw, asyncName, contextName)
		if edits == nil {
			continue // the source could not be read
		}
		// context before async, as every rewrite orders them, so that
		// two fixes that add both make the same edit.
		edits = append(edits, contextEdits...)
		edits = append(edits, asyncEdits...)
		edits = append(edits, syncEdits...)
		fj.fix = &analysis.SuggestedFix{
			Message:   "Run the goroutines in an async.Run scope with s.Go",
			TextEdits: rewrite.MergeInsertions(edits),
		}
		for _, g := range fj.goStmts {
			rw.byGo[g.stmt] = fj
		}
	}
}

// anyWaitGroupGo reports whether a go statement of file has the wg.Go
// repair.
func (rw *rewriter) anyWaitGroupGo(file *ast.File) bool {
	for _, site := range rw.sites[file] {
		if site.Shape == spawn.WaitGroup && rw.waitGroupGo(site) != nil {
			return true
		}
	}
	return false
}

// waitGroupGo returns the minimal repair of a WaitGroup-joined goroutine on
// Go 1.25 and later: `wg.Add(1); go func() { defer wg.Done(); ... }()`
// becomes `wg.Go(func() { ... })`.
func (rw *rewriter) waitGroupGo(site *spawn.Site) *analysis.SuggestedFix {
	if !rw.fileAtLeast(site.File, "go1.25") || site.Add == nil || site.Done == nil {
		return nil
	}
	lit, ok := site.Go.Call.Fun.(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) > 0 || len(site.Go.Call.Args) > 0 || lit.Type.Results != nil {
		return nil
	}
	if n, ok := site.Add.Args[0].(*ast.BasicLit); !ok || n.Value != "1" {
		return nil
	}
	addStmt := rw.statementOf(site.Add)
	if addStmt == nil || !rw.adjacent(addStmt, site.Go) {
		return nil
	}
	doneStmt := doneStatement(lit, site.Done)
	if doneStmt == nil {
		return nil
	}
	group := fixes.Source(rw.pass, site.Add.Fun.(*ast.SelectorExpr).X)
	return &analysis.SuggestedFix{
		Message: "Start the goroutine with " + group + ".Go",
		TextEdits: []analysis.TextEdit{
			rewrite.DeleteLines(rw.pass, addStmt),
			{Pos: site.Go.Pos(), End: lit.Body.Lbrace + 1, NewText: []byte(group + ".Go(func() {")},
			rewrite.DeleteLines(rw.pass, doneStmt),
			{Pos: lit.Body.Rbrace, End: site.Go.Call.End(), NewText: []byte("})")},
		},
	}
}

// doneStatement returns the statement of lit's body that calls done: a
// `defer wg.Done()` at the top level, or `wg.Done()` as the last statement.
func doneStatement(lit *ast.FuncLit, done *ast.CallExpr) ast.Stmt {
	list := lit.Body.List
	for _, st := range list {
		if d, ok := st.(*ast.DeferStmt); ok && d.Call == done {
			return d
		}
	}
	if len(list) > 0 {
		if e, ok := list[len(list)-1].(*ast.ExprStmt); ok && e.X == done {
			return e
		}
	}
	return nil
}

// fileAtLeast reports whether file is compiled at Go version v or later. A
// file whose version is unknown counts as the latest version, as the type
// checker treats it.
func (rw *rewriter) fileAtLeast(file *ast.File, v string) bool {
	fv := rw.pass.TypesInfo.FileVersions[file]
	if fv == "" {
		fv = rw.pass.Pkg.GoVersion()
	}
	return fv == "" || version.Compare(fv, v) >= 0
}

// statementOf returns the expression statement whose expression is call.
func (rw *rewriter) statementOf(call *ast.CallExpr) *ast.ExprStmt {
	file := fixes.File(rw.pass, call.Pos())
	if file == nil {
		return nil
	}
	var found *ast.ExprStmt
	ast.Inspect(file, func(n ast.Node) bool {
		if found != nil || n == nil || n.End() < call.Pos() || n.Pos() > call.End() {
			return false
		}
		if e, ok := n.(*ast.ExprStmt); ok && e.X == call {
			found = e
		}
		return true
	})
	return found
}

// adjacent reports whether b directly follows a in the same statement list.
func (rw *rewriter) adjacent(a, b ast.Stmt) bool {
	block := rewrite.EnclosingList(fixes.File(rw.pass, a.Pos()), a)
	i := slices.Index(block, a)
	return i >= 0 && i+1 < len(block) && block[i+1] == b
}

// textEdit is an edit inside a span of source text that is rebuilt as a
// whole, with offsets relative to the file.
type textEdit = rewrite.Edit

func (rw *rewriter) rebuild(from, to token.Pos, edits []textEdit) (string, bool) {
	return rewrite.Rebuild(rw.pass, from, to, edits)
}

func (rw *rewriter) offset(pos token.Pos) int { return rewrite.Offset(rw.pass, pos) }

func (rw *rewriter) indentOf(pos token.Pos) string { return rewrite.IndentOf(rw.pass, pos) }

// isTerminating reports whether st ends the function on every path, in the
// simple forms that go vet's unreachable-code check also recognises:
// return, panic, goto, a block or an if/else whose branches all terminate,
// and an endless for loop without break.
func isTerminating(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return st.Tok == token.GOTO
	case *ast.ExprStmt:
		call, ok := st.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*ast.Ident)
		return ok && id.Name == "panic"
	case *ast.BlockStmt:
		return len(st.List) > 0 && isTerminating(st.List[len(st.List)-1])
	case *ast.IfStmt:
		return st.Else != nil && isTerminating(st.Body) && isTerminating(st.Else)
	case *ast.ForStmt:
		if st.Cond != nil {
			return false
		}
		hasBreak := false
		ast.Inspect(st.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.BREAK {
					hasBreak = true
				}
			}
			return true
		})
		return !hasBreak
	}
	return false
}
