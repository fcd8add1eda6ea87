package async

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

type ctxKey struct{}

// spawnWith runs f as a task of a scope whose context carries a value and
// a deadline, cancels the task when cancelTask is set, and returns the
// task's error.
func spawnWith(t *testing.T, cancelTask bool, f func(ctx context.Context) error) error {
	t.Helper()
	parent := context.WithValue(context.Background(), ctxKey{}, "v")
	var taskErr error
	err := Run(parent, func(s *Scope) error {
		started := make(chan struct{})
		release := make(chan struct{})
		task := Spawn(s, func(ctx context.Context) (int, error) {
			close(started)
			<-release
			return 0, f(ctx)
		})
		<-started
		if cancelTask {
			task.Cancel()
		}
		close(release)
		_, taskErr = task.Await(context.Background())
		return nil
	}, WithTimeout(time.Hour))
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	return taskErr
}

func TestTaskContextLive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := spawnWith(t, false, func(ctx context.Context) error {
			if ctx.Err() != nil || context.Cause(ctx) != nil {
				return errors.New("live task context reports an error")
			}
			if ctx.Value(ctxKey{}) != "v" {
				return errors.New("task context lost the parent's value")
			}
			if _, ok := ctx.Deadline(); !ok {
				return errors.New("task context lost the parent's deadline")
			}
			select {
			case <-ctx.Done():
				return errors.New("live task context is done")
			default:
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestTaskContextCancelled(t *testing.T) {
	checks := map[string]func(ctx context.Context) error{
		"Err first": func(ctx context.Context) error {
			if ctx.Err() != context.Canceled {
				return errors.New("Err is not context.Canceled")
			}
			<-ctx.Done()
			return context.Cause(ctx)
		},
		"Done first": func(ctx context.Context) error {
			<-ctx.Done()
			if ctx.Err() != context.Canceled {
				return errors.New("Err is not context.Canceled")
			}
			return context.Cause(ctx)
		},
		"Cause first": func(ctx context.Context) error {
			return context.Cause(ctx)
		},
		"derived context": func(ctx context.Context) error {
			child, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			<-child.Done()
			return context.Cause(child)
		},
		"Sleep": func(ctx context.Context) error {
			return Sleep(ctx, time.Minute)
		},
	}
	for name, check := range checks {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				if err := spawnWith(t, true, check); err != context.Canceled {
					t.Fatalf("cancelled task returned %v, want context.Canceled", err)
				}
			})
		})
	}
}

func TestTaskContextDerivedBeforeCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_ = Run(context.Background(), func(s *Scope) error {
			derived := make(chan struct{})
			task := Spawn(s, func(ctx context.Context) (int, error) {
				_ = ctx.Done()
				close(derived)
				<-ctx.Done()
				return 0, context.Cause(ctx)
			})
			<-derived
			task.Cancel()
			if _, err := task.Await(context.Background()); err != context.Canceled {
				t.Errorf("task returned %v, want context.Canceled", err)
			}
			return nil
		})
	})
}

func TestTaskContextFollowsScope(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_ = Run(context.Background(), func(s *Scope) error {
			task := Spawn(s, func(ctx context.Context) (int, error) {
				<-ctx.Done()
				return 0, context.Cause(ctx)
			})
			s.Cancel(errFirst)
			if _, err := task.Await(context.Background()); err != errFirst {
				t.Errorf("task returned %v, want the scope's cause %v", err, errFirst)
			}
			return nil
		})
	})
}

func TestTaskContextAfterReturn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var kept context.Context
		_ = Run(context.Background(), func(s *Scope) error {
			task := Spawn(s, func(ctx context.Context) (int, error) {
				kept = ctx
				return 0, nil
			})
			_, _ = task.Await(context.Background())
			return nil
		})
		if kept.Err() != context.Canceled {
			t.Fatalf("task context after return reports %v, want context.Canceled", kept.Err())
		}
		<-kept.Done()
	})
}
