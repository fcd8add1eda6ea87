package async

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// taskContext is the context of a spawned task: a child of the scope's
// context that Task.Cancel cancels alone.
//
// Deriving a context with context.WithCancel costs about as much as
// starting the goroutine, and many tasks never look at their context, so
// taskContext derives it on first use. Deadline and Err read the parent
// and the stopped flag without deriving. Done and Value derive the real
// context and delegate to it, so context.Cause and contexts derived from a
// task's context behave as with context.WithCancel.
type taskContext struct {
	parent  context.Context
	derived atomic.Pointer[derivedContext]

	mu      sync.Mutex  // serialises deriving
	stopped atomic.Bool // Task.Cancel was called or the task has returned
}

// derivedContext is the context.WithCancel child of the parent.
type derivedContext struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (c *taskContext) Deadline() (time.Time, bool) {
	return c.parent.Deadline()
}

func (c *taskContext) Done() <-chan struct{} {
	return c.derive().Done()
}

func (c *taskContext) Err() error {
	if d := c.derived.Load(); d != nil {
		return d.ctx.Err()
	}
	if c.stopped.Load() {
		return context.Canceled
	}
	return c.parent.Err()
}

func (c *taskContext) Value(key any) any {
	return c.derive().Value(key)
}

func (c *taskContext) String() string {
	return "async.Spawn task context"
}

// derive returns the real context, deriving it on the first call. A
// context derived after stop is cancelled at once.
func (c *taskContext) derive() context.Context {
	if d := c.derived.Load(); d != nil {
		return d.ctx
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.derived.Load(); d != nil {
		return d.ctx
	}
	ctx, cancel := context.WithCancel(c.parent)
	c.derived.Store(&derivedContext{ctx: ctx, cancel: cancel})
	if c.stopped.Load() {
		cancel()
	}
	return ctx
}

// stop cancels the context. Spawn's goroutine calls it when the task
// returns, which unregisters a derived context from the parent. A function
// that kept the context finds it cancelled, as with a deferred cancel of
// context.WithCancel. Task.Cancel calls it too.
func (c *taskContext) stop() {
	// stop stores the flag before it loads derived, and derive stores
	// derived before it loads the flag. Both are sequentially consistent
	// atomics, so at least one of the two loads the other's store and
	// cancels.
	c.stopped.Store(true)
	if d := c.derived.Load(); d != nil {
		d.cancel()
	}
}
