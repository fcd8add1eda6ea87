// Package minimalfirst is checked with -fixstyle=minimal: wg.Go comes
// first, the async rewrite second.
package minimalfirst

import "sync"

func sumAll(parts [][]int) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for _, part := range parts {
		wg.Add(1)
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			sum := 0
			for _, v := range part {
				sum += v
			}
			mu.Lock()
			total += sum
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}
