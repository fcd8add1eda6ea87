// Package consumer calls helpers of another package that start goroutines.
package consumer

import (
	"time"

	"chanleak/crosspkg/producer"
)

// withTimeout abandons the producer's goroutine when the timer fires first.
func withTimeout(d time.Duration) int {
	select {
	case v := <-producer.Fetch(): // want `the goroutine that Fetch starts sends on unbuffered channel returned by Fetch, but withTimeout can return at line 16 \(case <-time.After\(d\)\) without receiving`
		return v
	case <-time.After(d):
		return -1
	}
}

// Near misses below: no finding.

// waits receives on every path.
func waits() int {
	return <-producer.Fetch()
}

// buffered uses the helper whose channel has room.
func buffered(d time.Duration) int {
	select {
	case v := <-producer.FetchBuffered():
		return v
	case <-time.After(d):
		return -1
	}
}
