package async

import (
	"context"
	"errors"
)

// ErrClosed is returned by Recv when the channel is closed.
var ErrClosed = errors.New("async: receive from closed channel")

// Send sends v on ch unless ctx ends first, in which case it returns
// context.Cause(ctx) without sending. If ctx has already ended, Send does
// not send even when ch has room.
func Send[T any](ctx context.Context, ch chan<- T, v T) error {
	if err := causeIfDone(ctx); err != nil {
		return err
	}
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Recv receives a value from ch unless ctx ends first, in which case it
// returns the zero value and context.Cause(ctx). It returns ErrClosed when
// ch is closed and drained. If ctx has already ended, Recv does not
// receive even when a value is ready.
func Recv[T any](ctx context.Context, ch <-chan T) (T, error) {
	var zero T
	if err := causeIfDone(ctx); err != nil {
		return zero, err
	}
	select {
	case v, ok := <-ch:
		if !ok {
			return zero, ErrClosed
		}
		return v, nil
	case <-ctx.Done():
		return zero, context.Cause(ctx)
	}
}
