//go:build go1.25

package addingoroutine

import "sync"

// fetchGo is in a Go 1.25 file, so the repair can use wg.Go.
func fetchGo(urls []string) []string {
	results := make([]string, len(urls))
	var wg sync.WaitGroup
	for i, url := range urls {
		go func() {
			defer wg.Done()
			wg.Add(1) // want `wg.Add\(1\) inside the goroutine it counts`
			results[i] = fetch(url)
		}()
	}
	wg.Wait()
	return results
}
