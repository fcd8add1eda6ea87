// Package fixes holds what the gostructlint analyzers share to build
// suggested fixes: the order of the async rewrite and the minimal repair,
// import edits, and source text of nodes.
package fixes

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// AsyncPath is the import path of the runtime that the rewrites target.
const AsyncPath = "github.com/gostructlint/gostructlint/async"

// Style selects which suggested fix comes first, and so which one -fix
// applies. It implements flag.Value.
type Style string

const (
	// Async puts the rewrite onto package async first.
	Async Style = "async"
	// Minimal puts the smallest local repair first.
	Minimal Style = "minimal"
)

func (s *Style) String() string { return string(*s) }

// Set implements flag.Value.
func (s *Style) Set(v string) error {
	switch Style(v) {
	case Async, Minimal:
		*s = Style(v)
		return nil
	}
	return fmt.Errorf("invalid fix style %q: want %q or %q", v, Async, Minimal)
}

// Order returns the fixes in the order style asks for, leaving out nil ones.
func Order(style Style, async, minimal *analysis.SuggestedFix) []analysis.SuggestedFix {
	first, second := async, minimal
	if style == Minimal {
		first, second = minimal, async
	}
	var out []analysis.SuggestedFix
	for _, f := range []*analysis.SuggestedFix{first, second} {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

// File returns the syntax tree of pass that contains pos, or nil.
func File(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// Source returns the source text of n as the user wrote it (comments
// inside n included), or "" when the file cannot be read.
func Source(pass *analysis.Pass, n ast.Node) string {
	tf := pass.Fset.File(n.Pos())
	if tf == nil {
		return ""
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(src) || start > end {
		return ""
	}
	return string(src[start:end])
}

// Format returns n printed in gofmt style.
func Format(fset *token.FileSet, n ast.Node) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, n); err != nil {
		return ""
	}
	return buf.String()
}

// AddImport returns the name by which file can refer to the package at
// path and, when file does not import it yet, the edit that adds the
// import. name is the preferred local name (the package name when empty);
// a name already taken in the file gets a numeric suffix.
func AddImport(pass *analysis.Pass, file *ast.File, path, name string) (string, []analysis.TextEdit) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		if spec.Name != nil {
			if spec.Name.Name == "_" || spec.Name.Name == "." {
				continue
			}
			return spec.Name.Name, nil
		}
		if pkg := importedPackage(pass, path); pkg != "" {
			return pkg, nil
		}
		return name, nil
	}

	local := name
	for i := 2; nameTaken(pass, file, local); i++ {
		local = fmt.Sprintf("%s%d", name, i)
	}
	quoted := strconv.Quote(path)
	spec := quoted
	if local != name {
		spec = local + " " + quoted
	}

	// Every edit is an insertion, so that a fix may add several imports
	// and several fixes may add the same one without overlapping edits.
	// No insertion falls inside an existing import line, so a fix may
	// also delete an import that it makes unused.
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT || len(gen.Specs) == 0 {
			continue
		}
		if !gen.Lparen.IsValid() {
			// import "x": add a declaration of its own before it.
			return local, []analysis.TextEdit{{Pos: gen.Pos(), End: gen.Pos(), NewText: []byte("import " + spec + "\n")}}
		}
		last := gen.Specs[len(gen.Specs)-1].(*ast.ImportSpec)
		lastStd := isStd(last.Path.Value)
		switch {
		case isStd(quoted) && !lastStd:
			// Standard library first: gofmt sorts it into the first
			// group.
			return local, []analysis.TextEdit{{Pos: gen.Lparen + 1, End: gen.Lparen + 1, NewText: []byte("\n\t" + spec)}}
		case !isStd(quoted) && lastStd:
			// A group of its own after the standard library.
			return local, []analysis.TextEdit{{Pos: gen.Rparen, End: gen.Rparen, NewText: []byte("\n\t" + spec + "\n")}}
		default:
			return local, []analysis.TextEdit{{Pos: gen.Rparen, End: gen.Rparen, NewText: []byte("\t" + spec + "\n")}}
		}
	}
	return local, []analysis.TextEdit{{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport " + spec)}}
}

// isStd reports whether the quoted import path belongs to the standard
// library, whose first path element has no dot.
func isStd(quoted string) bool {
	path, err := strconv.Unquote(quoted)
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func importedPackage(pass *analysis.Pass, path string) string {
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == path {
			return imp.Name()
		}
	}
	return ""
}

// nameTaken reports whether name is declared at package level or imported
// in file, so that an import under that name would clash.
func nameTaken(pass *analysis.Pass, file *ast.File, name string) bool {
	if pass.Pkg.Scope().Lookup(name) != nil {
		return true
	}
	for _, spec := range file.Imports {
		if spec.Name != nil && spec.Name.Name == name {
			return true
		}
		p, _ := strconv.Unquote(spec.Path.Value)
		if spec.Name == nil && importedPackage(pass, p) == name {
			return true
		}
	}
	return false
}
