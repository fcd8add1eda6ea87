package async

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// Scope is the set of goroutines started under one call to Run. Its methods
// may be called from the body and from the children, concurrently, until
// Run returns.
type Scope struct {
	ctx       context.Context
	cancel    context.CancelCauseFunc
	stopTimer context.CancelFunc // releases the WithTimeout context, if any
	cfg       config
	sem       chan struct{} // one token per running child when WithLimit is set

	// state counts the body and the children that have not returned. Its
	// ended bit is set once the count has reached zero, and from then on
	// no child may start. It is atomic because every Go and every return
	// updates it, and a mutex there costs more than the rest of Go.
	state atomic.Int64
	// idle is a latch: its count is one until the ended bit is set. A
	// WaitGroup waits without the allocation of a channel.
	idle sync.WaitGroup

	mu       sync.Mutex  // guards the fields below
	err      error       // the first error, unless the scope supervises
	errs     []error     // every error, when the scope supervises
	fallback error       // the first error that only reported cancellation
	stopped  bool        // Cancel(nil) was called
	panicked *PanicError // the first child panic
	hooks    []*hook     // cleanups registered with OnCancel
}

// errBodyPanicked is the cancellation cause the children see when the body
// passed to Run panics.
var errBodyPanicked = errors.New("async: scope body panicked")

// Run calls body with a new scope and returns after body and every child
// started in the scope have returned.
//
// The first error, from body or a child, cancels the scope's context and is
// the error Run returns. Errors that a child returns because the scope was
// cancelled (context.Canceled, context.DeadlineExceeded or the cancellation
// cause, possibly wrapped) are not reported, except when nothing else
// failed and the cancellation came from ctx or WithTimeout. With Supervise,
// errors do not cancel and Run returns them all joined.
//
// A child panic cancels the scope, and Run panics with the child's
// *PanicError once every child has returned. When body itself panics, Run
// cancels the scope, waits for the children and lets the panic continue.
func Run(ctx context.Context, body func(s *Scope) error, opts ...Option) error {
	s := newScope(ctx, opts)
	defer s.releaseContexts()

	bodyReturned := false
	defer func() {
		if !bodyReturned {
			// NOTE: the body's panic goes on, so a child panic recorded
			// meanwhile is dropped.
			s.cancel(errBodyPanicked)
			s.done(nil)
			s.join()
		}
	}()
	err := body(s)
	bodyReturned = true

	s.done(err)
	s.join()
	return s.result()
}

// newScope builds the scope for Run, with the body counted as running.
func newScope(ctx context.Context, opts []Option) *Scope {
	s := &Scope{}
	s.state.Store(1)
	s.idle.Add(1)
	for _, opt := range opts {
		if opt.apply != nil {
			opt.apply(&s.cfg)
		}
	}
	if s.cfg.limit > 0 {
		s.sem = make(chan struct{}, s.cfg.limit)
	}

	if s.cfg.hasTimeout {
		ctx, s.stopTimer = context.WithTimeout(ctx, s.cfg.timeout)
	}
	s.ctx, s.cancel = context.WithCancelCause(ctx)
	return s
}

// releaseContexts cancels the scope's contexts once Run is done with them.
func (s *Scope) releaseContexts() {
	s.cancel(context.Canceled)
	if s.stopTimer != nil {
		s.stopTimer()
	}
}

// Go starts f in a new goroutine of the scope, passing it the scope's
// context. Under WithLimit, Go blocks until fewer than the limit of
// children run, and returns without starting f once the scope's context
// has ended. Go panics when called after the scope has ended.
func (s *Scope) Go(f func(ctx context.Context) error) {
	s.add("Scope.Go")
	if !s.acquire() {
		s.done(nil)
		return
	}
	go s.runChild(f)
}

// TryGo starts f like Go if the scope is under its limit and reports
// whether it did. It never blocks. TryGo panics when called after the scope
// has ended.
func (s *Scope) TryGo(f func(ctx context.Context) error) bool {
	s.add("Scope.TryGo")
	if s.sem != nil {
		select {
		case s.sem <- struct{}{}:
		default:
			s.done(nil)
			return false
		}
	}
	go s.runChild(f)
	return true
}

// Context returns the scope's context. It is cancelled by the first error,
// a child panic, Cancel, the end of the context passed to Run, the timeout
// set by WithTimeout, and when Run returns.
func (s *Scope) Context() context.Context {
	return s.ctx
}

// Cancel cancels the scope's context with cause. A non-nil cause is
// recorded like a child error, so Run returns it unless another error came
// first. Cancel(nil) stops the scope without an error: the children see
// context.Canceled, and their cancellation errors are not reported.
func (s *Scope) Cancel(cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if cause == nil {
		s.stopped = true
		s.cancel(context.Canceled)
		return
	}
	if s.cfg.supervise {
		s.errs = append(s.errs, cause)
	} else if s.err == nil {
		s.err = cause
	}
	s.cancel(cause)
}

// ended is the bit of Scope.state that is set when the scope has ended.
const ended = 1 << 62

// add counts one more running child, or panics if the scope has ended.
// caller names the function that starts the child, for the message.
func (s *Scope) add(caller string) {
	// Once the ended bit is set, nothing decrements the count again, so
	// an increment after the end needs no undoing.
	if s.state.Add(1)&ended != 0 {
		panic("async: " + caller + " called after the scope ended; " +
			"start children from the body passed to Run or from another child")
	}
}

// acquire takes a token under WithLimit. It returns false, and records the
// cancellation, when the scope's context has ended before or while it
// waits.
func (s *Scope) acquire() bool {
	if s.sem == nil {
		return true
	}
	select {
	case s.sem <- struct{}{}:
		if s.ctx.Err() == nil {
			return true
		}
		<-s.sem
	case <-s.ctx.Done():
	}
	s.fail(context.Cause(s.ctx))
	return false
}

// fail records err as the outcome of a child.
func (s *Scope) fail(err error) {
	s.mu.Lock()
	s.record(err)
	s.mu.Unlock()
}

// release returns the token taken by acquire.
func (s *Scope) release() {
	if s.sem != nil {
		<-s.sem
	}
}

// runChild runs f and turns its error, panic or runtime.Goexit into the
// scope's outcome.
func (s *Scope) runChild(f func(ctx context.Context) error) {
	var err error
	returned := false
	defer func() {
		if !returned {
			_, err = s.recover(recover())
		}
		if err != nil {
			// Record the error before freeing the token, so that a Go
			// blocked under WithLimit observes the cancellation.
			s.fail(err)
		}
		s.release()
		s.done(nil)
	}()
	err = f(s.ctx)
	returned = true
}

// recover records a recovered panic value, cancels the scope and returns
// the panic. A nil value means the child called runtime.Goexit, which is
// returned as an error. It must be called from the deferred function that
// recovered, so that the stack it captures is the child's.
func (s *Scope) recover(value any) (*PanicError, error) {
	if value == nil {
		return nil, errGoexit
	}
	p := newPanicError(value)
	s.mu.Lock()
	if s.panicked == nil {
		s.panicked = p
	}
	s.mu.Unlock()
	s.cancel(p)
	return p, nil
}

// done records err and counts one running child, or the body, as
// returned. The last one to return ends the scope. A goroutine outside
// the scope may call add between the count reaching zero and the ended
// bit being set. Then the swap fails, and the scope ends when that child
// returns.
func (s *Scope) done(err error) {
	if err != nil {
		s.fail(err)
	}
	if s.state.Add(-1) == 0 && s.state.CompareAndSwap(0, ended) {
		s.idle.Done()
	}
}

// record keeps err as the scope's outcome. s.mu must be held.
func (s *Scope) record(err error) {
	if err == nil {
		return
	}
	if s.ctx.Err() != nil && s.isCancellation(err) {
		if s.fallback == nil {
			s.fallback = err
		}
		return
	}
	if s.cfg.supervise {
		s.errs = append(s.errs, err)
		return
	}
	if s.err == nil {
		s.err = err
		s.cancel(err)
	}
}

// isCancellation reports whether err only reports that the scope's
// context has ended.
func (s *Scope) isCancellation(err error) bool {
	return errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Cause(s.ctx))
}

// join waits until the body and all children have returned, then stops
// the OnCancel hooks that have not started and waits for those that have.
func (s *Scope) join() {
	s.idle.Wait()
	s.mu.Lock()
	hooks := s.hooks
	s.mu.Unlock()
	for _, h := range hooks {
		h.stopOrWait()
	}
}

// result returns the outcome of an ended scope, or panics with the first
// child panic.
func (s *Scope) result() error {
	s.mu.Lock()
	defer s.mu.Unlock()

	switch {
	case s.panicked != nil:
		panic(s.panicked)
	case s.err != nil:
		return s.err
	case len(s.errs) > 0:
		return errors.Join(s.errs...)
	case s.fallback != nil && !s.stopped:
		return s.fallback
	}
	return nil
}
