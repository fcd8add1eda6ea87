package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/fixes"
)

// returnBuilder writes the return statements that the fixes insert in one
// function: its results' zero values, with an error in the last place
// when the function returns one.
type returnBuilder struct {
	zeros    []string // zero values of the results before the error
	hasError bool     // the last result is an error
	// fatal names the *testing.T (or B, F, TB) parameter of a test
	// function without results: there the fix fails the test rather than
	// return from it as if it passed.
	fatal string
}

// newReturnBuilder returns the builder for fn, or false when a zero value
// of one of fn's results cannot be written in file.
func (c *checker) newReturnBuilder(fn ast.Node, file *ast.File) (*returnBuilder, bool) {
	ft := funcType(fn)
	if ft == nil {
		return nil, false
	}
	b := &returnBuilder{}
	if ft.Results == nil {
		if _, isDecl := fn.(*ast.FuncDecl); isDecl {
			b.fatal = c.testingParam(ft)
		}
		return b, true
	}
	var types_ []types.Type
	for _, field := range ft.Results.List {
		t := c.pass.TypesInfo.TypeOf(field.Type)
		if t == nil {
			return nil, false
		}
		n := max(len(field.Names), 1)
		for range n {
			types_ = append(types_, t)
		}
	}
	if len(types_) > 0 && types.Identical(types_[len(types_)-1], types.Universe.Lookup("error").Type()) {
		b.hasError = true
		types_ = types_[:len(types_)-1]
	}
	for _, t := range types_ {
		z, ok := c.zeroValue(t, file)
		if !ok {
			return nil, false
		}
		b.zeros = append(b.zeros, z)
	}
	return b, true
}

// stmt returns the return statement that passes err as the error result,
// when the function has one.
func (b *returnBuilder) stmt(err string) string {
	if b.fatal != "" {
		return b.fatal + ".Fatal(" + err + ")"
	}
	values := append([]string(nil), b.zeros...)
	if b.hasError {
		values = append(values, err)
	}
	if len(values) == 0 {
		return "return"
	}
	return "return " + strings.Join(values, ", ")
}

// zeroValue returns the zero value of t as source text valid in file.
func (c *checker) zeroValue(t types.Type, file *ast.File) (string, bool) {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		return "*new(" + tp.Obj().Name() + ")", true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
		return "", false
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	case *types.Struct, *types.Array:
		if _, named := types.Unalias(t).(*types.Named); !named {
			if _, isArray := u.(*types.Array); !isArray {
				return "", false
			}
		}
		name, ok := c.typeString(t, file)
		if !ok {
			return "", false
		}
		return name + "{}", true
	}
	return "", false
}

// typeString writes t as source text valid in file, or returns false when
// t names a package that file does not import.
func (c *checker) typeString(t types.Type, file *ast.File) (string, bool) {
	ok := true
	qualifier := func(pkg *types.Package) string {
		if pkg == c.pass.Pkg {
			return ""
		}
		for _, spec := range file.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil || path != pkg.Path() {
				continue
			}
			if spec.Name == nil {
				return pkg.Name()
			}
			if spec.Name.Name == "." {
				return ""
			}
			if spec.Name.Name != "_" {
				return spec.Name.Name
			}
		}
		ok = false
		return pkg.Name()
	}
	s := types.TypeString(t, qualifier)
	return s, ok
}

// asyncName returns the name by which file refers to package async and the
// edits that import it when needed.
func (c *checker) asyncName(file *ast.File) (string, []analysis.TextEdit) {
	return fixes.AddImport(c.pass, file, fixes.AsyncPath, "async")
}

// doneCase returns the select case that leaves fn when ctx is cancelled,
// indented for a select whose case lines start with indent.
func doneCase(ctxName string, ret *returnBuilder, indent string) string {
	return "case <-" + ctxName + ".Done():\n" + indent + "\t" + ret.stmt(ctxName+".Err()") + "\n"
}

// errCheck returns the statement that runs call, which returns an error,
// and leaves the function when it fails.
func errCheck(call string, ret *returnBuilder, indent string) string {
	if ret.hasError || ret.fatal != "" {
		return "if err := " + call + "; err != nil {\n" + indent + "\t" + ret.stmt("err") + "\n" + indent + "}"
	}
	return "if " + call + " != nil {\n" + indent + "\t" + ret.stmt("") + "\n" + indent + "}"
}

// nodeFile returns the file that contains pos.
func (c *checker) nodeFile(pos token.Pos) *ast.File {
	return fixes.File(c.pass, pos)
}

// contextUsableAt reports whether ctx can be named at pos, so a fix may
// refer to it there.
func (c *checker) contextUsableAt(ctx *contextVar, pos token.Pos) bool {
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return false
	}
	if ctx.field != nil {
		_, obj := inner.LookupParent(ctx.root.Name(), pos)
		return obj == ctx.root
	}
	_, obj := inner.LookupParent(ctx.name(), pos)
	return obj == ctx.obj
}

// orderFixes puts the async rewrite and the minimal repair in the order
// that the fixstyle flag selects.
func orderFixes(async, minimal *analysis.SuggestedFix) []analysis.SuggestedFix {
	return fixes.Order(style, async, minimal)
}

// testingParam returns the name of ft's parameter of type *testing.T,
// *testing.B, *testing.F or testing.TB, or "".
func (c *checker) testingParam(ft *ast.FuncType) string {
	if ft.Params == nil {
		return ""
	}
	for _, field := range ft.Params.List {
		t := c.pass.TypesInfo.TypeOf(field.Type)
		if t == nil || len(field.Names) == 0 || field.Names[0].Name == "_" {
			continue
		}
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "testing" {
			continue
		}
		switch named.Obj().Name() {
		case "T", "B", "F", "TB":
			return field.Names[0].Name
		}
	}
	return ""
}
