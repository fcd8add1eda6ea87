// Package rangeunclosed holds range loops over channels that a path never
// closes.
package rangeunclosed

import "errors"

func handle(int) {}

// feed returns early without closing jobs, and the worker ranges forever.
func feed(items []int) error {
	jobs := make(chan int)
	go func() { // want `goroutine receives from channel jobs until it is closed, but feed can return at line 19 without closing it: the goroutine blocks forever`
		for j := range jobs {
			handle(j)
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errors.New("negative item")
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// forgetClose never closes jobs.
func forgetClose(items []int) {
	jobs := make(chan int)
	go func() { // want `goroutine receives from channel jobs until it is closed, but forgetClose can return at line 38 without closing it`
		for j := range jobs {
			handle(j)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}

// collect ranges over results that no goroutine closes.
func collect(n int) int {
	results := make(chan int)
	go func() {
		for i := range n {
			results <- i
		}
	}()
	sum := 0
	for v := range results { // want `range over channel results in collect never ends: no goroutine closes it after the last send`
		sum += v
	}
	return sum
}

// Near misses below: no finding.

// deferClose closes on every path.
func deferClose(items []int) error {
	jobs := make(chan int)
	defer close(jobs)
	go func() {
		for j := range jobs {
			handle(j)
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errors.New("negative item")
		}
		jobs <- it
	}
	return nil
}

// closedBySender ranges over a channel its producer closes.
func closedBySender(n int) int {
	results := make(chan int)
	go func() {
		defer close(results)
		for i := range n {
			results <- i
		}
	}()
	sum := 0
	for v := range results {
		sum += v
	}
	return sum
}
