// Package testfatal holds a goroutine that ends its error path in
// t.Fatal. go vet reports t.Fatal outside the test goroutine, so the
// package has no golden files that would have to pass go vet.
package testfatal

import (
	"errors"
	"sync"
	"testing"
)

func process(job string) error {
	if job == "" {
		return errors.New("empty job")
	}
	return nil
}

// processFatal ends the error branch with t.Fatal.
func processFatal(t *testing.T, jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			if err := process(job); err != nil {
				t.Fatal(err)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}
