package copied

import (
	"sync"
	"sync/atomic"
)

// worker takes the group by value, so its Done reaches a copy.
func worker(id int, wg sync.WaitGroup, total *atomic.Int64) { // want `wg is a sync.WaitGroup passed by value: wg.Done\(\) works on a copy that the caller's Wait never sees; take \*sync.WaitGroup and pass &wg`
	defer wg.Done()
	total.Add(int64(id))
}

func sum(n int) int64 {
	var total atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go worker(i, wg, &total)
	}
	wg.Wait()
	return total.Load()
}

// sumLiteral copies the group into a goroutine's parameter.
func sumLiteral(n int) int64 {
	var total atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func(wg sync.WaitGroup) { // want `wg is a sync.WaitGroup passed by value`
			defer wg.Done()
			total.Add(int64(i))
		}(wg)
	}
	wg.Wait()
	return total.Load()
}
