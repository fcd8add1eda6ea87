package rewrite

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
	"github.com/gostructlint/gostructlint/passes/spawn"
)

// editor builds edits and source text for one pass.
type editor struct {
	pass *analysis.Pass
}

// Edit replaces the source between two file offsets with Text, inside a
// span that Rebuild copies as a whole.
type Edit struct {
	Start, End int
	Text       string
}

// Rebuild returns the source between from and to with edits applied. The
// edits must lie inside the span and not overlap.
func Rebuild(pass *analysis.Pass, from, to token.Pos, edits []Edit) (string, bool) {
	tf := pass.Fset.File(from)
	if tf == nil {
		return "", false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return "", false
	}
	start, end := tf.Offset(from), tf.Offset(to)
	slices.SortFunc(edits, func(a, b Edit) int { return a.Start - b.Start })
	var b strings.Builder
	pos := start
	for _, ed := range edits {
		if ed.Start < pos || ed.End > end {
			return "", false
		}
		b.Write(src[pos:ed.Start])
		b.WriteString(ed.Text)
		pos = ed.End
	}
	b.Write(src[pos:end])
	return b.String(), true
}

// Offset returns the offset of pos in its file.
func Offset(pass *analysis.Pass, pos token.Pos) int {
	return pass.Fset.File(pos).Offset(pos)
}

// IndentOf returns the white space that starts the line of pos.
func IndentOf(pass *analysis.Pass, pos token.Pos) string {
	tf := pass.Fset.File(pos)
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	lineStart := tf.Offset(tf.LineStart(tf.Line(pos)))
	i := lineStart
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return string(src[lineStart:i])
}

func (e editor) rebuild(from, to token.Pos, edits []Edit) (string, bool) {
	return Rebuild(e.pass, from, to, edits)
}

func (e editor) offset(pos token.Pos) int { return Offset(e.pass, pos) }

func (e editor) indentOf(pos token.Pos) string { return IndentOf(e.pass, pos) }

// deleteLines returns the edit that deletes n together with its line when
// the line contains nothing else, or n alone otherwise.
func (e editor) deleteLines(n ast.Node) analysis.TextEdit {
	tf := e.pass.Fset.File(n.Pos())
	src, err := e.pass.ReadFile(tf.Name())
	if err != nil {
		return analysis.TextEdit{Pos: n.Pos(), End: n.End()}
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	lineStart := start
	for lineStart > 0 && (src[lineStart-1] == ' ' || src[lineStart-1] == '\t') {
		lineStart--
	}
	lineEnd := end
	for lineEnd < len(src) && (src[lineEnd] == ' ' || src[lineEnd] == '\t') {
		lineEnd++
	}
	if (lineStart == 0 || src[lineStart-1] == '\n') && (lineEnd == len(src) || src[lineEnd] == '\n') {
		if lineEnd < len(src) {
			lineEnd++
		}
		return analysis.TextEdit{Pos: tf.Pos(lineStart), End: tf.Pos(lineEnd)}
	}
	return analysis.TextEdit{Pos: n.Pos(), End: n.End()}
}

// removeUnusedImport returns the edit that deletes file's import of path
// when every use of it lies inside the removed nodes.
func (e editor) removeUnusedImport(file *ast.File, path string, removed []ast.Node) []analysis.TextEdit {
	var spec *ast.ImportSpec
	for _, s := range file.Imports {
		if p, _ := strconv.Unquote(s.Path.Value); p == path && s.Name == nil {
			spec = s
		}
	}
	if spec == nil {
		return nil
	}
	used := false
	ast.Inspect(file, func(n ast.Node) bool {
		if used {
			return false
		}
		for _, r := range removed {
			if n != nil && r.Pos() <= n.Pos() && n.End() <= r.End() {
				return false
			}
		}
		if id, ok := n.(*ast.Ident); ok {
			if pkg, ok := e.pass.TypesInfo.Uses[id].(*types.PkgName); ok && pkg.Imported().Path() == path {
				used = true
			}
		}
		return true
	})
	if used {
		return nil
	}
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT || !slices.Contains(gen.Specs, ast.Spec(spec)) {
			continue
		}
		if !gen.Lparen.IsValid() {
			return []analysis.TextEdit{e.deleteLines(gen)}
		}
		return []analysis.TextEdit{e.deleteLines(spec)}
	}
	return nil
}

// contextInScope returns the name of a context.Context variable visible at
// pos, preferring one named ctx, or "" when there is none.
func (e editor) contextInScope(pos token.Pos) string {
	scope := e.pass.Pkg.Scope().Innermost(pos)
	var found string
	for ; scope != nil && scope != e.pass.Pkg.Scope() && scope != types.Universe; scope = scope.Parent() {
		for _, name := range scope.Names() {
			v, ok := scope.Lookup(name).(*types.Var)
			if !ok || v.Pos() >= pos || !spawn.IsContext(v.Type()) {
				continue
			}
			if _, obj := scope.LookupParent(name, pos); obj != v {
				continue // shadowed at pos
			}
			if name == "ctx" {
				return name
			}
			if found == "" {
				found = name
			}
		}
	}
	return found
}

// typeString prints t as file can name it, or reports false when file
// does not import a package that t needs.
func (e editor) typeString(file *ast.File, t types.Type) (string, bool) {
	ok := true
	s := types.TypeString(t, func(p *types.Package) string {
		if p == e.pass.Pkg {
			return ""
		}
		for _, spec := range file.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			if path != p.Path() {
				continue
			}
			if spec.Name != nil {
				return spec.Name.Name
			}
			return p.Name()
		}
		ok = false
		return p.Name()
	})
	return s, ok
}

// clauseText returns the statements of a select clause, one per line as
// written, ending in a newline, or "" when the clause is empty.
func (e editor) clauseText(clause *ast.CommClause) string {
	if len(clause.Body) == 0 {
		return ""
	}
	tf := e.pass.Fset.File(clause.Pos())
	first := clause.Body[0]
	text, _ := e.rebuild(tf.LineStart(tf.Line(first.Pos())), clause.Body[len(clause.Body)-1].End(), nil)
	return text + "\n"
}

// MergeInsertions joins insertions at the same position into one edit, in
// order, so that a fix reported twice (for a package and its test variant)
// yields identical edits that drivers apply once.
func MergeInsertions(edits []analysis.TextEdit) []analysis.TextEdit {
	var out []analysis.TextEdit
	at := make(map[token.Pos]int) // position of an insertion -> index in out
	for _, e := range edits {
		if e.End.IsValid() && e.End != e.Pos {
			out = append(out, e)
			continue
		}
		if i, ok := at[e.Pos]; ok {
			out[i].NewText = append(slices.Clip(out[i].NewText), e.NewText...)
			continue
		}
		at[e.Pos] = len(out)
		out = append(out, e)
	}
	return out
}

// asyncImports holds the names under which a file refers to packages
// context and async, and the edits that import them.
type asyncImports struct {
	context, async string
	edits          []analysis.TextEdit
}

// addAsyncImports returns the imports that a rewrite onto async needs. The
// context import comes first: both may insert at the end of the import
// block, where async opens a group of its own, and every rewrite orders
// them alike, so that two fixes that add both make the same edit.
func addAsyncImports(pass *analysis.Pass, file *ast.File) asyncImports {
	contextName, contextEdits := fixes.AddImport(pass, file, "context", "context")
	asyncName, asyncEdits := fixes.AddImport(pass, file, fixes.AsyncPath, "async")
	return asyncImports{context: contextName, async: asyncName, edits: append(contextEdits, asyncEdits...)}
}

// usableAt reports whether the names of the context and async packages
// refer to those packages at pos, or to nothing yet, rather than to a
// local variable or parameter that hides them.
func (im asyncImports) usableAt(pass *analysis.Pass, pos token.Pos) bool {
	scope := pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	for name, path := range map[string]string{im.context: "context", im.async: fixes.AsyncPath} {
		_, obj := scope.LookupParent(name, pos)
		if obj == nil || obj.Parent() == pass.Pkg.Scope() {
			// Free, or a package-level name that AddImport steered
			// around.
			continue
		}
		if pkg, ok := obj.(*types.PkgName); !ok || pkg.Imported().Path() != path {
			return false
		}
	}
	return true
}

// contextFor returns the context that a rewrite passes to async, and the
// name of the parameter through which its functions see it. inScope is
// the context variable in scope, which the parameter shadows, or "": then
// the rewrite passes context.Background() and names the parameter ctx, or
// alt when n already uses ctx. The parameter name is "" when both are
// taken.
func (im asyncImports) contextFor(inScope string, n ast.Node, alt string) (expr, param string) {
	if inScope != "" {
		return inScope, inScope
	}
	return im.context + ".Background()", FreeName(n, "ctx", alt)
}

// IndentLines indents every line of src by one tab, except lines that
// continue a raw string literal, whose text must not change.
func IndentLines(src string) string {
	inRaw := rawLineStarts(src)
	var b strings.Builder
	lineStart := true
	for i := 0; i < len(src); i++ {
		if lineStart && !inRaw[i] && src[i] != '\n' {
			b.WriteByte('\t')
		}
		b.WriteByte(src[i])
		lineStart = src[i] == '\n'
	}
	return b.String()
}

// dedentLines removes one leading tab from every line of src that has
// one, except lines that continue a raw string literal.
func dedentLines(src string) string {
	inRaw := rawLineStarts(src)
	var b strings.Builder
	lineStart := true
	for i := 0; i < len(src); i++ {
		skip := lineStart && !inRaw[i] && src[i] == '\t'
		lineStart = src[i] == '\n'
		if !skip {
			b.WriteByte(src[i])
		}
	}
	return b.String()
}

// rawLineStarts returns the offsets of the lines of src that start inside
// a raw string literal.
func rawLineStarts(src string) map[int]bool {
	inRaw := make(map[int]bool)
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	s.Init(file, []byte(src), nil, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.STRING && strings.HasPrefix(lit, "`") {
			start := file.Offset(pos)
			for i := start; i < start+len(lit); i++ {
				if src[i] == '\n' {
					inRaw[i+1] = true
				}
			}
		}
	}
	return inRaw
}

// DeleteLines returns the edit that deletes n together with its line when
// the line contains nothing else, or n alone otherwise.
func DeleteLines(pass *analysis.Pass, n ast.Node) analysis.TextEdit {
	return editor{pass: pass}.deleteLines(n)
}

// RemoveUnusedImport returns the edit that deletes file's import of path
// when every use of it lies inside the removed nodes.
func RemoveUnusedImport(pass *analysis.Pass, file *ast.File, path string, removed []ast.Node) []analysis.TextEdit {
	return editor{pass: pass}.removeUnusedImport(file, path, removed)
}

// ContextInScope returns the name of a context.Context variable visible at
// pos, preferring one named ctx, or "" when there is none.
func ContextInScope(pass *analysis.Pass, pos token.Pos) string {
	return editor{pass: pass}.contextInScope(pos)
}
