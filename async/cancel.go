package async

import (
	"context"
	"time"
)

// OnCancel registers cleanup to run when the scope's context is cancelled
// before the scope ends: by an error, a panic, Scope.Cancel, the context
// passed to Run or WithTimeout. cleanup runs in its own goroutine with a
// context that is not cancelled with the scope but expires grace after the
// cleanup starts. Run waits for a cleanup that has started; a cleanup that
// has not started when the body and all children have returned never
// runs. A panic in cleanup is raised again by Run like a child panic.
// OnCancel panics when called after the scope has ended.
func OnCancel(s *Scope, grace time.Duration, cleanup func(ctx context.Context)) {
	h := &hook{finished: make(chan struct{})}

	s.add("OnCancel") // keeps the scope from ending while the hook is registered
	defer s.done(nil)

	s.mu.Lock()
	defer s.mu.Unlock()
	h.stop = context.AfterFunc(s.ctx, func() {
		defer close(h.finished)
		h.run(s, grace, cleanup)
	})
	s.hooks = append(s.hooks, h)
}

// hook is one cleanup registered with OnCancel.
type hook struct {
	stop     func() bool   // unregisters the cleanup unless it has started
	finished chan struct{} // closed when a started cleanup has returned
}

// run calls cleanup with the grace context and records its panic.
func (h *hook) run(s *Scope, grace time.Duration, cleanup func(ctx context.Context)) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), grace)
	defer cancel()

	returned := false
	defer func() {
		if !returned {
			if _, err := s.recover(recover()); err != nil {
				s.fail(err)
			}
		}
	}()
	cleanup(ctx)
	returned = true
}

// stopOrWait keeps the cleanup from starting or, if it has started, waits
// for it to return.
func (h *hook) stopOrWait() {
	if h.stop() {
		return
	}
	<-h.finished
}
