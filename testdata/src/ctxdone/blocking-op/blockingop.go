// Package blockingop holds channel operations outside any select that can
// block after the context is cancelled, and near misses that cannot.
package blockingop

import (
	"context"
	"time"
)

// Produce sends 0..n-1 on out.
func Produce(ctx context.Context, out chan<- int, n int) error {
	for i := range n {
		out <- i // want `send on out in Produce never watches ctx.Done\(\), and the caller passes the channel in: it blocks after ctx is cancelled`
	}
	return nil
}

// Await waits until ready is closed.
func Await(ctx context.Context, ready <-chan struct{}) error {
	<-ready // want `receive from ready in Await never watches ctx.Done\(\), and the caller passes the channel in`
	return nil
}

// Take returns the next value from in.
func Take(ctx context.Context, in <-chan int) (int, error) {
	v := <-in // want `receive from in in Take never watches ctx.Done\(\), and the caller passes the channel in`
	return v, nil
}

type server struct {
	requests chan string
	results  chan int
}

func newServer() *server {
	return &server{requests: make(chan string), results: make(chan int, 8)}
}

// Submit hands name to the server's loop.
func (s *server) Submit(ctx context.Context, name string) error {
	s.requests <- name // want `send on s.requests in Submit never watches ctx.Done\(\), and no code in the package receives from this unbuffered field`
	return nil
}

// Compute runs f in a goroutine that gives up when ctx is cancelled.
func Compute(ctx context.Context, f func() int) (int, error) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- f():
		case <-ctx.Done():
		}
	}()
	v := <-ch // want `receive from ch in Compute never watches ctx.Done\(\), and the goroutine that sends on it gives up when the context is cancelled`
	return v, nil
}

type watch struct {
	ctx     context.Context
	cancel  context.CancelFunc
	errs    chan error
	results chan bool
}

func newWatch(parent context.Context) *watch {
	ctx, cancel := context.WithCancel(parent)
	return &watch{ctx: ctx, cancel: cancel, errs: make(chan error), results: make(chan bool)}
}

// Run reports the first error on w.results, unless w.ctx ends first.
func (w *watch) Run() {
	select {
	case err := <-w.errs:
		w.cancel()
		w.results <- err != nil // want `send on w.results in Run never watches w.ctx.Done\(\), and no code in the package receives from this unbuffered field: it blocks after w.ctx is cancelled`
	case <-w.ctx.Done():
	}
}

// The near misses below cannot block, or block on what the function itself
// arranged.

func (s *server) result(ctx context.Context) int {
	return <-s.results // a buffered field, and not a statement of its own
}

func (s *server) publish(ctx context.Context, v int) {
	s.results <- v // buffered
}

func localBuffered(ctx context.Context) {
	ch := make(chan int, 1)
	ch <- 1
	<-ch
}

func plainSender(ctx context.Context, f func() int) int {
	ch := make(chan int)
	go func() { ch <- f() }()
	v := <-ch
	return v
}

func closedHere(ctx context.Context, in <-chan int) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range in {
		}
	}()
	<-done
}

func waitsOnContext(ctx context.Context) {
	<-ctx.Done()
}

func waitsOnTimer(ctx context.Context) {
	<-time.After(time.Millisecond)
	t := time.NewTimer(time.Millisecond)
	<-t.C
}

func inSelect(ctx context.Context, out chan<- int) {
	select {
	case out <- 1:
	case <-ctx.Done():
	}
}

func capturedOnly(ctx context.Context, out chan<- int) {
	go func() {
		out <- 1 // the goroutine's own function takes no context
	}()
}

func noContext(out chan<- int) {
	out <- 1
}

type hub struct{ stop chan struct{} }

// shutdown waits for the loop that closes h.stop.
func (h *hub) shutdown(ctx context.Context) {
	<-h.stop
}

func (h *hub) loop() {
	h.stop = make(chan struct{})
	close(h.stop)
}

// runUnwatched never looks at w.ctx, so no context tells when its send
// should give up.
func (w *watch) runUnwatched() {
	err := <-w.errs
	w.results <- err != nil
}

// handOff sends its result after w.ctx ends, as a hand-off that the
// receiver always takes.
func (w *watch) handOff(results chan<- error) {
	select {
	case results <- nil:
		return
	case <-w.ctx.Done():
	}
	results <- w.ctx.Err()
}

// cleanupAfterCancel hands the error over after ctx ends, on purpose.
func cleanupAfterCancel(ctx context.Context, errs chan<- error) {
	<-ctx.Done()
	errs <- ctx.Err()
}

type pool struct{ jobs chan int }

func newPool() *pool { return &pool{jobs: make(chan int)} }

// submit sends to a field that the pool's own loop drains.
func (p *pool) submit(ctx context.Context, v int) {
	p.jobs <- v
}

func (p *pool) loop(handle func(int)) {
	for v := range p.jobs {
		handle(v)
	}
}
