package fanin

import "sync"

// twoOfTwo starts two goroutines and receives twice: one receive each.
func twoOfTwo() {
	done := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() {
			done <- true
		}()
	}
	<-done
	<-done
}

// threeOfTwo starts three goroutines and receives twice.
func threeOfTwo() {
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go func() { // want `3 goroutines started in a loop send on unbuffered channel done, but threeOfTwo receives from it at most 2 times: the last sender blocks forever`
			done <- true
		}()
	}
	<-done
	<-done
}

// severalOfUnknown receives twice from n goroutines. NOTE: a known miss
// when n > 2; the rounds of the loop are unknown, and with more than one
// receive the analyzer stays silent rather than guess them.
func severalOfUnknown(n int) {
	done := make(chan bool)
	for i := 0; i < n; i++ {
		go func() {
			done <- true
		}()
	}
	<-done
	<-done
}

// rangeOverInt receives once per round of a range over an integer. The
// SSA form tests the counter at the bottom of the loop, which is not an
// early exit.
func rangeOverInt(procs int) [][2]int {
	var wg sync.WaitGroup
	results := make(chan [2]int)
	for range procs {
		wg.Add(1)
		go func() {
			wg.Done()
			results <- [2]int{1, 2}
		}()
	}
	wg.Wait()
	var out [][2]int
	for range procs {
		r := <-results
		for i := range r {
			r[i]++
		}
		out = append(out, r)
	}
	return out
}
