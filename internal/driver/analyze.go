package driver

import (
	"context"
	"fmt"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"
)

// analysisResult is the action graph of one run, with the analyzers the
// user enabled (not their guarded copies).
type analysisResult struct {
	graph     *checker.Graph
	analyzers []*analysis.Analyzer
	original  map[*analysis.Analyzer]*analysis.Analyzer // guarded copy to original
}

// analyze runs the enabled analyzers on pkgs and prints one error line for
// each analyzer that failed or panicked on a package. Packages with load
// errors were reported by load and are not reported again.
func (r *runner) analyze(pkgs []*packages.Package) (*analysisResult, error) {
	guarded, original := guard(r.cfg.analyzers, pkgs)
	start := time.Now()
	graph, err := checker.Analyze(guarded, pkgs, nil)
	if err != nil {
		return nil, err
	}
	r.progressf("analyzed in %v", time.Since(start).Round(time.Millisecond))
	res := &analysisResult{graph: graph, analyzers: r.cfg.analyzers, original: original}
	r.reportActionErrors(res)
	if r.cfg.verbose {
		r.reportTiming(res)
	}
	return res, nil
}

// reportActionErrors prints the errors of the actions that failed for a
// reason of their own: an action skipped because its package has errors,
// or because an action it depends on failed, adds nothing new.
func (r *runner) reportActionErrors(res *analysisResult) {
	seen := make(map[string]bool)
	for act := range res.graph.All() {
		if act.Err == nil || act.Package.IllTyped || strings.HasPrefix(act.Err.Error(), "failed prerequisites") {
			continue
		}
		line := fmt.Sprintf("analyzer %s failed on package %s: %v", res.original[act.Analyzer].Name, act.Package.PkgPath, act.Err)
		if seen[line] {
			continue
		}
		seen[line] = true
		r.errorf("%s", line)
		if p, ok := act.Err.(*panicError); ok && r.cfg.verbose {
			fmt.Fprintf(r.opts.Stderr, "%s\n", p.stack)
		}
	}
}

// reportTiming prints the time each analyzer took, summed over packages.
// The actions run in parallel, so the sums include scheduling noise.
func (r *runner) reportTiming(res *analysisResult) {
	total := make(map[string]time.Duration)
	for act := range res.graph.All() {
		total[res.original[act.Analyzer].Name] += act.Duration
	}
	names := make([]string, 0, len(total))
	for name := range total {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return total[names[i]] > total[names[j]] })
	for _, name := range names {
		r.progressf("%-20s %v", name, total[name].Round(time.Millisecond))
	}
}

// panicError is the error that a guarded analyzer returns when the
// original panics.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string {
	return fmt.Sprintf("panic: %v (run with -v for the stack)", p.value)
}

// guard returns copies of the analyzers, and of every analyzer they
// require, that differ from the originals in two ways.
//
// A copy's Run turns a panic of the original Run into an error. The
// checker runs each action in its own goroutine, so a recover in the
// caller of checker.Analyze could not catch it.
//
// A copy's result is a *resultBox that the analyzers requiring it on the
// same package unwrap, and that drops the original result once the last
// of them has run. The checker keeps every result until Analyze returns,
// and when an analyzer uses facts it runs on every dependency, so the SSA
// form of the whole program would otherwise stay in memory to the end.
//
// The copy of buildssa waits at an ssaGate before it builds a package's
// SSA form, so that the form is not built long before it is used.
//
// The original Run sees its own *Analyzer in Pass.Analyzer and
// Pass.ResultOf, so it cannot tell the difference. The map sends each copy
// to its original.
func guard(analyzers []*analysis.Analyzer, pkgs []*packages.Package) ([]*analysis.Analyzer, map[*analysis.Analyzer]*analysis.Analyzer) {
	all := withRequired(analyzers...)
	gate := newSSAGate(pkgs, all)
	// The analyzers that the users of the gate need: when one fails on a
	// package, the users will not run there.
	chain := make(map[*analysis.Analyzer]bool)
	for a := range all {
		if isSSAFactUser(a) {
			for x := range withRequired(a) {
				chain[x] = true
			}
		}
	}

	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	original := make(map[*analysis.Analyzer]*analysis.Analyzer)
	consumers := make(map[*analysis.Analyzer]int32) // analyzers that require the key
	var copyOf func(a *analysis.Analyzer) *analysis.Analyzer
	copyOf = func(a *analysis.Analyzer) *analysis.Analyzer {
		if c, ok := copies[a]; ok {
			return c
		}
		c := &analysis.Analyzer{
			Name:             a.Name,
			Doc:              a.Doc,
			URL:              a.URL,
			RunDespiteErrors: a.RunDespiteErrors,
			ResultType:       reflect.TypeFor[*resultBox](),
			FactTypes:        a.FactTypes,
		}
		copies[a] = c
		original[c] = a
		seen := make(map[*analysis.Analyzer]bool)
		for _, req := range a.Requires {
			c.Requires = append(c.Requires, copyOf(req))
			if !seen[req] {
				seen[req] = true
				consumers[req]++
			}
		}
		c.Run = guardedRun(a, original, consumers)
		if gate != nil {
			c.Run = gated(a, c.Run, gate, chain[a])
		}
		return c
	}
	guarded := make([]*analysis.Analyzer, len(analyzers))
	for i, a := range analyzers {
		guarded[i] = copyOf(a)
	}
	return guarded, original
}

// withRequired returns the analyzers and every analyzer they require,
// directly or not.
func withRequired(analyzers ...*analysis.Analyzer) map[*analysis.Analyzer]bool {
	out := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if !out[a] {
			out[a] = true
			for _, r := range a.Requires {
				visit(r)
			}
		}
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}

// gated wraps run, the guarded Run of a, with the steps of the gate. The
// copy of buildssa waits. A user of the gate reports that it is done with
// the package. A failure of an analyzer that a user requires reports that
// the user will not run on the package.
func gated(a *analysis.Analyzer, run func(*analysis.Pass) (any, error), gate *ssaGate, inChain bool) func(*analysis.Pass) (any, error) {
	user := isSSAFactUser(a)
	return func(pass *analysis.Pass) (any, error) {
		if a == buildssa.Analyzer {
			ctx, cancel := context.WithTimeout(context.Background(), gateTimeout)
			gate.wait(ctx, pass.Pkg)
			cancel()
		}
		result, err := run(pass)
		switch {
		case err != nil && inChain:
			gate.fail(pass.Pkg)
		case user:
			gate.finished(pass.Pkg)
		}
		return result, err
	}
}

// resultBox holds the result of one action until the actions that
// require it have run.
type resultBox struct {
	value   any
	pending atomic.Int32 // actions that have yet to read value
}

// release records that one action has read the value, and drops the
// value after the last.
func (b *resultBox) release() {
	if b.pending.Add(-1) == 0 {
		b.value = nil
	}
}

// guardedRun returns the Run of the copy of a. The consumers map is
// complete before the checker calls any Run.
func guardedRun(a *analysis.Analyzer, original map[*analysis.Analyzer]*analysis.Analyzer, consumers map[*analysis.Analyzer]int32) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (result any, err error) {
		p := *pass
		p.Analyzer = a
		p.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf))
		var boxes []*resultBox
		for req, res := range pass.ResultOf {
			box := res.(*resultBox)
			p.ResultOf[original[req]] = box.value
			boxes = append(boxes, box)
		}
		defer func() {
			for _, box := range boxes {
				box.release()
			}
			if v := recover(); v != nil {
				result, err = nil, &panicError{value: v, stack: debug.Stack()}
			}
		}()

		value, err := a.Run(&p)
		if err != nil {
			return nil, err
		}
		box := &resultBox{value: value}
		box.pending.Store(consumers[a])
		return box, nil
	}
}
