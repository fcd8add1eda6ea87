// Package chanflow defines an Analyzer that follows channel values through
// the SSA form of a package and groups every channel operation by the
// channel it acts on.
//
// A channel is identified by a Key: the make call that creates it when the
// value stays in local variables, closures, arguments and results of
// functions of the package (including calls of function values that
// resolve to one function literal); or the unexported struct field (or the
// elements of a slice, array or map field) that holds it. Every send,
// receive, select case and close is attributed to the Key of its channel
// operand. A Key whose value reaches code that the pass cannot follow (an
// interface, a call outside the package, a field of another channel, an
// exported field) is marked Escaped: operations outside the package may
// exist, so a client must not conclude that an operation is missing.
package chanflow

import (
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer computes the channel flow of a package. Its Result is a
// *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "chanflow",
	Doc:        "group the channel operations of a package by the channel they act on",
	URL:        "https://pkg.go.dev/github.com/gostructlint/gostructlint/passes/chanflow",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Key identifies a channel: exactly one of Make, Field and Remote is set.
type Key struct {
	// Make is the make call of a channel that lives in locals, closures
	// and function arguments and results of the package.
	Make *ssa.MakeChan
	// Field is the struct field that holds the channel, or, with Elem,
	// the slice, array or map field whose elements are channels.
	Field *types.Var
	Elem  bool
	// Remote is a call to a function of another package that returns a
	// channel; a fact of the callee may say what its goroutine does.
	Remote *ssa.Call
}

// IsZero reports whether k identifies no channel.
func (k Key) IsZero() bool { return k.Make == nil && k.Field == nil && k.Remote == nil }

// OpKind is the kind of a channel operation.
type OpKind int

// The channel operations.
const (
	Send OpKind = iota
	Recv
	Close
)

func (k OpKind) String() string {
	switch k {
	case Send:
		return "send"
	case Recv:
		return "receive"
	}
	return "close"
}

// Op is one operation on a channel.
type Op struct {
	Kind  OpKind
	Instr ssa.Instruction // *ssa.Send, *ssa.UnOp (<-), *ssa.Select or the *ssa.Call of close
	Fn    *ssa.Function
	Pos   token.Pos
	// Case is the index of the operation among the states of a select,
	// or -1 outside a select.
	Case int
	// Blocking reports whether the operation can wait forever on this
	// channel alone: a plain send or receive, or a select case whose select
	// has no default and no case on another channel.
	Blocking bool
	// Default reports that the operation is a case of a select with a
	// default, so that it never waits.
	Default bool
	// Range reports whether the receive is the header of a range loop.
	Range bool
}

// Channel is the flow summary of one Key.
type Channel struct {
	Key Key
	// Makes are the make calls whose channel ends up under Key.
	Makes []*ssa.MakeChan
	// Cap is the buffer capacity that every make of the channel gives, or
	// -1 when it is not a constant or the makes disagree.
	Cap int
	// Escaped reports that the channel value reaches code that the pass
	// does not follow, so operations may exist beyond Ops.
	Escaped bool
	// Returned reports that a function that other packages may call
	// returns the channel, so that they may operate on it too.
	Returned bool
	// Why is the reason for the first escape, for debugging.
	Why string
	Ops []*Op
}

// Result is the channel flow of one package.
type Result struct {
	Channels map[Key]*Channel
	// Funcs lists the functions of the package with a body, in a fixed
	// order (source functions first, then their anonymous functions).
	Funcs []*ssa.Function

	res *resolver
}

// KeyOf returns the Key of the channel that v holds, or the zero Key.
func (r *Result) KeyOf(v ssa.Value) Key { return r.res.resolve(v) }

// FuncOf returns the one function of the package that the function value
// v can hold, following closures through variables, arguments and
// results, or nil.
func (r *Result) FuncOf(v ssa.Value) *ssa.Function {
	if r.res == nil {
		return nil
	}
	return r.res.funcOf(v, 0)
}

// Callees returns the functions of the package that call may run: the
// static callee, or nothing for a dynamic or interface call.
func Callees(call *ssa.CallCommon) *ssa.Function {
	if call == nil || call.IsInvoke() {
		return nil
	}
	return call.StaticCallee()
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	res := &Result{Channels: map[Key]*Channel{}}
	funcs := allFuncs(ssainfo.SrcFuncs)
	res.Funcs = funcs
	if !usesChannels(funcs) {
		res.res = newResolver(pass, nil)
		return res, nil
	}
	rv := newResolver(pass, funcs)
	res.res = rv
	rv.collect(res)
	return res, nil
}

// allFuncs returns fns and their anonymous functions, skipping functions
// without a body and generic functions that have no instantiation body.
func allFuncs(fns []*ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	seen := map[*ssa.Function]bool{}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil || seen[fn] {
			return
		}
		seen[fn] = true
		if len(fn.Blocks) > 0 {
			out = append(out, fn)
		}
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, fn := range fns {
		add(fn)
	}
	return out
}

// usesChannels reports whether any function makes a channel or has a
// value of channel type, so that packages without channels cost nothing.
func usesChannels(funcs []*ssa.Function) bool {
	for _, fn := range funcs {
		for _, p := range fn.Params {
			if isChan(p.Type()) {
				return true
			}
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.MakeChan, *ssa.Send, *ssa.Select:
					return true
				case *ssa.UnOp:
					if instr.Op == token.ARROW {
						return true
					}
				}
			}
		}
	}
	return false
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// isChanContainer reports whether t is a slice, array or map of channels.
func isChanContainer(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return isChan(u.Elem())
	case *types.Array:
		return isChan(u.Elem())
	case *types.Map:
		return isChan(u.Elem())
	}
	return false
}
