package orphanedreceiver

import "sync"

// downloadAll bounds its workers with a semaphore: the parent puts a token
// in the buffered channel before each go statement, and the worker takes it
// out when it ends, so the worker's receive never waits: silent.
func downloadAll(parts []int, limit int, fetch func(int)) {
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			fetch(p)
		}()
	}
	wg.Wait()
}
