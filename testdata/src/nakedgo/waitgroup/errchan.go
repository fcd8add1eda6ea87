package waitgroup

import (
	"errors"
	"fmt"
	"sync"
)

var errEmpty = errors.New("empty name")

// checkAll validates every name concurrently and returns the first error,
// collected through a buffered error channel drained after Wait.
func checkAll(names []string) error {
	errs := make(chan error, len(names))
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope; use async.Run with s.Go so every child ends before checkAll returns`
			defer wg.Done()
			if name == "" {
				errs <- errEmpty
				return
			}
			if len(name) > 8 {
				errs <- fmt.Errorf("name %q is longer than 8 bytes", name)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return fmt.Errorf("check names: %w", err)
		}
	}
	return nil
}
