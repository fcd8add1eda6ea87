package wgmisuse

import (
	_ "embed"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/suppress"
)

//go:embed doc.go
var doc string

var style = fixes.Async

// Analyzer reports misuse of sync.WaitGroup.
var Analyzer = &analysis.Analyzer{
	Name:     "wgmisuse",
	Doc:      analyzerDoc(doc),
	URL:      "https://pkg.go.dev/github.com/gostructlint/gostructlint/analyzers/wgmisuse",
	Requires: []*analysis.Analyzer{suppress.Analyzer, inspect.Analyzer, ctrlflow.Analyzer},
	Run:      run,
}

func init() {
	Analyzer.Flags.Var(&style, "fixstyle", "which suggested fix comes first: async (rewrite onto package async) or minimal (smallest local repair)")
}

// analyzerDoc extracts the "# Analyzer wgmisuse" section of the package
// documentation in doc.go.
func analyzerDoc(src string) string {
	const heading = "// # Analyzer wgmisuse"
	_, section, ok := strings.Cut(src, heading)
	if !ok {
		return "report misuse of sync.WaitGroup"
	}
	var lines []string
	_, section, _ = strings.Cut(section, "\n")
	for line := range strings.SplitSeq(section, "\n") {
		if !strings.HasPrefix(line, "//") {
			break
		}
		line = strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		lines = append(lines, line)
	}
	// The section starts with "wgmisuse: summary"; drivers print the name
	// themselves.
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	return strings.TrimPrefix(text, "wgmisuse: ")
}

// checker holds what one run over a package has found.
type checker struct {
	pass     *analysis.Pass
	cfgs     *ctrlflow.CFGs
	reporter *suppress.Reporter

	// calls lists every WaitGroup method call of the package.
	calls []*wgCall
	// goroutines lists every go statement of the package.
	goroutines []*goroutine
	// decls maps the functions declared in the package to their syntax.
	decls map[*types.Func]*ast.FuncDecl
	// parents maps every node below a function body to its parent.
	parents map[ast.Node]ast.Node
	// copiedReported holds the variables already reported as copies.
	copiedReported map[types.Object]bool
}

func run(pass *analysis.Pass) (any, error) {
	reporter := suppress.NewReporter(pass)
	if !importsSync(pass.Pkg) {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		reporter: reporter,
		decls:    make(map[*types.Func]*ast.FuncDecl),
		parents:  make(map[ast.Node]ast.Node),
	}
	c.collect(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))

	c.checkAddInGoroutine()
	c.checkWaitInLoop()
	c.checkDoneSkipped()
	c.checkCountMismatch()
	c.checkDoneNever()
	c.checkWaitBeforeDrain()
	c.checkWaitInCounted()
	c.checkCopied()
	return nil, nil
}

func importsSync(pkg *types.Package) bool {
	return slices.ContainsFunc(pkg.Imports(), func(p *types.Package) bool { return p.Path() == "sync" })
}

// A group identifies a WaitGroup by the variable it is reached from and the
// field path below it: wg is {wg, ""}, s.wg is {s, ".wg"}.
type group struct {
	root  types.Object
	path  string
	field *types.Var // the last field of path; nil when path is empty
}

// wgCall is one call of a WaitGroup method.
type wgCall struct {
	method string // Add, Done, Wait or Go
	call   *ast.CallExpr
	recv   ast.Expr // the WaitGroup operand as written, e.g. s.wg
	group  group
	ok     bool // group is known

	// owner is the function whose body runs the call: the innermost
	// FuncDecl or FuncLit, skipping deferred and immediately called
	// function literals, which run as part of their parent.
	owner ast.Node
	// deferred reports whether the call runs when owner returns: it is
	// deferred itself or sits in a deferred function literal.
	deferred bool
	// stmt is the statement that contains the call directly.
	stmt ast.Stmt
}

// goroutine is one go statement.
type goroutine struct {
	stmt   *ast.GoStmt
	parent ast.Node // the function that runs the go statement (owner rules as in wgCall)
	// body is the function the goroutine runs when it is declared in this
	// package: a *ast.FuncLit or *ast.FuncDecl; nil otherwise.
	body ast.Node
	// params maps the parameters (and receiver) of body to the groups
	// their arguments name in the parent.
	params map[types.Object]group
}

func (c *checker) collect(in *inspector.Inspector) {
	info := c.pass.TypesInfo
	in.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		decl := n.(*ast.FuncDecl)
		if fn, ok := info.Defs[decl.Name].(*types.Func); ok && decl.Body != nil {
			c.decls[fn] = decl
		}
	})

	in.WithStack([]ast.Node{(*ast.CallExpr)(nil), (*ast.GoStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			c.goroutines = append(c.goroutines, c.newGoroutine(n, stack))
		case *ast.CallExpr:
			if wc := c.newWGCall(n, stack); wc != nil {
				c.calls = append(c.calls, wc)
			}
		}
		return true
	})
	c.recordParents(in)
}

// recordParents fills c.parents for every node inside a function, so that
// helpers can walk from a statement up to its enclosing blocks and loops.
func (c *checker) recordParents(in *inspector.Inspector) {
	in.WithStack(nil, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push && len(stack) >= 2 {
			c.parents[n] = stack[len(stack)-2]
		}
		return true
	})
}

// newWGCall returns the WaitGroup method call n, or nil when n is another call.
func (c *checker) newWGCall(call *ast.CallExpr, stack []ast.Node) *wgCall {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return nil
	}
	recv := fn.Signature().Recv()
	if recv == nil || !isWaitGroup(recv.Type()) {
		return nil
	}
	wc := &wgCall{method: fn.Name(), call: call, recv: sel.X}
	wc.group, wc.ok = c.groupOf(sel.X)
	if wc.ok {
		// A method promoted from an embedded WaitGroup reaches it through
		// the embedded fields.
		if s := c.pass.TypesInfo.Selections[sel]; s != nil && len(s.Index()) > 1 {
			wc.group.path, wc.group.field = wc.group.path+embeddedPath(s), nil
		}
	}
	wc.owner, wc.deferred = ownerOf(stack[:len(stack)-1])
	for i := len(stack) - 2; i >= 0; i-- {
		if s, ok := stack[i].(ast.Stmt); ok {
			wc.stmt = s
			break
		}
	}
	return wc
}

// embeddedPath returns the field path, such as ".WaitGroup", through which
// the selection s reaches a promoted WaitGroup method.
func embeddedPath(s *types.Selection) string {
	var path strings.Builder
	t := s.Recv()
	for _, i := range s.Index()[:len(s.Index())-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return "?"
		}
		f := st.Field(i)
		path.WriteString("." + f.Name())
		t = f.Type()
	}
	return path.String()
}

// ownerOf returns the function that runs the node on top of stack, and
// whether it runs deferred, when that function returns.
func ownerOf(stack []ast.Node) (ast.Node, bool) {
	deferred := false
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl:
			return n, deferred
		case *ast.FuncLit:
			// func() { ... }() runs in place, and defer func() { ... }()
			// runs when the enclosing function returns.
			if i >= 2 {
				if call, ok := stack[i-1].(*ast.CallExpr); ok && ast.Unparen(call.Fun) == n {
					switch stack[i-2].(type) {
					case *ast.DeferStmt:
						deferred = true
						continue
					case *ast.ExprStmt:
						continue
					}
				}
			}
			return n, deferred
		case *ast.DeferStmt:
			deferred = true
		}
	}
	return nil, false
}

func (c *checker) newGoroutine(stmt *ast.GoStmt, stack []ast.Node) *goroutine {
	g := &goroutine{stmt: stmt}
	g.parent, _ = ownerOf(stack[:len(stack)-1])
	call := stmt.Call
	var params *types.Tuple
	var recvParam *types.Var
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		g.body = fun
		if sig, ok := c.pass.TypesInfo.TypeOf(fun).(*types.Signature); ok {
			params = sig.Params()
		}
	default:
		fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		if !ok {
			return g
		}
		decl := c.decls[fn.Origin()]
		if decl == nil {
			return g
		}
		g.body = decl
		params = fn.Signature().Params()
		recvParam = fn.Signature().Recv()
	}

	g.params = make(map[types.Object]group)
	if params != nil && params.Len() == len(call.Args) && !hasEllipsis(call) {
		for i, arg := range call.Args {
			if k, ok := c.groupOf(arg); ok {
				g.params[params.At(i)] = k
			}
		}
	}
	if recvParam != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if k, ok := c.groupOf(sel.X); ok {
				g.params[recvParam] = k
			}
		}
	}
	// go/types keeps distinct parameter objects for the signature of an
	// instantiated generic function, so map the declared ones as well.
	if decl, ok := g.body.(*ast.FuncDecl); ok {
		c.mapDeclParams(decl, call, g.params)
	}
	return g
}

func hasEllipsis(call *ast.CallExpr) bool { return call.Ellipsis.IsValid() }

// mapDeclParams maps the parameter objects of decl to the groups named by
// the arguments of call.
func (c *checker) mapDeclParams(decl *ast.FuncDecl, call *ast.CallExpr, m map[types.Object]group) {
	info := c.pass.TypesInfo
	if decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if k, ok := c.groupOf(sel.X); ok {
				if obj := info.Defs[decl.Recv.List[0].Names[0]]; obj != nil {
					m[obj] = k
				}
			}
		}
	}
	i := 0
	for _, field := range decl.Type.Params.List {
		names := field.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, name := range names {
			if i < len(call.Args) && !hasEllipsis(call) {
				if k, ok := c.groupOf(call.Args[i]); ok {
					if obj := info.Defs[name]; obj != nil {
						m[obj] = k
					}
				}
			}
			i++
		}
	}
}

// groupOf returns the group that e names: a variable, a field path below
// one, or either with & or * applied.
func (c *checker) groupOf(e ast.Expr) (group, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := c.pass.TypesInfo.ObjectOf(e)
		if _, ok := obj.(*types.Var); !ok {
			return group{}, false
		}
		return group{root: obj}, true
	case *ast.UnaryExpr:
		if e.Op.String() == "&" {
			return c.groupOf(e.X)
		}
	case *ast.StarExpr:
		return c.groupOf(e.X)
	case *ast.SelectorExpr:
		sel := c.pass.TypesInfo.Selections[e]
		if sel == nil {
			// A package-qualified variable.
			if obj, ok := c.pass.TypesInfo.Uses[e.Sel].(*types.Var); ok {
				return group{root: obj}, true
			}
			return group{}, false
		}
		if sel.Kind() != types.FieldVal || len(sel.Index()) != 1 {
			return group{}, false
		}
		k, ok := c.groupOf(e.X)
		if !ok {
			return group{}, false
		}
		k.path += "." + e.Sel.Name
		k.field, _ = sel.Obj().(*types.Var)
		return k, true
	}
	return group{}, false
}

// isWaitGroup reports whether t is sync.WaitGroup or a pointer to it.
func isWaitGroup(t types.Type) bool {
	named, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "sync" && obj.Name() == "WaitGroup"
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
