package nakedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/gostructlint/gostructlint/passes/spawn"
)

// diagnose returns the finding for site, without fixes. racing reports
// that other go statements hand their results back on the same channel.
func diagnose(site *spawn.Site, racing bool) analysis.Diagnostic {
	d := analysis.Diagnostic{
		Pos:      site.Go.Pos(),
		End:      site.Go.Pos() + 2, // the go keyword
		Category: "nakedgo/" + string(site.Shape),
	}
	owner := ownerName(site)
	switch site.Shape {
	case spawn.WaitGroup:
		group := site.Group.Name()
		if site.Wait != nil {
			if sel, ok := ast.Unparen(site.Wait.Fun).(*ast.SelectorExpr); ok {
				group = types.ExprString(sel.X)
			}
		}
		until := "before " + owner + " returns"
		if !sameFunc(site, site.Wait) {
			until = "before its owner ends"
		}
		d.Message = fmt.Sprintf("goroutine joined by WaitGroup %s runs outside a scope; use async.Run with s.Go so every child ends %s", group, until)
		d.Related = []analysis.RelatedInformation{{Pos: site.Wait.Pos(), End: site.Wait.End(), Message: types.ExprString(site.Wait) + " waits for it here"}}

	case spawn.ResultChannel:
		if _, stream := site.Receive.(*ast.RangeStmt); stream {
			d.Message = fmt.Sprintf("goroutine started in %s streams its results on channel %s outside a scope; run producer and consumer in an async.Run scope so the producer cannot outlive %s", owner, site.Chan.Name(), owner)
		} else if racing {
			d.Message = fmt.Sprintf("goroutine started in %s hands its result back on channel %s, as other goroutines do, outside a scope; use async.Race, or async.Run with async.Spawn, so none of them can outlive %s", owner, site.Chan.Name(), owner)
		} else {
			d.Message = fmt.Sprintf("goroutine started in %s hands its result back on channel %s outside a scope; use async.Spawn with Await, or async.Timeout, so it cannot outlive %s", owner, site.Chan.Name(), owner)
		}
		d.Related = []analysis.RelatedInformation{{Pos: site.Receive.Pos(), End: site.Receive.End(), Message: owner + " receives from " + site.Chan.Name() + " here"}}

	case spawn.StopLoop:
		signal := stopDescription(site)
		d.Message = fmt.Sprintf("goroutine started in %s loops until %s, but nothing waits for it to stop; start it with s.Go inside async.Run so it ends before its owner", owner, signal)
		d.Related = []analysis.RelatedInformation{{Pos: site.Stop.Pos(), End: site.Stop.End(), Message: "the loop stops when " + signal}}

	default:
		d.Message = fmt.Sprintf("goroutine started in %s is never joined: nothing waits for it to end", owner)
	}
	return d
}

// ownerName names the function that starts the goroutine, as the user
// wrote it.
func ownerName(site *spawn.Site) string {
	switch {
	case site.Decl == nil:
		return "a package-level initialiser"
	case site.Func != site.Decl:
		return "a function literal in " + site.Decl.Name.Name
	}
	return site.Decl.Name.Name
}

// sameFunc reports whether n lies in the function that contains the go
// statement.
func sameFunc(site *spawn.Site, n ast.Node) bool {
	return site.Func != nil && site.Func.Pos() <= n.Pos() && n.End() <= site.Func.End()
}

// stopDescription renders the stop signal of a stop loop as the user's
// code reads.
func stopDescription(site *spawn.Site) string {
	stop := types.ExprString(site.Stop)
	switch {
	case isRange(site.Loop):
		return "channel " + stop + " is closed"
	case isCall(site.Stop, "Done"):
		return stop + " is closed"
	case isCall(site.Stop, "Err"):
		return stop + " is not nil"
	}
	return "it receives from " + stop
}

func isRange(s ast.Stmt) bool {
	_, ok := s.(*ast.RangeStmt)
	return ok
}

func isCall(e ast.Expr, method string) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == method
}
