package consumerexit

import "context"

// balancer serves a stream whose handler a server of another package runs.
type balancer struct {
	fallback chan struct{}
	updates  chan int
}

func newBalancer() *balancer {
	return &balancer{fallback: make(chan struct{}), updates: make(chan int)}
}

// Serve leaves its loop when the stream's ctx ends. No code of this
// package calls it.
func (b *balancer) Serve(ctx context.Context, send func(int)) error {
	for {
		select {
		case v := <-b.updates:
			send(v)
		case <-b.fallback:
			send(-1)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// fallbackNow sends once. Whether Serve still runs then depends on the
// order of the steps of the caller, so there is no finding.
func (b *balancer) fallbackNow() {
	b.fallback <- struct{}{}
}

// pushAll sends in a loop: a send after Serve returns blocks forever.
func (b *balancer) pushAll(xs []int) {
	for _, x := range xs {
		b.updates <- x // want `goroutine sends on unbuffered channel updates, but the loop that receives from it in Serve returns at line 25 \(case <-ctx.Done\(\)\): a send after that blocks forever`
	}
}

// drive hands the steps to a test driver that this package does not
// show.
func drive(run func(step func())) {
	b := newBalancer()
	run(b.fallbackNow)
	run(func() { b.pushAll([]int{1, 2}) })
}
