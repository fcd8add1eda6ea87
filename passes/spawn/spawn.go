// Package spawn finds the spawn sites of a package, its go statements, and
// classifies how the parent joins each goroutine it starts.
//
// The classification reads the syntax tree and the type information only:
// it recognises the common shapes by the objects they share (a WaitGroup,
// a channel, a context) and does not prove that the join happens on every
// path. Analyzers that need a proof use the Site's nodes as starting points.
package spawn

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer finds the spawn sites of a package. Its Result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "spawn",
	Doc:        "find go statements and classify how each goroutine is joined",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the spawn sites of a package in source order.
type Result struct {
	Sites []*Site
}

// Shape is the way a parent joins a goroutine.
type Shape string

// The join shapes, from the most to the least structured. When a goroutine
// fits several, the first in this list wins.
const (
	// WaitGroup: the goroutine calls Done on a sync.WaitGroup (or is passed
	// the group) and Wait is called on the same group.
	WaitGroup Shape = "waitgroup"
	// ResultChannel: the goroutine sends on (or closes) a channel that the
	// parent receives from after the go statement.
	ResultChannel Shape = "result-channel"
	// StopLoop: the goroutine runs a loop that ends on a stop signal: a
	// receive from ctx.Done() or another channel, a ctx.Err() check, or the
	// closing of a channel it ranges over.
	StopLoop Shape = "stop-loop"
	// Unjoined: nothing above was found, so nothing waits for the goroutine.
	Unjoined Shape = "unjoined"
)

// Site is one go statement and what joins the goroutine it starts.
type Site struct {
	Go   *ast.GoStmt
	File *ast.File

	// Func is the innermost function (*ast.FuncDecl or *ast.FuncLit) that
	// contains Go, and Decl the declaration around it. Both are nil for a
	// go statement in a package-level variable's initialiser.
	Func ast.Node
	Decl *ast.FuncDecl

	// Goroutine is the function the goroutine runs when its body is in this
	// package: the literal of `go func() {...}()` or the declaration of
	// `go f(x)` and `go x.m()`. It is nil otherwise.
	Goroutine ast.Node // *ast.FuncLit or *ast.FuncDecl

	Shape Shape

	// For WaitGroup: the group, its Add call before Go in Func (nil when
	// there is none), the Done call in the goroutine (nil when the group is
	// passed to a function outside this package), and the Wait call.
	Group types.Object
	Add   *ast.CallExpr
	Done  *ast.CallExpr
	Wait  *ast.CallExpr

	// For ResultChannel: the channel, the send or close in the goroutine
	// (nil when it happens in a function outside this package), and the
	// parent's receive (an *ast.UnaryExpr or an *ast.RangeStmt).
	Chan    types.Object
	Send    ast.Node // *ast.SendStmt or the close *ast.CallExpr
	Receive ast.Node

	// For StopLoop: the loop and the expression whose signal ends it
	// (ctx.Done(), a channel, or ctx.Err()).
	Loop ast.Stmt
	Stop ast.Expr
}

// FuncName returns the name of the function declaration that contains the
// go statement, or "" at package level.
func (s *Site) FuncName() string {
	if s.Decl == nil {
		return ""
	}
	return s.Decl.Name.Name
}

func run(pass *analysis.Pass) (any, error) {
	inspect := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	res := &Result{}
	var decls map[*types.Func]*ast.FuncDecl // built on first use
	for cur := range inspect.Root().Preorder((*ast.GoStmt)(nil)) {
		site := &Site{Go: cur.Node().(*ast.GoStmt)}
		for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.File)(nil)) {
			switch n := enc.Node().(type) {
			case *ast.FuncDecl:
				site.Decl = n
				if site.Func == nil {
					site.Func = n
				}
			case *ast.FuncLit:
				if site.Func == nil {
					site.Func = n
				}
			case *ast.File:
				site.File = n
			}
		}
		if decls == nil {
			if _, isLit := ast.Unparen(site.Go.Call.Fun).(*ast.FuncLit); !isLit {
				decls = funcDecls(pass)
			}
		}
		c := classifier{pass: pass, site: site, decls: decls}
		c.classify()
		res.Sites = append(res.Sites, site)
	}
	return res, nil
}

// funcDecls maps the functions and methods declared in the package to
// their declarations, so that `go f(x)` can be followed into f.
func funcDecls(pass *analysis.Pass) map[*types.Func]*ast.FuncDecl {
	m := make(map[*types.Func]*ast.FuncDecl)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				m[fn] = fd
			}
		}
	}
	return m
}

type classifier struct {
	pass  *analysis.Pass
	site  *Site
	decls map[*types.Func]*ast.FuncDecl

	// The goroutine's parameters bound to the go statement's arguments,
	// when it runs a declared function.
	params map[types.Object]ast.Expr
}

func (c *classifier) classify() {
	s := c.site
	c.resolveGoroutine()
	switch {
	case c.findWaitGroup():
		s.Shape = WaitGroup
	case c.findResultChannel():
		s.Shape = ResultChannel
	case c.findStopLoop():
		s.Shape = StopLoop
	default:
		s.Shape = Unjoined
	}
}

// resolveGoroutine sets Site.Goroutine and, for a declared function, binds
// its parameters to the call's arguments.
func (c *classifier) resolveGoroutine() {
	call := c.site.Go.Call
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		c.site.Goroutine = lit
		return
	}
	fn := calledFunc(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	decl := c.decls[fn.Origin()]
	if decl == nil {
		return
	}
	c.site.Goroutine = decl
	c.params = make(map[types.Object]ast.Expr)
	i := 0
	for _, field := range decl.Type.Params.List {
		for _, name := range field.Names {
			if i < len(call.Args) {
				if obj := c.pass.TypesInfo.Defs[name]; obj != nil {
					c.params[obj] = call.Args[i]
				}
			}
			i++
		}
	}
}

// goroutineBody returns the body of the function the goroutine runs, or nil.
func (c *classifier) goroutineBody() *ast.BlockStmt {
	switch g := c.site.Goroutine.(type) {
	case *ast.FuncLit:
		return g.Body
	case *ast.FuncDecl:
		return g.Body
	}
	return nil
}

// outer returns the object that e denotes in the parent: e's own object, or,
// inside a declared goroutine function, the object of the argument bound to
// the parameter e names.
func (c *classifier) outer(e ast.Expr) types.Object {
	obj := objectOf(c.pass.TypesInfo, e)
	if arg, ok := c.params[obj]; ok {
		return objectOf(c.pass.TypesInfo, arg)
	}
	return obj
}

// parentBody returns the body of the function that contains the go
// statement, or nil.
func (c *classifier) parentBody() *ast.BlockStmt {
	switch f := c.site.Func.(type) {
	case *ast.FuncDecl:
		return f.Body
	case *ast.FuncLit:
		return f.Body
	}
	return nil
}

// inspectGoroutine calls visit for every node of the goroutine's body,
// leaving out the bodies of go statements nested in it.
func (c *classifier) inspectGoroutine(visit func(ast.Node) bool) {
	body := c.goroutineBody()
	if body == nil {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			return false
		}
		return n == nil || visit(n)
	})
}

// inspectParentAfterGo calls visit for every node of the parent function
// that starts after the go statement, leaving out the goroutine's literal.
func (c *classifier) inspectParentAfterGo(visit func(ast.Node) bool) {
	body := c.parentBody()
	if body == nil {
		return
	}
	goStmt := c.site.Go
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n == goStmt.Call.Fun {
			return false
		}
		if n.End() <= goStmt.Pos() {
			return false
		}
		return visit(n)
	})
}

// findWaitGroup looks for a WaitGroup that the goroutine marks Done and the
// parent (or, for a group stored in a field or package variable, any
// function of the package) waits on.
func (c *classifier) findWaitGroup() bool {
	s := c.site
	info := c.pass.TypesInfo

	// Done in the goroutine's body, or the group passed as an argument to a
	// function whose body is not here.
	c.inspectGoroutine(func(n ast.Node) bool {
		if s.Done != nil {
			return false
		}
		if recv, ok := methodCall(info, n, "Done"); ok && isWaitGroup(info.TypeOf(recv)) {
			s.Group = c.outer(recv)
			s.Done = n.(*ast.CallExpr)
		}
		return true
	})
	if s.Group == nil && s.Goroutine == nil {
		for _, arg := range s.Go.Call.Args {
			if isWaitGroup(info.TypeOf(arg)) {
				s.Group = objectOf(info, arg)
				break
			}
		}
	}
	if s.Group == nil {
		return false
	}

	// Add before the go statement, in the same function.
	if body := c.parentBody(); body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			if n == nil || n.Pos() >= s.Go.Pos() {
				return false
			}
			if recv, ok := methodCall(info, n, "Add"); ok && objectOf(info, recv) == s.Group {
				s.Add = n.(*ast.CallExpr)
			}
			return true
		})
	}

	// Wait after it in the same function, else anywhere in the package for
	// a group that outlives the function.
	c.inspectParentAfterGo(func(n ast.Node) bool {
		if s.Wait != nil {
			return false
		}
		if recv, ok := methodCall(info, n, "Wait"); ok && objectOf(info, recv) == s.Group {
			s.Wait = n.(*ast.CallExpr)
		}
		return true
	})
	if s.Wait == nil && !isLocal(s.Group, c.parentBody()) {
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if s.Wait != nil {
					return false
				}
				if recv, ok := methodCall(info, n, "Wait"); ok && objectOf(info, recv) == s.Group {
					s.Wait = n.(*ast.CallExpr)
				}
				return true
			})
		}
	}
	if s.Wait == nil {
		s.Group, s.Add, s.Done = nil, nil, nil
		return false
	}
	return true
}

// findResultChannel looks for a channel that the goroutine sends on or
// closes and that the parent receives from after the go statement.
func (c *classifier) findResultChannel() bool {
	s := c.site
	info := c.pass.TypesInfo
	sends := make(map[types.Object]ast.Node)
	c.inspectGoroutine(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if obj := c.outer(n.Chan); obj != nil && sends[obj] == nil {
				sends[obj] = n
			}
		case *ast.CallExpr:
			if isBuiltin(info, n.Fun, "close") && len(n.Args) == 1 {
				if obj := c.outer(n.Args[0]); obj != nil && sends[obj] == nil {
					sends[obj] = n
				}
			}
		}
		return true
	})
	if s.Goroutine == nil {
		// A function from elsewhere: a send-only channel argument is the
		// way it hands back results.
		for _, arg := range s.Go.Call.Args {
			if ch, ok := info.TypeOf(arg).(*types.Chan); ok && ch.Dir() != types.RecvOnly {
				if obj := objectOf(info, arg); obj != nil {
					sends[obj] = nil
				}
			}
		}
	}
	if len(sends) == 0 {
		return false
	}
	c.inspectParentAfterGo(func(n ast.Node) bool {
		if s.Receive != nil {
			return false
		}
		var ch ast.Expr
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ch = n.X
			}
		case *ast.RangeStmt:
			if _, ok := info.TypeOf(n.X).Underlying().(*types.Chan); ok {
				ch = n.X
			}
		}
		if ch == nil {
			return true
		}
		obj := objectOf(info, ch)
		if send, ok := sends[obj]; ok && obj != nil {
			s.Chan, s.Send, s.Receive = obj, send, n
			return false
		}
		return true
	})
	return s.Receive != nil
}

// findStopLoop looks in the goroutine for a loop that a stop signal ends.
func (c *classifier) findStopLoop() bool {
	s := c.site
	info := c.pass.TypesInfo
	c.inspectGoroutine(func(n ast.Node) bool {
		if s.Loop != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		switch loop := n.(type) {
		case *ast.RangeStmt:
			// Only a channel of this package's code can be closed to stop
			// the loop; time.Tick and a Ticker's C never are.
			obj := objectOf(info, loop.X)
			if t := info.TypeOf(loop.X); t != nil && obj != nil && obj.Pkg() == c.pass.Pkg {
				if _, ok := t.Underlying().(*types.Chan); ok {
					s.Loop, s.Stop = loop, loop.X
					return false
				}
			}
		case *ast.ForStmt:
			if stop := stopSignal(info, loop); stop != nil {
				s.Loop, s.Stop = loop, stop
				return false
			}
		}
		return true
	})
	return s.Loop != nil
}

// stopSignal returns the expression whose signal leaves loop: the channel
// of a select case that returns or breaks out of the loop, or a ctx.Err()
// call in the loop's condition or body. It returns nil when there is none.
func stopSignal(info *types.Info, loop *ast.ForStmt) ast.Expr {
	var stop ast.Expr
	ast.Inspect(loop, func(n ast.Node) bool {
		if stop != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if ch := receivedChannel(n.Comm); ch != nil && leavesLoop(n.Body) {
				stop = ch
				return false
			}
		case *ast.CallExpr:
			if recv, ok := methodCall(info, n, "Err"); ok && isContext(info.TypeOf(recv)) {
				stop = n
				return false
			}
		}
		return true
	})
	return stop
}

// receivedChannel returns the channel that a select case's communication
// receives from, or nil for a send or the default case.
func receivedChannel(comm ast.Stmt) ast.Expr {
	var e ast.Expr
	switch comm := comm.(type) {
	case *ast.ExprStmt:
		e = comm.X
	case *ast.AssignStmt:
		if len(comm.Rhs) == 1 {
			e = comm.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// leavesLoop reports whether stmts contain a return, a labelled break or a
// goto, the statements that leave a loop from inside a select.
func leavesLoop(stmts []ast.Stmt) bool {
	found := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if n.Tok == token.GOTO || n.Tok == token.BREAK && n.Label != nil {
					found = true
				}
			case *ast.ExprStmt:
				if call, ok := n.X.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}
