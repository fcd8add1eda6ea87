package driver

import (
	"flag"
	"fmt"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Combine returns one analyzer, called name, that runs the analyzers in
// list as its requirements and reports what they found, each message
// prefixed with the analyzer name. Each diagnostic keeps its first fix
// only, and loses it when one of its edits overlaps or touches an edit of
// a fix already kept, taking the analyzers in the order of list. The
// diagnostic itself is always reported. An analyzer for which enabled
// returns false reports nothing; a nil enabled enables every analyzer.
//
// Drivers that apply every fix they receive need this. golangci-lint v2
// --fix applies every fix of a diagnostic and gives up on all of a
// linter's edits in a file when two overlap. The go fix driver of x/tools
// v0.52.0 merges the first fixes of all analyzers and can turn two edits
// that touch into code that does not parse. Two gostructlint analyzers
// often report the same go statement, and the async rewrite and the
// minimal repair of one diagnostic edit the same code.
func Combine(name string, list []*analysis.Analyzer, enabled func(*analysis.Analyzer) bool) *analysis.Analyzer {
	collectors := make([]*analysis.Analyzer, len(list))
	names := make([]string, len(list))
	for i, a := range list {
		collectors[i] = collector(a, enabled)
		names[i] = a.Name
	}
	return &analysis.Analyzer{
		Name:             name,
		Doc:              "report unstructured concurrency: " + strings.Join(names, ", "),
		URL:              "https://pkg.go.dev/github.com/gostructlint/gostructlint",
		Requires:         collectors,
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			kept := make(map[*token.File][]edit)
			for i, c := range collectors {
				diags, _ := pass.ResultOf[c].([]analysis.Diagnostic)
				for _, d := range diags {
					d.Message = list[i].Name + ": " + d.Message
					d.SuggestedFixes = keepFirstFix(pass.Fset, d.SuggestedFixes, kept)
					pass.Report(d)
				}
			}
			return nil, nil
		},
	}
}

// collector returns a copy of a whose result is the diagnostics that a
// reports, instead of reporting them.
func collector(a *analysis.Analyzer, enabled func(*analysis.Analyzer) bool) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Requires:         a.Requires,
		RunDespiteErrors: a.RunDespiteErrors,
		FactTypes:        a.FactTypes,
		ResultType:       reflect.TypeFor[[]analysis.Diagnostic](),
		Run: func(pass *analysis.Pass) (any, error) {
			diags := []analysis.Diagnostic{}
			if enabled != nil && !enabled(a) {
				return diags, nil
			}
			var mu sync.Mutex
			p := *pass
			p.Analyzer = a
			p.Report = func(d analysis.Diagnostic) {
				mu.Lock()
				diags = append(diags, d)
				mu.Unlock()
			}
			if _, err := a.Run(&p); err != nil {
				return nil, err
			}
			return diags, nil
		},
	}
}

// keepFirstFix returns the first fix alone, or nothing when one of its
// edits overlaps or touches an edit in kept without being identical to it,
// and records the edits of the fix it returns.
func keepFirstFix(fset *token.FileSet, fixes []analysis.SuggestedFix, kept map[*token.File][]edit) []analysis.SuggestedFix {
	if len(fixes) == 0 {
		return nil
	}
	type fileEdit struct {
		file *token.File
		edit edit
	}
	var edits []fileEdit
	for _, e := range fixes[0].TextEdits {
		f := fset.File(e.Pos)
		if f == nil {
			return nil
		}
		x := edit{start: f.Offset(e.Pos), text: string(e.NewText)}
		x.end = x.start
		if e.End.IsValid() {
			x.end = f.Offset(e.End)
		}
		for _, k := range kept[f] {
			if x != k && x.start <= k.end && k.start <= x.end {
				return nil
			}
		}
		edits = append(edits, fileEdit{f, x})
	}
	for _, e := range edits {
		kept[e.file] = append(kept[e.file], e.edit)
	}
	return fixes[:1]
}

// RegisterAnalyzerFlags defines on fs, for each analyzer NAME in all, the
// enable flag -NAME and the analyzer's flags as -NAME.FLAG, and returns
// the enable rule of multichecker as a predicate for Combine: when any
// -NAME is true only those analyzers are enabled; otherwise all are,
// except those set to false. The predicate reads the flags when called,
// so call it after fs is parsed.
func RegisterAnalyzerFlags(fs *flag.FlagSet, all []*analysis.Analyzer) func(*analysis.Analyzer) bool {
	enabled := make(map[*analysis.Analyzer]*triState)
	for _, a := range all {
		state := new(triState)
		enabled[a] = state
		fs.Var(state, a.Name, fmt.Sprintf("enable the %s analyzer", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	return func(a *analysis.Analyzer) bool {
		state, ok := enabled[a]
		if !ok {
			return false
		}
		var anyTrue bool
		for _, s := range enabled {
			if *s == setTrue {
				anyTrue = true
			}
		}
		if anyTrue {
			return *state == setTrue
		}
		return *state != setFalse
	}
}
