package waitinloop

import "sync"

// startBatches waits once per batch, in the outer loop; the goroutines
// start in the inner loop.
func startBatches(batches [][]*plugin) int {
	started := make(chan string, 100)
	var wg sync.WaitGroup
	n := 0
	for _, batch := range batches {
		for _, p := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.start(started)
			}()
		}
		wg.Wait()
		n += len(batch)
	}
	return n
}

// startOneByOne counts each goroutine inside the loop and waits for it
// there: the goroutines run one at a time, but each Wait has its Done.
func startOneByOne(plugins []*plugin) {
	started := make(chan string, len(plugins))
	var wg sync.WaitGroup
	for _, p := range plugins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.start(started)
		}()
		wg.Wait()
	}
}
