// Package waitgrouperr downloads a job's artifacts concurrently and
// reports the first failure.
//
// What goes wrong: the error channel is unbuffered and is drained only
// after wg.Wait(). The first failing download blocks in its send, so its
// deferred Done never runs and Wait never returns: a deadlock. In
// FetchEach the error path returns before Done, so Wait hangs as well.
package waitgrouperr

import (
	"context"
	"fmt"
	"sync"
)

// FetchAll downloads every URL and returns the first error.
func FetchAll(ctx context.Context, urls []string, fetch func(context.Context, string) error) error {
	errs := make(chan error)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(ctx, u); err != nil {
				errs <- fmt.Errorf("fetch %s: %w", u, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	return nil
}

// FetchEach downloads every URL and counts the failures.
func FetchEach(ctx context.Context, urls []string, fetch func(context.Context, string) error) int {
	var mu sync.Mutex
	failed := 0
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if err := fetch(ctx, u); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return failed
}
