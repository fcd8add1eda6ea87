package doneskipped

import "sync"

// fetchEach calls a function value that cannot reach the local group wg,
// so the early return really skips Done.
func fetchEach(urls []string, fetch func(string) error) int {
	var mu sync.Mutex
	failed := 0
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if err := fetch(u); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
				return // want `this return skips wg.Done\(\) in the goroutine counted by wg.Add\(1\) in fetchEach`
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return failed
}

// fetchWithFinish hands a closure over wg to the function value, which may
// call Done in place of the goroutine: silent.
func fetchWithFinish(urls []string, fetch func(string, func()) error) {
	var wg sync.WaitGroup
	finish := func() { wg.Done() }
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if err := fetch(u, finish); err != nil {
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}
