package waitbeforedrain

import "sync"

// squaresCloser drains while a closer goroutine waits.
func squaresCloser(nums []int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- square(n)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// squaresBuffered sizes the channel for every sender.
func squaresBuffered(nums []int) []int {
	results := make(chan int, len(nums))
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- square(n)
		}()
	}
	wg.Wait()
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// squaresSelect sends in a select that can give up.
func squaresSelect(nums []int, stop <-chan struct{}) {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case results <- square(n):
			case <-stop:
			}
		}()
	}
	wg.Wait()
	for range results {
	}
}

// relay receives on the channel it is given as well as sending on it.
func relay(c chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	n := <-c
	c <- square(n)
}

// relayAll passes the channel to goroutines that also receive from it.
func relayAll(n int) {
	c := make(chan int)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go relay(c, &wg)
	}
	wg.Wait()
	for range c {
	}
}

// squaresDoneFirst calls Done before the send, so Wait returns and the
// parent then drains.
func squaresDoneFirst(nums []int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go func() {
			r := square(n)
			wg.Done()
			results <- r
		}()
	}
	wg.Wait()
	var out []int
	for range nums {
		out = append(out, <-results)
	}
	return out
}
