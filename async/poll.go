package async

import (
	"context"
	"time"
)

// Sleep pauses for d or until ctx ends, whichever comes first, and returns
// context.Cause(ctx) in the second case. A d of zero or less returns at
// once, with ctx's cause if ctx has already ended.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return causeIfDone(ctx)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Poll calls check at once and then every interval, measured from the end
// of one call to the start of the next, until check reports done or fails,
// or until ctx ends. It returns check's error, context.Cause(ctx), or nil
// when check reported done. check runs in the calling goroutine, so no
// call outlives Poll.
func Poll(ctx context.Context, interval time.Duration, check func(context.Context) (done bool, err error)) error {
	var timer *time.Timer
	for {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}

		if timer == nil {
			timer = time.NewTimer(interval)
			defer timer.Stop()
		} else {
			timer.Reset(interval)
		}
		select {
		case <-timer.C:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// Watch runs f while a watchdog calls check every interval. When check
// fails, Watch cancels f's context, waits for f to return and returns
// check's error. Otherwise it returns f's result once f has returned, and
// the watchdog has stopped. f runs in the calling goroutine and the
// watchdog in a goroutine that Watch joins. An interval of zero or less
// calls check never, as time.Tick returns no channel for it.
func Watch[T any](ctx context.Context, interval time.Duration, check func(context.Context) error, f func(context.Context) (T, error)) (T, error) {
	var value T
	err := Run(ctx, func(s *Scope) error {
		watchCtx, stopWatch := context.WithCancel(s.Context())
		defer stopWatch()
		if interval > 0 {
			s.Go(func(context.Context) error {
				return watchdog(watchCtx, interval, check)
			})
		}

		v, err := f(s.Context())
		value = v
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return value, nil
}

// watchdog calls check every interval until check fails or ctx ends. A
// failure that comes with the end of ctx is not reported, because then
// f has already returned or the scope is ending for another reason.
func watchdog(ctx context.Context, interval time.Duration, check func(context.Context) error) error {
	timer := time.NewTimer(interval)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
		case <-ctx.Done():
			return nil
		}
		if err := check(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		timer.Reset(interval)
	}
}

// causeIfDone returns context.Cause(ctx) if ctx has ended and nil if not.
func causeIfDone(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}
