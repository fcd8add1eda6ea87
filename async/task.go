package async

import (
	"context"
	"sync"
	"sync/atomic"
)

// Task is the pending result of a function started with Spawn.
type Task[T any] struct {
	ctx   taskContext // the context f runs with
	scope *Scope
	f     func(ctx context.Context) (T, error)

	// A task signals its completion three ways, so that Await allocates
	// no channel unless it must select on a context.
	completed atomic.Bool    // set once value, err and panic are final
	latch     sync.WaitGroup // count one until the task completes
	mu        sync.Mutex     // guards done
	done      chan struct{}  // made on demand by Done, closed on completion

	value T
	err   error
	panic *PanicError
}

// closedChan is the channel Done returns for a task that completed before
// anyone asked for one.
var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// Spawn starts f in a new goroutine of scope s and returns its task. f gets
// a context derived from the scope's, which Task.Cancel cancels alone.
// Under WithLimit, Spawn blocks like Scope.Go. Once the scope's context has
// ended, it no longer waits: the task completes at once with the context's
// cause as its error.
//
// The task's error belongs to the caller of Await: it neither cancels the
// scope nor becomes Run's error. A panic in f is a scope failure, raised
// again by Await and by Run. Spawn panics when called after the scope has
// ended.
func Spawn[T any](s *Scope, f func(ctx context.Context) (T, error)) *Task[T] {
	t := &Task[T]{scope: s, f: f}
	t.ctx.parent = s.ctx
	t.latch.Add(1)
	s.add("Spawn")
	if !s.acquire() {
		t.err = context.Cause(s.ctx)
		t.complete()
		s.done(nil)
		return t
	}
	go t.run()
	return t
}

// run calls f and stores its outcome in t before the scope counts the
// task as returned.
func (t *Task[T]) run() {
	s := t.scope
	returned := false
	defer func() {
		if !returned {
			t.panic, t.err = s.recover(recover())
		}
		t.ctx.stop()
		t.f = nil
		t.complete()
		s.release()
		s.done(nil)
	}()
	t.value, t.err = t.f(&t.ctx)
	returned = true
}

// complete publishes the outcome stored in t and wakes every waiter.
func (t *Task[T]) complete() {
	t.mu.Lock()
	t.completed.Store(true)
	if t.done != nil {
		close(t.done)
	}
	t.mu.Unlock()
	t.latch.Done()
}

// Await waits for the task and returns its value and error. ctx bounds
// only the wait: when ctx ends first, Await returns the zero value and
// context.Cause(ctx), and the task keeps running. Every call after the
// task has completed returns the same result. When f panicked, Await
// panics with its *PanicError.
func (t *Task[T]) Await(ctx context.Context) (T, error) {
	if !t.completed.Load() {
		if ctx.Done() == nil { // ctx never ends
			t.latch.Wait()
		} else {
			select {
			case <-t.Done():
			case <-ctx.Done():
				var zero T
				return zero, context.Cause(ctx)
			}
		}
	}
	if t.panic != nil {
		panic(t.panic)
	}
	return t.value, t.err
}

// Done returns a channel that is closed when the task has completed.
func (t *Task[T]) Done() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done == nil {
		if t.completed.Load() {
			return closedChan
		}
		t.done = make(chan struct{})
	}
	return t.done
}

// Cancel cancels the task's context. It does not wait: call Await to
// collect the result.
func (t *Task[T]) Cancel() {
	t.ctx.stop()
}
