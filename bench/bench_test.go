package bench

import (
	"context"
	"sync"
	"testing"

	"github.com/sourcegraph/conc"
	"golang.org/x/sync/errgroup"

	"github.com/gostructlint/gostructlint/async"
)

// fanOut is the number of tasks started per operation in the fan-out
// benchmarks.
const fanOut = 100

// sink keeps the compiler from removing the work.
var sink int

// work is the task body: small, so the benchmarks measure the cost of
// starting and joining goroutines.
func work(i int) int {
	return i * 2
}

// BenchmarkOne starts one task and waits for its result per operation.
// async-spawn-await opens one scope for the whole loop, as a long-lived
// caller would; async-run-go opens a scope per operation, as errgroup does.
func BenchmarkOne(b *testing.B) {
	ctx := context.Background()

	b.Run("raw-go-chan", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for i := range b.N {
			ch := make(chan int, 1)
			go func() { ch <- work(i) }()
			sink = <-ch
		}
	})

	b.Run("waitgroup", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for i := range b.N {
			var wg sync.WaitGroup
			var v int
			wg.Go(func() { v = work(i) })
			wg.Wait()
			sink = v
		}
	})

	b.Run("errgroup", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for i := range b.N {
			g, _ := errgroup.WithContext(ctx)
			var v int
			g.Go(func() error { v = work(i); return nil })
			_ = g.Wait()
			sink = v
		}
	})

	b.Run("conc", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for i := range b.N {
			var wg conc.WaitGroup
			var v int
			wg.Go(func() { v = work(i) })
			wg.Wait()
			sink = v
		}
	})

	b.Run("async-spawn-await", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		_ = async.Run(ctx, func(s *async.Scope) error {
			for i := range b.N {
				t := async.Spawn(s, func(context.Context) (int, error) { return work(i), nil })
				sink, _ = t.Await(ctx)
			}
			return nil
		})
	})

	b.Run("async-run-go", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for i := range b.N {
			var v int
			_ = async.Run(ctx, func(s *async.Scope) error {
				s.Go(func(context.Context) error { v = work(i); return nil })
				return nil
			})
			sink = v
		}
	})
}

// BenchmarkFanOut starts fanOut tasks and joins them all per operation.
func BenchmarkFanOut(b *testing.B) {
	ctx := context.Background()

	b.Run("raw-go-chan", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for range b.N {
			ch := make(chan int, fanOut)
			for i := range fanOut {
				go func() { ch <- work(i) }()
			}
			total := 0
			for range fanOut {
				total += <-ch
			}
			sink = total
		}
	})

	b.Run("waitgroup", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for range b.N {
			var wg sync.WaitGroup
			results := make([]int, fanOut)
			for i := range fanOut {
				wg.Go(func() { results[i] = work(i) })
			}
			wg.Wait()
			sink = results[fanOut-1]
		}
	})

	b.Run("errgroup", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for range b.N {
			g, _ := errgroup.WithContext(ctx)
			results := make([]int, fanOut)
			for i := range fanOut {
				g.Go(func() error { results[i] = work(i); return nil })
			}
			_ = g.Wait()
			sink = results[fanOut-1]
		}
	})

	b.Run("conc", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for range b.N {
			var wg conc.WaitGroup
			results := make([]int, fanOut)
			for i := range fanOut {
				wg.Go(func() { results[i] = work(i) })
			}
			wg.Wait()
			sink = results[fanOut-1]
		}
	})

	b.Run("async-run-go", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for range b.N {
			results := make([]int, fanOut)
			_ = async.Run(ctx, func(s *async.Scope) error {
				for i := range fanOut {
					s.Go(func(context.Context) error { results[i] = work(i); return nil })
				}
				return nil
			})
			sink = results[fanOut-1]
		}
	})

	b.Run("async-spawn", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for range b.N {
			_ = async.Run(ctx, func(s *async.Scope) error {
				var tasks [fanOut]*async.Task[int]
				for i := range fanOut {
					tasks[i] = async.Spawn(s, func(context.Context) (int, error) { return work(i), nil })
				}
				total := 0
				for _, t := range tasks {
					v, _ := t.Await(ctx)
					total += v
				}
				sink = total
				return nil
			})
		}
	})
}
