// Package nevercancelled holds goroutines that wait for a context that
// nothing cancels.
package nevercancelled

import "context"

type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func begin() *tx {
	ctx, cancel := context.WithCancel(context.Background())
	t := &tx{ctx: ctx, cancel: cancel}
	go t.awaitDone()
	return t
}

func (t *tx) awaitDone() {
	<-t.ctx.Done() // want `goroutine waits for ctx.Done\(\), but no reachable code calls the cancel function of that context before the wait: the goroutine blocks forever`
}

type rows struct {
	cancel context.CancelFunc
}

// watch cancels only after the wait it is meant to end.
func (r *rows) watch() {
	var ctx context.Context
	ctx, r.cancel = context.WithCancel(context.Background())
	go r.awaitDone(ctx)
}

func (r *rows) awaitDone(ctx context.Context) {
	<-ctx.Done() // want `goroutine waits for ctx.Done\(\), but the cancel function of that context is only called after this wait`
	r.close()
}

func (r *rows) close() { r.cancel() }

// Near misses below: no finding.

type conn struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func dial() *conn {
	ctx, cancel := context.WithCancel(context.Background())
	c := &conn{ctx: ctx, cancel: cancel}
	go c.watch()
	return c
}

func (c *conn) watch() { <-c.ctx.Done() }

// Close ends the watcher.
func (c *conn) Close() { c.cancel() }

// withParent waits for a context whose parent may end.
func withParent(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	_ = cancel
	go func() { <-ctx.Done() }()
}

// deferred cancels when it returns.
func deferred() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-ctx.Done() }()
}

var _, _, _ = begin, (*rows).watch, dial

// cancelLater cancels from a goroutine of its own: the wait ends once it
// runs.
func cancelLater() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done()
	}()
	go cancel()
}

// capturedWait waits in a goroutine that captures ctx, and nothing
// cancels it.
func capturedWait() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	go func() {
		<-ctx.Done() // want `goroutine waits for ctx.Done\(\), but no reachable code calls the cancel function of that context before the wait`
	}()
}
