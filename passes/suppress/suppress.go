// Package suppress reads //gostructlint:ignore directives and filters the
// diagnostics that the gostructlint analyzers report.
//
// A directive names one or more analyzers, separated by commas, and a
// reason:
//
//	//gostructlint:ignore nakedgo,chanleak the worker exits with the process
//
// The directive ends at the end of the line or at a nested "//".
// It silences the named analyzers on the line it sits on, or, when it stands
// alone on a line, on the next line. In the doc comment of a function it
// silences them in the whole function. A directive without a reason is itself
// reported, by each analyzer it names; nakedgo also reports directives that
// name no known analyzer.
package suppress

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts every directive.
const Prefix = "//gostructlint:ignore"

// Names lists the analyzers that a directive may name.
var Names = []string{"nakedgo", "wgmisuse", "chanleak", "ctxdone"}

// Analyzer collects the directives of a package. Its Result is a
// *Directives.
var Analyzer = &analysis.Analyzer{
	Name:             "gostructlintignore",
	Doc:              "collect //gostructlint:ignore directives",
	Run:              collect,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[*Directives](),
}

// Directive is one //gostructlint:ignore comment.
type Directive struct {
	Comment   *ast.Comment
	Analyzers []string // names as written
	Reason    string   // empty when missing

	// The directive silences diagnostics whose position lies in
	// [From, To] (whole lines).
	From, To token.Pos
}

// Directives holds the directives of one package.
type Directives struct {
	List []*Directive
}

func collect(pass *analysis.Pass) (any, error) {
	ds := &Directives{}
	for _, file := range pass.Files {
		tf := pass.Fset.File(file.FileStart)
		if tf == nil {
			continue
		}
		src, err := pass.ReadFile(tf.Name())
		if err != nil {
			src = nil // treat every directive as standing on its own line
		}
		funcDocs := make(map[*ast.CommentGroup]*ast.FuncDecl)
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
				funcDocs[fd.Doc] = fd
			}
		}
		for _, group := range file.Comments {
			for _, c := range group.List {
				d := parse(c)
				if d == nil {
					continue
				}
				if fd, ok := funcDocs[group]; ok {
					d.From, d.To = fd.Pos(), fd.End()
				} else {
					d.From, d.To = lineSpan(tf, src, c)
				}
				ds.List = append(ds.List, d)
			}
		}
	}
	return ds, nil
}

// parse returns the directive in c, or nil if c is not one.
func parse(c *ast.Comment) *Directive {
	rest, ok := strings.CutPrefix(c.Text, Prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil
	}
	// A nested "//" starts another comment (a tool's marker, say), which
	// is not part of the directive.
	rest, _, _ = strings.Cut(rest, "//")
	fields := strings.Fields(rest)
	d := &Directive{Comment: c}
	if len(fields) > 0 {
		d.Analyzers = strings.Split(fields[0], ",")
		d.Reason = strings.Join(fields[1:], " ")
	}
	return d
}

// lineSpan returns the lines that a directive outside a function's doc
// comment covers: its own line when code precedes it there, else the next
// line.
func lineSpan(tf *token.File, src []byte, c *ast.Comment) (from, to token.Pos) {
	line := tf.Line(c.Pos())
	lineStart := tf.Offset(tf.LineStart(line))
	ownLine := src == nil || len(strings.TrimSpace(string(src[lineStart:tf.Offset(c.Pos())]))) == 0
	if ownLine && line < tf.LineCount() {
		line++
	}
	from = tf.LineStart(line)
	if line < tf.LineCount() {
		to = tf.LineStart(line+1) - 1
	} else {
		to = token.Pos(tf.Base() + tf.Size())
	}
	return from, to
}

// Silences reports whether a directive with a reason silences analyzer at
// pos.
func (ds *Directives) Silences(analyzer string, pos token.Pos) bool {
	for _, d := range ds.List {
		if d.Reason != "" && pos >= d.From && pos <= d.To && slices.Contains(d.Analyzers, analyzer) {
			return true
		}
	}
	return false
}

// Reporter reports the diagnostics of one analyzer on one package, leaving
// out those that a directive silences.
type Reporter struct {
	pass       *analysis.Pass
	directives *Directives
}

// NewReporter returns a Reporter for pass, whose analyzer must require
// Analyzer. It reports at once every directive that names pass's analyzer
// and gives no reason.
func NewReporter(pass *analysis.Pass) *Reporter {
	ds := pass.ResultOf[Analyzer].(*Directives)
	name := pass.Analyzer.Name
	for _, d := range ds.List {
		if d.Reason == "" && (slices.Contains(d.Analyzers, name) || len(d.Analyzers) == 0 && name == "nakedgo") {
			pass.Report(analysis.Diagnostic{
				Pos:      d.Comment.Pos(),
				End:      d.Comment.End(),
				Category: "directive",
				Message:  "gostructlint:ignore directive needs a reason after the analyzer names, e.g. " + Prefix + " " + name + " <why this is safe>",
			})
		}
		if name == "nakedgo" {
			for _, a := range d.Analyzers {
				if !slices.Contains(Names, a) {
					pass.Report(analysis.Diagnostic{
						Pos:      d.Comment.Pos(),
						End:      d.Comment.End(),
						Category: "directive",
						Message:  "gostructlint:ignore names unknown analyzer " + strconv.Quote(a) + "; known analyzers: " + strings.Join(Names, ", "),
					})
				}
			}
		}
	}
	return &Reporter{pass: pass, directives: ds}
}

// Report reports d unless a directive silences it.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if r.directives.Silences(r.pass.Analyzer.Name, d.Pos) {
		return
	}
	r.pass.Report(d)
}
