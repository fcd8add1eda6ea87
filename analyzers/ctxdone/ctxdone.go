package ctxdone

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/suppress"
)

//go:embed doc.go
var doc string

// Analyzer reports blocking code that ignores the cancellation of a
// context in scope.
var Analyzer = &analysis.Analyzer{
	Name:     "ctxdone",
	Doc:      analyzerDoc(doc, "ctxdone"),
	URL:      "https://pkg.go.dev/github.com/gostructlint/gostructlint/analyzers/ctxdone",
	Requires: []*analysis.Analyzer{suppress.Analyzer, inspect.Analyzer},
	Run:      run,
}

var style = fixes.Async

func init() {
	Analyzer.Flags.Var(&style, "fixstyle", "which fix comes first: async (rewrite onto package async) or minimal (add the ctx.Done() case)")
}

// checker holds what the checks of one package share.
type checker struct {
	pass     *analysis.Pass
	reporter *suppress.Reporter
	inspect  *inspector.Inspector
	contexts []*contextVar
	// doneVars holds the variables assigned from ctx.Done(), such as done
	// in done := ctx.Done().
	doneVars map[types.Object]bool
	// boundVars holds the variables that a call taking a tracked context
	// returned, such as stream in stream, err := client.Open(ctx).
	boundVars map[types.Object]bool
	// detached holds the calls context.WithoutCancel(ctx) of tracked
	// contexts: after one, the code chose not to follow ctx.
	detached []detachment
	// reported holds the positions of the findings so far, so that a
	// goroutine is not reported again for a finding inside it.
	reported []token.Pos
}

func run(pass *analysis.Pass) (any, error) {
	if !importsContext(pass.Pkg) {
		return nil, nil
	}
	c := &checker{
		pass:      pass,
		reporter:  suppress.NewReporter(pass),
		inspect:   pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		doneVars:  make(map[types.Object]bool),
		boundVars: make(map[types.Object]bool),
	}
	c.collectContexts()
	if len(c.contexts) == 0 {
		return nil, nil
	}

	c.checkSelects()
	c.checkBlockingOps()
	c.checkSleeps()
	c.checkPollingLoops()
	c.checkGoroutines()
	return nil, nil
}

func importsContext(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == "context" {
			return true
		}
	}
	return false
}

// report reports a finding of shape at node, with the declaration of ctx
// as related information.
func (c *checker) report(node ast.Node, shape string, ctx *contextVar, message string, fixList []analysis.SuggestedFix) {
	related := []analysis.RelatedInformation{{
		Pos:     ctx.ident.Pos(),
		End:     ctx.ident.End(),
		Message: ctx.describe(),
	}}
	c.reported = append(c.reported, node.Pos())
	c.reporter.Report(analysis.Diagnostic{
		Pos:            node.Pos(),
		End:            node.End(),
		Category:       "ctxdone/" + shape,
		Message:        message,
		Related:        related,
		SuggestedFixes: fixList,
	})
}

// funcInfo is the innermost function around a finding.
type funcInfo struct {
	node ast.Node      // *ast.FuncDecl or *ast.FuncLit
	decl *ast.FuncDecl // the declaration that contains node, if any
	isGo bool          // node is a function literal started by a go statement
}

// name names the function for messages: the declared name, or "a function
// literal in F" (or "a goroutine in F") for closures.
func (f funcInfo) name() string {
	if decl, ok := f.node.(*ast.FuncDecl); ok {
		return decl.Name.Name
	}
	what := "a function literal"
	if f.isGo {
		what = "a goroutine"
	}
	if f.decl != nil {
		return what + " in " + f.decl.Name.Name
	}
	return what
}

// shortSource returns the source of expr on one line, shortened for use
// in a message.
func (c *checker) shortSource(expr ast.Node) string {
	s := fixes.Source(c.pass, expr)
	if s == "" {
		s = fixes.Format(c.pass.Fset, expr)
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// analyzerDoc extracts the text under "# Analyzer name" from the package
// comment in src, without the comment markers and without the "name: "
// that starts its summary line (drivers print the name themselves).
func analyzerDoc(src, name string) string {
	var lines []string
	in := false
	for line := range strings.SplitSeq(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			if in {
				break
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if strings.HasPrefix(text, "# Analyzer "+name) {
			in = true
			continue
		}
		if in {
			if strings.HasPrefix(text, "# ") {
				break
			}
			lines = append(lines, text)
		}
	}
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	return strings.TrimPrefix(text, name+": ")
}

// enclosingFunc returns the innermost function around cur.
func enclosingFunc(cur inspector.Cursor) (funcInfo, bool) {
	var f funcInfo
	for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if f.node == nil {
			f.node = e.Node()
			f.isGo = isGoStarted(e)
		}
		if d, ok := e.Node().(*ast.FuncDecl); ok {
			f.decl = d
		}
	}
	return f, f.node != nil
}

// isGoStarted reports whether the function literal at cur is started by a
// go statement: go func() { ... }().
func isGoStarted(cur inspector.Cursor) bool {
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun != cur.Node() {
		return false
	}
	_, ok = cur.Parent().Parent().Node().(*ast.GoStmt)
	return ok
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

func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// lineIndent returns the white space that starts the line of pos.
func (c *checker) lineIndent(pos token.Pos) string {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return ""
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}
