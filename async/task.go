package async

import "context"

// Task is the pending result of a function started with Spawn.
type Task[T any] struct {
	done  chan struct{} // closed when f has returned
	ctx   taskContext   // the context f runs with
	scope *Scope
	f     func(ctx context.Context) (T, error)
	value T
	err   error
	panic *PanicError
}

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
	t := &Task[T]{done: make(chan struct{}), scope: s, f: f}
	t.ctx.parent = s.ctx
	s.add("Spawn")
	if !s.acquire() {
		t.err = context.Cause(s.ctx)
		close(t.done)
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
		close(t.done)
		s.release()
		s.done(nil)
	}()
	t.value, t.err = t.f(&t.ctx)
	returned = true
}

// Await waits for the task and returns its value and error. ctx bounds
// only the wait: when ctx ends first, Await returns the zero value and
// context.Cause(ctx), and the task keeps running. Every call after the
// task has completed returns the same result. When f panicked, Await
// panics with its *PanicError.
func (t *Task[T]) Await(ctx context.Context) (T, error) {
	select {
	case <-t.done:
	default:
		if ctx.Done() == nil { // ctx never ends, so a receive is enough
			<-t.done
			break
		}
		select {
		case <-t.done:
		case <-ctx.Done():
			var zero T
			return zero, context.Cause(ctx)
		}
	}
	if t.panic != nil {
		panic(t.panic)
	}
	return t.value, t.err
}

// Done returns a channel that is closed when the task has completed.
func (t *Task[T]) Done() <-chan struct{} {
	return t.done
}

// Cancel cancels the task's context. It does not wait: call Await to
// collect the result.
func (t *Task[T]) Cancel() {
	t.ctx.stop()
}
