package waitbeforedrain

import "sync"

func square(n int) int { return n * n }

// squares waits for the senders before it receives what they send.
func squares(nums []int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- square(n)
		}()
	}
	wg.Wait() // want `wg.Wait\(\) runs before results is drained: the goroutines counted by wg block sending on the unbuffered channel results and never call Done, so Wait never returns`
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// squaresOfBatches sends in a loop inside each goroutine.
func squaresOfBatches(batches [][]int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, batch := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, n := range batch {
				if n < 0 {
					return
				}
				results <- square(n)
			}
		}()
	}
	wg.Wait() // want `wg.Wait\(\) runs before results is drained`
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// squareWorker sends on the channel it is given.
func squareWorker(n int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	out <- square(n)
}

// squaresByWorker passes the channel to declared workers.
func squaresByWorker(nums []int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go squareWorker(n, results, &wg)
	}
	wg.Wait() // want `wg.Wait\(\) runs before results is drained`
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}
