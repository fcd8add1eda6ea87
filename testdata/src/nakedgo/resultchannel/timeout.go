// Package resultchannel holds goroutines that hand their result back on a
// channel.
package resultchannel

import (
	"context"
	"errors"
	"strings"
	"time"
)

var errSlow = errors.New("lookup timed out")

// lookup waits at most d for the lookup and gives up after that; the
// sender is abandoned when the time is up.
func lookup(ctx context.Context, key string, d time.Duration) (string, error) {
	result := make(chan string)
	go func() { // want `goroutine started in lookup hands its result back on channel result outside a scope; use async.Spawn with Await, or async.Timeout, so it cannot outlive lookup`
		v := strings.ToUpper(key)
		result <- v + "!"
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(d):
		return "", errSlow
	}
}

// firstWord waits for the result without a context in scope and ignores
// the value when it arrives late.
func firstWord(s string) string {
	out := "none"
	words := make(chan []string, 1)
	go func() { // want `goroutine started in firstWord hands its result back on channel words outside a scope`
		words <- strings.Fields(s)
	}()
	select {
	case w := <-words:
		if len(w) > 0 {
			out = w[0]
		}
	case <-time.After(time.Minute):
	}
	return out
}
