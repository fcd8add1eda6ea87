package nakedgo

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/spawn"
	"github.com/gostructlint/gostructlint/passes/suppress"
)

//go:embed doc.go
var doc string

// Analyzer is the nakedgo analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "nakedgo",
	Doc:      analyzerDoc(doc, "nakedgo"),
	URL:      "https://pkg.go.dev/github.com/gostructlint/gostructlint/analyzers/nakedgo",
	Requires: []*analysis.Analyzer{suppress.Analyzer, inspect.Analyzer, spawn.Analyzer},
	Run:      run,
}

// Flag values; the driver sets them before any pass runs.
var (
	allowPackages listFlag
	allowFuncs    listFlag
	allowFiles    listFlag
	reportTests   = true
	reportMain    = true
	style         = fixes.Async
)

func init() {
	Analyzer.Flags.Var(&allowPackages, "allow-packages", "comma-separated import paths whose go statements are not reported; a trailing /... also matches the packages below")
	Analyzer.Flags.Var(&allowFuncs, "allow-funcs", "comma-separated functions whose go statements are not reported: pkg.Func, (pkg.T).Method or (*pkg.T).Method, with pkg the package name or import path")
	Analyzer.Flags.Var(&allowFiles, "allow-files", "comma-separated filepath.Match globs on file base names (e.g. *_gen.go) whose go statements are not reported")
	Analyzer.Flags.BoolVar(&reportTests, "tests", true, "report go statements in _test.go files")
	Analyzer.Flags.BoolVar(&reportMain, "main", true, "report go statements in package main")
	Analyzer.Flags.Var(&style, "fixstyle", "which suggested fix comes first: async (rewrite onto package async) or minimal (smallest local repair)")
}

func run(pass *analysis.Pass) (any, error) {
	r := suppress.NewReporter(pass)
	if inAsync(pass.Pkg.Path()) || packageAllowed(pass.Pkg.Path()) {
		return nil, nil
	}
	if pass.Pkg.Name() == "main" && !reportMain {
		return nil, nil
	}

	sites := pass.ResultOf[spawn.Analyzer].(*spawn.Result).Sites
	if len(sites) == 0 {
		return nil, nil
	}
	rewrites := newRewriter(pass)
	senders := make(map[types.Object]int) // go statements per result channel
	for _, site := range sites {
		if site.Shape == spawn.ResultChannel && site.Chan != nil {
			senders[site.Chan]++
		}
	}
	for _, site := range sites {
		if site.File == nil || !fileReported(pass, site.File) || funcAllowed(pass, site.Decl) {
			continue
		}
		d := diagnose(site, senders[site.Chan] > 1)
		asyncFix, minimalFix := rewrites.fixes(site)
		d.SuggestedFixes = fixes.Order(style, asyncFix, minimalFix)
		r.Report(d)
	}
	return nil, nil
}

// inAsync reports whether path is package async or one of its
// subpackages, whose go statements implement the scopes.
func inAsync(path string) bool {
	path = strings.TrimSuffix(path, "_test")
	return path == fixes.AsyncPath || strings.HasPrefix(path, fixes.AsyncPath+"/")
}

// packageAllowed reports whether -allow-packages lists path.
func packageAllowed(path string) bool {
	path = strings.TrimSuffix(path, "_test")
	for _, pattern := range allowPackages {
		if prefix, ok := strings.CutSuffix(pattern, "/..."); ok {
			if path == prefix || strings.HasPrefix(path, prefix+"/") {
				return true
			}
		} else if prefix, ok := strings.CutSuffix(pattern, "..."); ok {
			if strings.HasPrefix(path, prefix) {
				return true
			}
		} else if path == pattern {
			return true
		}
	}
	return false
}

// fileReported applies -tests and -allow-files to file.
func fileReported(pass *analysis.Pass, file *ast.File) bool {
	tf := pass.Fset.File(file.FileStart)
	if tf == nil {
		return false
	}
	base := filepath.Base(tf.Name())
	if !reportTests && strings.HasSuffix(base, "_test.go") {
		return false
	}
	for _, pattern := range allowFiles {
		if ok, err := filepath.Match(pattern, base); err == nil && ok {
			return false
		}
	}
	return true
}

// funcAllowed reports whether -allow-funcs lists decl.
func funcAllowed(pass *analysis.Pass, decl *ast.FuncDecl) bool {
	if decl == nil || len(allowFuncs) == 0 {
		return false
	}
	recvType := ""
	if decl.Recv != nil && len(decl.Recv.List) == 1 {
		t := decl.Recv.List[0].Type
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		switch t := t.(type) {
		case *ast.IndexExpr:
			recvType = types.ExprString(t.X)
		case *ast.IndexListExpr:
			recvType = types.ExprString(t.X)
		default:
			recvType = types.ExprString(t)
		}
	}
	pkgPath := strings.TrimSuffix(pass.Pkg.Path(), "_test")
	for _, pattern := range allowFuncs {
		qualifier, typeName, funcName, ok := parseFuncPattern(pattern)
		if !ok || funcName != decl.Name.Name || typeName != recvType {
			continue
		}
		if qualifier == pass.Pkg.Name() || qualifier == pkgPath {
			return true
		}
	}
	return false
}

// parseFuncPattern splits "pkg.Func", "(pkg.T).Method" and
// "(*pkg.T).Method" into the package, the receiver type ("" for a
// function) and the function name.
func parseFuncPattern(pattern string) (qualifier, typeName, funcName string, ok bool) {
	if rest, found := strings.CutPrefix(pattern, "("); found {
		recv, method, found := strings.Cut(rest, ").")
		if !found {
			return "", "", "", false
		}
		recv = strings.TrimPrefix(recv, "*")
		dot := strings.LastIndex(recv, ".")
		if dot < 0 {
			return "", "", "", false
		}
		return recv[:dot], recv[dot+1:], method, method != ""
	}
	dot := strings.LastIndex(pattern, ".")
	if dot <= 0 {
		return "", "", "", false
	}
	return pattern[:dot], "", pattern[dot+1:], pattern[dot+1:] != ""
}

// listFlag is a comma-separated list flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value.
func (l *listFlag) Set(v string) error {
	*l = nil
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*l = append(*l, item)
		}
	}
	return nil
}

// analyzerDoc returns the text under the "# Analyzer name" heading of a
// doc.go source file, without comment markers.
func analyzerDoc(src, name string) string {
	var lines []string
	in := false
	for line := range strings.SplitSeq(src, "\n") {
		text, isComment := strings.CutPrefix(line, "//")
		if !isComment {
			if in {
				break
			}
			continue
		}
		text = strings.TrimPrefix(text, " ")
		if text == "# Analyzer "+name {
			in = true
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	out := strings.TrimSpace(strings.Join(lines, "\n"))
	if out == "" {
		panic(fmt.Sprintf("doc.go has no # Analyzer %s section", name))
	}
	return out
}
