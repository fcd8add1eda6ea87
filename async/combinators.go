package async

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Result is the outcome of one function run by Settle.
type Result[T any] struct {
	Value T
	Err   error
}

// All runs every function in fs concurrently and returns their values in
// the order of fs. The first error cancels the others and is returned, with
// a nil slice, after they have all returned. A panic is raised again as a
// *PanicError once they have all returned.
func All[T any](ctx context.Context, fs ...func(context.Context) (T, error)) ([]T, error) {
	values := make([]T, len(fs))
	err := Run(ctx, func(s *Scope) error {
		for i, f := range fs {
			s.Go(func(ctx context.Context) error {
				v, err := f(ctx)
				values[i] = v
				return err
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return values, nil
}

// Settle runs every function in fs concurrently to completion and returns
// each value and error in the order of fs. An error does not cancel the
// others. A panic cancels them and is raised again as a *PanicError once
// they have all returned.
func Settle[T any](ctx context.Context, fs ...func(context.Context) (T, error)) []Result[T] {
	results := make([]Result[T], len(fs))
	_ = Run(ctx, func(s *Scope) error {
		for i, f := range fs {
			s.Go(func(ctx context.Context) error {
				v, err := f(ctx)
				results[i] = Result[T]{Value: v, Err: err}
				return nil
			})
		}
		return nil
	})
	return results
}

// errNoFunctions is returned by Race when it is given nothing to run.
var errNoFunctions = errors.New("async: Race called with no functions")

// Race runs every function in fs concurrently and returns the value of the
// first one that succeeds. It then cancels the others and returns once they
// have all returned, so no loser outlives the call. When all of them fail,
// Race returns their errors joined in the order of fs, or the cause of
// ctx's end if ctx ended first.
func Race[T any](ctx context.Context, fs ...func(context.Context) (T, error)) (T, error) {
	var (
		mu     sync.Mutex
		won    bool
		winner T
	)
	errs := make([]error, len(fs))
	_ = Run(ctx, func(s *Scope) error {
		for i, f := range fs {
			s.Go(func(ctx context.Context) error {
				v, err := f(ctx)
				if err != nil {
					errs[i] = err
					return nil
				}
				mu.Lock()
				defer mu.Unlock()
				if !won {
					won, winner = true, v
					s.Cancel(nil)
				}
				return nil
			})
		}
		return nil
	})

	if won {
		return winner, nil
	}
	var zero T
	switch {
	case len(fs) == 0:
		return zero, errNoFunctions
	case ctx.Err() != nil:
		return zero, context.Cause(ctx)
	}
	return zero, errors.Join(errs...)
}

// Map calls f for every item, with at most limit calls running at once
// (no limit when limit is below 1), and returns the results in the order
// of items. The first error cancels the remaining calls, stops new ones
// from starting and is returned, with a nil slice, after the running calls
// have returned.
func Map[T, R any](ctx context.Context, items []T, limit int, f func(context.Context, T) (R, error)) ([]R, error) {
	results := make([]R, len(items))
	err := Run(ctx, func(s *Scope) error {
		for i, item := range items {
			s.Go(func(ctx context.Context) error {
				r, err := f(ctx, item)
				results[i] = r
				return err
			})
		}
		return nil
	}, WithLimit(limit))
	if err != nil {
		return nil, err
	}
	return results, nil
}

// Timeout calls f with a context that expires after d and returns what f
// returns. f runs in the calling goroutine, so Timeout returns only after
// f has returned: work that honours its context stops at the deadline, and
// nothing keeps running after Timeout returns.
func Timeout[T any](ctx context.Context, d time.Duration, f func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return f(ctx)
}
