package copied

import "sync"

// pointerWorker takes the group by pointer.
func pointerWorker(wg *sync.WaitGroup, f func()) {
	defer wg.Done()
	f()
}

func runAll(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go pointerWorker(&wg, f)
	}
	wg.Wait()
}
