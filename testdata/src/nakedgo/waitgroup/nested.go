package waitgroup

import "sync"

// nestedSum joins goroutines that run fork-joins of their own. The outer
// fork-join is rewritten; the inner one is moved as it is and gets its own
// fix on the next run, because edits inside the moved code would overlap.
func nestedSum(groups [][]int) int {
	var mu sync.Mutex
	total := 0
	var outer sync.WaitGroup
	for _, g := range groups {
		outer.Add(1)
		go func() { // want `goroutine joined by WaitGroup outer runs outside a scope`
			defer outer.Done()
			var inner sync.WaitGroup
			for _, v := range g {
				inner.Add(1)
				go func() { // want `goroutine joined by WaitGroup inner runs outside a scope`
					defer inner.Done()
					mu.Lock()
					total += v
					mu.Unlock()
				}()
			}
			inner.Wait()
		}()
	}
	outer.Wait()
	return total
}
