package waitgroup

import (
	"fmt"
	"strconv"
	"sync"
)

// parseAll keeps the first error in a variable under a mutex. The rewrite
// keeps that code as it is, so parseAll still returns the first error it
// recorded, now after a scope that waits for every goroutine.
func parseAll(fields []string) ([]int, error) {
	out := make([]int, len(fields))
	var (
		mu       sync.Mutex
		firstErr error
	)
	var wg sync.WaitGroup
	for i, f := range fields {
		wg.Add(1)
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope; use async.Run with s.Go so every child ends before parseAll returns`
			defer wg.Done()
			n, err := strconv.Atoi(f)
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("field %d: %w", i, err)
				}
				mu.Unlock()
				return
			}
			out[i] = n
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
