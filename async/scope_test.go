package async

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

var (
	errFirst  = errors.New("first")
	errSecond = errors.New("second")
)

// recoverPanic calls f and returns the value it panicked with, or nil.
func recoverPanic(f func()) (value any) {
	defer func() { value = recover() }()
	f()
	return nil
}

func TestRunWaitsForChildren(t *testing.T) {
	checkLeaks(t)
	var finished atomic.Int32
	release := make(chan struct{})
	err := Run(context.Background(), func(s *Scope) error {
		for range 10 {
			s.Go(func(ctx context.Context) error {
				<-release
				finished.Add(1)
				return nil
			})
		}
		close(release)
		return nil
	})
	if err != nil {
		t.Fatalf("Run returned %v, want nil", err)
	}
	if n := finished.Load(); n != 10 {
		t.Fatalf("%d children finished before Run returned, want 10", n)
	}
}

func TestRunReturnsFirstError(t *testing.T) {
	checkLeaks(t)
	err := Run(context.Background(), func(s *Scope) error {
		s.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		})
		s.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return fmt.Errorf("fetch: %w", context.Cause(ctx))
		})
		s.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return errSecond // a real error, but after the first
		})
		s.Go(func(ctx context.Context) error { return errFirst })
		return nil
	})
	if err != errFirst {
		t.Fatalf("Run returned %v, want %v alone", err, errFirst)
	}
}

func TestRunReturnsBodyError(t *testing.T) {
	checkLeaks(t)
	var childErr error
	err := Run(context.Background(), func(s *Scope) error {
		s.Go(func(ctx context.Context) error {
			<-ctx.Done()
			childErr = context.Cause(ctx)
			return ctx.Err()
		})
		return errFirst
	})
	if err != errFirst {
		t.Fatalf("Run returned %v, want %v", err, errFirst)
	}
	if childErr != errFirst {
		t.Fatalf("child saw cause %v, want %v", childErr, errFirst)
	}
}

func TestRunParentCancelled(t *testing.T) {
	checkLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := Run(ctx, func(s *Scope) error {
		s.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		})
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
}

func TestRunParentCancelledQuietChildren(t *testing.T) {
	checkLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := Run(ctx, func(s *Scope) error {
		s.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return nil
		})
		cancel()
		return nil
	})
	if err != nil {
		t.Fatalf("Run returned %v, want nil when no child failed", err)
	}
}

func TestRunWithTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		err := Run(context.Background(), func(s *Scope) error {
			s.Go(func(ctx context.Context) error {
				<-ctx.Done()
				return ctx.Err()
			})
			return nil
		}, WithTimeout(time.Second))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Run returned %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Fatalf("Run returned after %v, want 1s", d)
		}
	})
}

func TestRunSupervise(t *testing.T) {
	checkLeaks(t)
	var failed sync.WaitGroup
	failed.Add(2)
	var siblingErr error
	err := Run(context.Background(), func(s *Scope) error {
		s.Go(func(ctx context.Context) error {
			defer failed.Done()
			return errFirst
		})
		s.Go(func(ctx context.Context) error {
			defer failed.Done()
			return errSecond
		})
		s.Go(func(ctx context.Context) error {
			failed.Wait()
			siblingErr = ctx.Err()
			return nil
		})
		return nil
	}, Supervise())
	if !errors.Is(err, errFirst) || !errors.Is(err, errSecond) {
		t.Fatalf("Run returned %v, want both errors joined", err)
	}
	if siblingErr != nil {
		t.Fatalf("sibling saw %v, want a live context under Supervise", siblingErr)
	}
}

func TestChildPanicRepanicsInRun(t *testing.T) {
	checkLeaks(t)
	var siblingCause error
	value := recoverPanic(func() {
		_ = Run(context.Background(), func(s *Scope) error {
			s.Go(func(ctx context.Context) error {
				<-ctx.Done()
				siblingCause = context.Cause(ctx)
				return ctx.Err()
			})
			s.Go(func(ctx context.Context) error { return panicInChild() })
			return nil
		})
	})

	p, ok := value.(*PanicError)
	if !ok {
		t.Fatalf("Run panicked with %T %v, want *PanicError", value, value)
	}
	if p.Value != "child failed" {
		t.Errorf("PanicError.Value = %v, want %q", p.Value, "child failed")
	}
	if !strings.Contains(string(p.Stack), "panicInChild") {
		t.Errorf("PanicError.Stack does not show the child's frames:\n%s", p.Stack)
	}
	if !strings.Contains(p.Error(), "panicInChild") || !strings.Contains(p.Error(), "child failed") {
		t.Errorf("PanicError.Error() lacks the value or the child's stack:\n%s", p.Error())
	}
	if p.String() != p.Error() {
		t.Errorf("PanicError.String() differs from Error()")
	}
	if siblingCause != p {
		t.Errorf("sibling saw cause %v, want the *PanicError", siblingCause)
	}
}

func panicInChild() error {
	panic("child failed")
}

func TestPanicErrorUnwrap(t *testing.T) {
	p := &PanicError{Value: errFirst}
	if !errors.Is(p, errFirst) {
		t.Fatalf("errors.Is(PanicError{%v}, %v) = false", errFirst, errFirst)
	}
	if (&PanicError{Value: 1}).Unwrap() != nil {
		t.Fatalf("Unwrap of a non-error value is not nil")
	}
}

func TestBodyPanicJoinsChildren(t *testing.T) {
	checkLeaks(t)
	var childCause error
	value := recoverPanic(func() {
		_ = Run(context.Background(), func(s *Scope) error {
			s.Go(func(ctx context.Context) error {
				<-ctx.Done()
				childCause = context.Cause(ctx)
				return nil
			})
			panic("body failed")
		})
	})
	if value != "body failed" {
		t.Fatalf("Run panicked with %v, want the body's value", value)
	}
	if childCause != errBodyPanicked {
		t.Fatalf("child saw cause %v, want %v", childCause, errBodyPanicked)
	}
}

func TestChildGoexit(t *testing.T) {
	checkLeaks(t)
	err := Run(context.Background(), func(s *Scope) error {
		s.Go(func(ctx context.Context) error {
			runtime.Goexit()
			return nil
		})
		return nil
	})
	if err != errGoexit {
		t.Fatalf("Run returned %v, want %v", err, errGoexit)
	}
}

func TestGoAfterEndPanics(t *testing.T) {
	checkLeaks(t)
	var scope *Scope
	_ = Run(context.Background(), func(s *Scope) error {
		scope = s
		return nil
	})

	starts := map[string]func(){
		"Go":       func() { scope.Go(func(context.Context) error { return nil }) },
		"TryGo":    func() { scope.TryGo(func(context.Context) error { return nil }) },
		"Spawn":    func() { Spawn(scope, func(context.Context) (int, error) { return 0, nil }) },
		"OnCancel": func() { OnCancel(scope, time.Second, func(context.Context) {}) },
	}
	for name, start := range starts {
		value := recoverPanic(start)
		msg, _ := value.(string)
		if !strings.Contains(msg, "after the scope ended") {
			t.Errorf("%s after the scope ended panicked with %v, want a message saying so", name, value)
		}
	}
}

func TestChildrenStartSiblings(t *testing.T) {
	checkLeaks(t)
	var finished atomic.Int32
	err := Run(context.Background(), func(s *Scope) error {
		var grow func(depth int) func(context.Context) error
		grow = func(depth int) func(context.Context) error {
			return func(ctx context.Context) error {
				if depth > 0 {
					s.Go(grow(depth - 1))
					s.Go(grow(depth - 1))
				}
				finished.Add(1)
				return nil
			}
		}
		s.Go(grow(5))
		return nil
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if n := finished.Load(); n != 63 {
		t.Fatalf("%d children finished before Run returned, want 63", n)
	}
}

func TestWithLimitBoundsConcurrency(t *testing.T) {
	checkLeaks(t)
	var running, maxRunning atomic.Int32
	err := Run(context.Background(), func(s *Scope) error {
		for range 50 {
			s.Go(func(ctx context.Context) error {
				n := running.Add(1)
				for {
					m := maxRunning.Load()
					if n <= m || maxRunning.CompareAndSwap(m, n) {
						break
					}
				}
				runtime.Gosched()
				running.Add(-1)
				return nil
			})
		}
		return nil
	}, WithLimit(3))
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if m := maxRunning.Load(); m > 3 {
		t.Fatalf("%d children ran at once, want at most 3", m)
	}
}

func TestBlockedGoGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ran := false
		err := Run(context.Background(), func(s *Scope) error {
			s.Go(func(ctx context.Context) error {
				<-ctx.Done()
				return ctx.Err()
			})
			s.Go(func(ctx context.Context) error { // blocks until the timeout
				ran = true
				return nil
			})
			task := Spawn(s, func(ctx context.Context) (int, error) { return 1, nil })
			if _, err := task.Await(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("task of a blocked Spawn returned %v, want context.DeadlineExceeded", err)
			}
			return nil
		}, WithLimit(1), WithTimeout(time.Second))
		if ran {
			t.Errorf("the blocked child ran after the context ended")
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Run returned %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestTryGo(t *testing.T) {
	checkLeaks(t)
	release := make(chan struct{})
	err := Run(context.Background(), func(s *Scope) error {
		if !s.TryGo(func(ctx context.Context) error { <-release; return nil }) {
			t.Errorf("TryGo under the limit returned false")
		}
		if s.TryGo(func(ctx context.Context) error { return nil }) {
			t.Errorf("TryGo at the limit returned true")
		}
		close(release)
		return nil
	}, WithLimit(1))
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}

	err = Run(context.Background(), func(s *Scope) error {
		if !s.TryGo(func(ctx context.Context) error { return errFirst }) {
			t.Errorf("TryGo without a limit returned false")
		}
		return nil
	})
	if err != errFirst {
		t.Fatalf("Run returned %v, want the TryGo child's error", err)
	}
}

func TestScopeCancel(t *testing.T) {
	checkLeaks(t)
	blockUntilCancelled := func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	}

	err := Run(context.Background(), func(s *Scope) error {
		s.Go(blockUntilCancelled)
		s.Cancel(nil)
		return nil
	})
	if err != nil {
		t.Errorf("Run after Cancel(nil) returned %v, want nil", err)
	}

	err = Run(context.Background(), func(s *Scope) error {
		s.Go(blockUntilCancelled)
		s.Cancel(errFirst)
		if cause := context.Cause(s.Context()); cause != errFirst {
			t.Errorf("context cause after Cancel(%v) is %v", errFirst, cause)
		}
		return nil
	})
	if err != errFirst {
		t.Errorf("Run after Cancel(%v) returned %v", errFirst, err)
	}

	err = Run(context.Background(), func(s *Scope) error {
		s.Go(blockUntilCancelled)
		s.Cancel(errFirst)
		return nil
	}, Supervise())
	if !errors.Is(err, errFirst) {
		t.Errorf("supervised Run after Cancel(%v) returned %v", errFirst, err)
	}
}

func TestScopeContextEndsWithRun(t *testing.T) {
	checkLeaks(t)
	var ctx context.Context
	_ = Run(context.Background(), func(s *Scope) error {
		ctx = s.Context()
		if ctx.Err() != nil {
			t.Errorf("scope context ended before Run returned")
		}
		return nil
	})
	if ctx.Err() == nil {
		t.Fatalf("scope context still live after Run returned")
	}
}

func TestNilOption(t *testing.T) {
	checkLeaks(t)
	if err := Run(context.Background(), func(s *Scope) error { return nil }, Option{}); err != nil {
		t.Fatalf("Run with a zero Option returned %v", err)
	}
}

func TestWithTimeoutZero(t *testing.T) {
	checkLeaks(t)
	err := Run(context.Background(), func(s *Scope) error {
		<-s.Context().Done()
		return s.Context().Err()
	}, WithTimeout(0))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run with WithTimeout(0) returned %v, want context.DeadlineExceeded", err)
	}
}

// TestGoRacingScopeEnd has a goroutine outside the scope call Go in a loop
// while the scope ends. Every child it manages to start must be joined by
// Run, and its first call after the end must panic.
func TestGoRacingScopeEnd(t *testing.T) {
	checkLeaks(t)
	for range 30 {
		var runReturned atomic.Bool
		var lateChildren atomic.Int32
		outsiderDone := make(chan any)
		scopes := make(chan *Scope, 1)

		go func() {
			s := <-scopes
			outsiderDone <- recoverPanic(func() {
				for {
					s.Go(func(ctx context.Context) error {
						if runReturned.Load() {
							lateChildren.Add(1)
						}
						return nil
					})
				}
			})
		}()
		_ = Run(context.Background(), func(s *Scope) error {
			scopes <- s
			s.Go(func(ctx context.Context) error { return nil })
			return nil
		})
		runReturned.Store(true)

		value := <-outsiderDone
		if msg, _ := value.(string); !strings.Contains(msg, "after the scope ended") {
			t.Fatalf("Go after the end panicked with %v", value)
		}
		if n := lateChildren.Load(); n > 0 {
			t.Fatalf("%d children ran after Run returned", n)
		}
	}
}
