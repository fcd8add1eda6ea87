//go:build go1.25

package doneskipped

import "sync"

// processGo is in a Go 1.25 file, so the repair can use wg.Go.
func processGo(jobs []string) []string {
	results := make([]string, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			out, err := process(job)
			if err != nil {
				return // want `this return skips wg.Done\(\)`
			}
			results[i] = out
			wg.Done()
		}()
	}
	wg.Wait()
	return results
}

// processWithGo lets wg.Go call Done, so the early return skips nothing.
func processWithGo(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Go(func() {
			if job == "" {
				return
			}
			process(job)
		})
	}
	wg.Wait()
}
