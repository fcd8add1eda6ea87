package async

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// The behaviour of one child in FuzzScope, chosen by one input byte.
const (
	childReturns = iota // returns nil at once
	childWaits          // waits for cancellation and returns the wrapped cause
	childFails          // returns its own error
	childPanics         // panics with its own value
	childNests          // starts two children that wait for cancellation
	childSpawns         // spawns a failing task and awaits it
	childKinds
)

// FuzzScope checks the invariants of Run on scopes built from the input.
// No child outlives Run, and the error returned is the first one and only
// it. A spawned task's error reaches its Await and not Run, and a panic is
// never lost. The first byte selects Supervise (bit 0), and each further
// byte adds one child.
//
// The first child that fails or panics does so at once. The later ones
// wait until the scope is cancelled, so the input alone decides which one
// is first. When none fails, the body cancels the scope with
// Cancel(nil) after starting the children, so that waiting children end.
func FuzzScope(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte{0, childReturns, childWaits})
	f.Add([]byte{0, childWaits, childFails, childFails, childWaits})
	f.Add([]byte{0, childFails, childPanics, childWaits})
	f.Add([]byte{0, childPanics, childFails, childPanics})
	f.Add([]byte{0, childNests, childNests, childFails})
	f.Add([]byte{1, childFails, childWaits, childFails, childReturns})
	f.Add([]byte{1, childPanics, childFails, childNests})
	f.Add([]byte{0, childSpawns, childWaits, childSpawns})
	f.Add([]byte{0, childSpawns, childFails, childWaits})

	f.Fuzz(func(t *testing.T, input []byte) {
		if len(input) == 0 || len(input) > 65 {
			t.Skip()
		}
		synctest.Test(t, func(t *testing.T) {
			checkScope(t, input[0]&1 != 0, input[1:])
		})
	})
}

// checkScope runs one scope with a child per byte of kinds and checks its
// outcome.
func checkScope(t *testing.T, supervise bool, kinds []byte) {
	var started, finished atomic.Int32
	errs := make([]error, len(kinds))
	leader := -1 // the first child that fails or panics
	panics := false
	for i, b := range kinds {
		errs[i] = fmt.Errorf("child %d failed", i)
		kind := b % childKinds
		if (kind == childFails || kind == childPanics) && leader < 0 {
			leader = i
		}
		panics = panics || kind == childPanics
	}

	waitForCancel := func(ctx context.Context) error {
		started.Add(1)
		defer finished.Add(1)
		<-ctx.Done()
		return fmt.Errorf("wait: %w", context.Cause(ctx))
	}
	child := func(s *Scope, i int, kind byte) func(context.Context) error {
		return func(ctx context.Context) error {
			started.Add(1)
			defer finished.Add(1)
			if (kind == childFails || kind == childPanics) && i != leader && !supervise {
				<-ctx.Done()
			}
			switch kind {
			case childWaits:
				<-ctx.Done()
				return fmt.Errorf("child %d: %w", i, context.Cause(ctx))
			case childFails:
				return errs[i]
			case childPanics:
				panic(errs[i])
			case childNests:
				s.Go(waitForCancel)
				s.Go(waitForCancel)
			case childSpawns:
				task := Spawn(s, func(ctx context.Context) (int, error) {
					started.Add(1)
					defer finished.Add(1)
					return i, errs[i]
				})
				if v, err := task.Await(context.Background()); v != i || err != errs[i] {
					t.Errorf("task %d returned (%d, %v), want its own result", i, v, err)
				}
			}
			return nil
		}
	}

	var opts []Option
	if supervise {
		opts = append(opts, Supervise())
	}
	var err error
	value := recoverPanic(func() {
		err = Run(context.Background(), func(s *Scope) error {
			for i, b := range kinds {
				s.Go(child(s, i, b%childKinds))
			}
			if leader < 0 || supervise {
				s.Cancel(nil)
			}
			return nil
		}, opts...)
	})

	if s, f := started.Load(), finished.Load(); s != f {
		t.Fatalf("%d children started but only %d finished before Run returned", s, f)
	}
	if panics {
		p, ok := value.(*PanicError)
		if !ok {
			t.Fatalf("Run returned %v and panicked with %v, want a *PanicError", err, value)
		}
		if !supervise && leader >= 0 && kinds[leader]%childKinds == childPanics && p.Value != errs[leader] {
			t.Fatalf("Run panicked with %v, want the first panic %v", p.Value, errs[leader])
		}
		return
	}
	if value != nil {
		t.Fatalf("Run panicked with %v, want no panic", value)
	}
	switch {
	case leader < 0:
		if err != nil {
			t.Fatalf("Run returned %v, want nil", err)
		}
	case supervise:
		for i, b := range kinds {
			if b%childKinds == childFails && !errors.Is(err, errs[i]) {
				t.Fatalf("Run returned %v, which lacks %v", err, errs[i])
			}
		}
	case err != errs[leader]:
		t.Fatalf("Run returned %v, want the first error %v alone", err, errs[leader])
	}
}
