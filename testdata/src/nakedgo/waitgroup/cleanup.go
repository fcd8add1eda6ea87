package waitgroup

import (
	"context"
	"sync"
	"time"
)

// closer is a resource that takes a context to close.
type closer interface {
	Close(ctx context.Context) error
}

// closeAll calls Done outside a goroutine for the nil entries, a use of the
// group that the rewrite does not know, so no fix is offered.
func closeAll(items []closer) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, s := range items {
		if s == nil {
			wg.Done()
			continue
		}
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope; use async.Run with s.Go so every child ends before closeAll returns`
			defer wg.Done()
			_ = s.Close(context.Background())
		}()
	}
	wg.Wait()
}

// closeSome adds the count up front and skips nil entries with continue,
// so the count never reaches zero and Wait hangs; the rewrite drops the
// count and with it the hang. The continue stays inside the loop that
// moves into the scope. Each goroutine declares its own ctx, so the
// rewrite leaves the child's context unnamed.
func closeSome(items []closer, grace time.Duration) int {
	var mu sync.Mutex
	failed := 0
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, s := range items {
		if s == nil {
			continue
		}
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			if s.Close(ctx) != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return failed
}
