// Package oneimport has a fork-join in a file whose only import is sync:
// the rewrite deletes that import while it adds async and context.
package oneimport

import "sync"

// Each calls f on every item, one goroutine per item.
func Each(xs []int, f func(int)) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			f(x)
		}()
	}
	wg.Wait()
}
