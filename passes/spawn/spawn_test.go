package spawn_test

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gostructlint/gostructlint/passes/spawn"
)

// shapes reports each spawn site with its shape and the objects of its
// join, so that the fixture's want comments pin the Result.
var shapes = &analysis.Analyzer{
	Name:     "shapes",
	Doc:      "report the join shape of every spawn site",
	Requires: []*analysis.Analyzer{spawn.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, s := range pass.ResultOf[spawn.Analyzer].(*spawn.Result).Sites {
			msg := string(s.Shape)
			switch s.Shape {
			case spawn.WaitGroup:
				msg += fmt.Sprintf(" group=%s add=%v done=%v wait=%d", s.Group.Name(), s.Add != nil, s.Done != nil, pass.Fset.Position(s.Wait.Pos()).Line)
			case spawn.ResultChannel:
				msg += fmt.Sprintf(" chan=%s send=%v receive=%d", s.Chan.Name(), s.Send != nil, pass.Fset.Position(s.Receive.Pos()).Line)
			case spawn.StopLoop:
				msg += " stop=" + types.ExprString(s.Stop)
			}
			msg += " in " + s.FuncName()
			pass.Reportf(s.Go.Pos(), "%s", msg)
		}
		return nil, nil
	},
}

const source = `package sites

import (
	"context"
	"sync"
)

func forkJoin(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // want "waitgroup group=wg add=true done=true wait=16 in forkJoin"
			defer wg.Done()
		}()
	}
	wg.Wait()
}

func worker(wg *sync.WaitGroup) { defer wg.Done() }

func passed() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg) // want "waitgroup group=wg add=true done=true wait=25 in passed"
	wg.Wait()
}

type pool struct{ wg sync.WaitGroup }

func (p *pool) start() {
	p.wg.Add(1)
	go func() { // want "waitgroup group=wg add=true done=true wait=37 in start"
		defer p.wg.Done()
	}()
}

func (p *pool) stop() { p.wg.Wait() }

func produce(out chan<- int) { out <- 1 }

func result() int {
	ch := make(chan int)
	go produce(ch) // want "result-channel chan=ch send=true receive=44 in result"
	return <-ch
}

func closed() {
	done := make(chan struct{})
	go func() { close(done) }() // want "result-channel chan=done send=true receive=50 in closed"
	<-done
}

func receivedBefore(ch chan int) {
	<-ch
	go func() { ch <- 1 }() // want "unjoined in receivedBefore"
}

func loop(ctx context.Context, quit chan struct{}) {
	go func() { // want "stop-loop stop=ctx.Done\\(\\) in loop"
		for {
			select {
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { // want "stop-loop stop=quit in loop"
		for {
			select {
			case <-quit:
				return
			default:
			}
		}
	}()
	go func() { // want "unjoined in loop"
		for {
			select {
			case <-quit:
			}
		}
	}()
}

var _ = func() int {
	go func() {}() // want "unjoined in "
	return 0
}()
`

func TestShapes(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "src", "sites")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "sites.go"), []byte(source), 0o644); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, shapes, "sites")
}
