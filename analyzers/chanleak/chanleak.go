package chanleak

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/gostructlint/gostructlint/passes/chanflow"
	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/suppress"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that block forever on a channel.
var Analyzer = &analysis.Analyzer{
	Name:      "chanleak",
	Doc:       analyzerDoc(doc),
	URL:       "https://pkg.go.dev/github.com/gostructlint/gostructlint/analyzers/chanleak",
	Requires:  []*analysis.Analyzer{suppress.Analyzer, buildssa.Analyzer, chanflow.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(spawnFact)},
}

var style = fixes.Async

func init() {
	Analyzer.Flags.Var(&style, "fixstyle", "which suggested fix comes first: async (rewrite onto package async) or minimal (smallest local repair)")
}

// analyzerDoc extracts the text under the "# Analyzer chanleak" heading of
// the package documentation.
func analyzerDoc(src string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			if in {
				break
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if strings.HasPrefix(text, "# Analyzer ") {
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
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// checker holds the state of one run.
type checker struct {
	pass   *analysis.Pass
	flow   *chanflow.Result
	rep    *suppress.Reporter
	cycles *cycles
	// bodies maps a function to the functions that it may run through
	// static calls of the package, itself included.
	bodies map[*ssa.Function]map[*ssa.Function]bool
	// reported holds the positions already reported, one finding each.
	reported map[token.Pos]bool
	// reportedChans holds the channels with a finding.
	reportedChans map[chanflow.Key]bool
	// calls indexes the call sites of the package.
	calls *callIndex
	// fnOps holds the channel operations of each function.
	fnOps map[*ssa.Function][]keyedOp
	// gos holds the go statements of the package.
	gos []*ssa.Go
	// inGoroutine holds the functions that run in goroutines.
	inGoroutine map[*ssa.Function]bool
	// ck holds the keys of cancellable contexts, built on first use.
	ck *cancelKeys
	// invokes holds the interface calls of the package by method name.
	invokes map[string][]ssa.CallInstruction
}

func run(pass *analysis.Pass) (any, error) {
	flow := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	c := &checker{
		pass:     pass,
		flow:     flow,
		rep:      suppress.NewReporter(pass),
		cycles:   newCycles(),
		bodies:   map[*ssa.Function]map[*ssa.Function]bool{},
		reported: map[token.Pos]bool{},

		reportedChans: map[chanflow.Key]bool{},
	}
	c.cycles.dead = c.deadCase
	c.checkConds()
	if len(flow.Channels) == 0 && !importsContext(pass) {
		return nil, nil
	}

	// Visit channels in source order so that output is stable.
	var chans []*chanflow.Channel
	for _, ch := range flow.Channels {
		chans = append(chans, ch)
	}
	sort.Slice(chans, func(i, j int) bool { return keyPos(chans[i]) < keyPos(chans[j]) })

	for _, ch := range chans {
		c.checkSpawned(ch)
	}
	for _, ch := range chans {
		c.checkRace(ch)
	}
	for _, ch := range chans {
		c.checkFreshSends(ch)
	}
	c.checkLocks(chans)
	c.checkCancels()
	for _, ch := range chans {
		if !c.reportedChans[ch.Key] {
			c.checkWholePackage(ch)
		}
	}
	return nil, nil
}

func keyPos(ch *chanflow.Channel) token.Pos {
	switch {
	case ch.Key.Make != nil:
		return ch.Key.Make.Pos()
	case ch.Key.Remote != nil:
		return ch.Key.Remote.Pos()
	case ch.Key.Field != nil:
		return ch.Key.Field.Pos()
	}
	return token.NoPos
}

// body returns fn and the functions of the package that fn reaches through
// static calls (not through go statements), up to a fixed depth.
func (c *checker) body(fn *ssa.Function) map[*ssa.Function]bool {
	if b, ok := c.bodies[fn]; ok {
		return b
	}
	out := map[*ssa.Function]bool{}
	var visit func(f *ssa.Function, depth int)
	visit = func(f *ssa.Function, depth int) {
		if f == nil || out[f] || len(f.Blocks) == 0 || depth > 4 {
			return
		}
		out[f] = true
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Call:
					visit(c.callee(&x.Call), depth+1)
				case *ssa.Defer:
					visit(c.callee(&x.Call), depth+1)
				}
			}
		}
	}
	visit(fn, 0)
	c.bodies[fn] = out
	return out
}

// calleeOf returns the function that call runs when it is static or an
// immediately called closure.
func calleeOf(call *ssa.CallCommon) *ssa.Function {
	if call == nil || call.IsInvoke() {
		return nil
	}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok {
		fn, _ := mc.Fn.(*ssa.Function)
		return fn
	}
	return call.StaticCallee()
}

// deadCase reports whether case i of sel can never be chosen: it waits on
// a nil channel, receives from a channel of the package that nothing sends
// on or closes, or sends on an unbuffered one that nothing receives from.
func (c *checker) deadCase(sel *ssa.Select, i int) bool {
	st := sel.States[i]
	if k, ok := st.Chan.(*ssa.Const); ok && k.IsNil() {
		return true
	}
	key := c.flow.KeyOf(st.Chan)
	ch := c.flow.Channels[key]
	if key.Make == nil || ch == nil || ch.Escaped || ch.Returned {
		return false
	}
	for _, op := range ch.Ops {
		if st.Dir == types.RecvOnly && op.Kind != chanflow.Recv {
			return false
		}
		if st.Dir == types.SendOnly && (op.Kind == chanflow.Recv || ch.Cap != 0) {
			return false
		}
	}
	return true
}

// report emits d once per position.
func (c *checker) report(d analysis.Diagnostic) {
	if !d.Pos.IsValid() || c.reported[d.Pos] {
		return
	}
	c.reported[d.Pos] = true
	var related []analysis.RelatedInformation
	for _, r := range d.Related {
		if r.Pos.IsValid() {
			related = append(related, r)
		}
	}
	d.Related = related
	c.rep.Report(d)
}

// line returns the line of pos.
func (c *checker) line(pos token.Pos) int {
	if !pos.IsValid() {
		return 0
	}
	return c.pass.Fset.Position(pos).Line
}

// funcName returns the name of fn as the source declares it: the
// enclosing named function for a function literal.
func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name()
}

// path returns the syntax nodes that enclose pos, innermost first.
func (c *checker) path(pos token.Pos) []ast.Node {
	f := fixes.File(c.pass, pos)
	if f == nil {
		return nil
	}
	var out []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		out = append(out, n)
		return true
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func importsContext(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == "context" {
			return true
		}
	}
	return false
}

// callee returns the function that call runs: the static callee, an
// immediately called closure, or the one function of the package that a
// function value can hold.
func (c *checker) callee(call *ssa.CallCommon) *ssa.Function {
	if fn := calleeOf(call); fn != nil {
		return fn
	}
	if call == nil || call.IsInvoke() {
		return nil
	}
	return c.flow.FuncOf(call.Value)
}
