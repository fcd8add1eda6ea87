// Package donenoexit holds ctx.Done() cases that do not leave the loop
// around their select, and near misses that do.
package donenoexit

import "context"

// Consume hands every value from in to handle until ctx is cancelled.
func Consume(ctx context.Context, in <-chan int, handle func(int)) error {
	for {
		select {
		case <-ctx.Done(): // want `the ctx.Done\(\) case in Consume has an empty body: the loop around it goes on after ctx is cancelled`
		case v := <-in:
			handle(v)
		}
	}
}

// Collect appends values from in to a slice until ctx is cancelled.
func Collect(ctx context.Context, in <-chan int) []int {
	var out []int
	for {
		select {
		case v := <-in:
			out = append(out, v)
		case <-ctx.Done(): // want `the ctx.Done\(\) case in Collect only breaks out of the select: the loop around it goes on after ctx is cancelled`
			break
		}
	}
}

// Serve runs a worker goroutine that stops on ctx, or means to.
func Serve(ctx context.Context, in <-chan int, handle func(int)) {
	go func() {
		for {
			select {
			case <-ctx.Done(): // want `the ctx.Done\(\) case in a goroutine in Serve has an empty body`
			case v := <-in:
				handle(v)
			}
		}
	}()
}

// The near misses below leave the loop, or check ctx elsewhere in it.

func returns(ctx context.Context, in <-chan int) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-in:
		}
	}
}

func checksAfter(ctx context.Context, in <-chan int) error {
	for {
		select {
		case <-ctx.Done():
		case <-in:
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

func checksInCondition(ctx context.Context, in <-chan int) {
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-in:
		}
	}
}

func labelledBreak(ctx context.Context, in <-chan int) {
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-in:
		}
	}
}

func notInLoop(ctx context.Context, in <-chan int) int {
	select {
	case <-ctx.Done():
	case v := <-in:
		return v
	}
	return 0
}

func setsFlag(ctx context.Context, in <-chan int) {
	stop := false
	for !stop {
		select {
		case <-ctx.Done():
			stop = true
		case <-in:
		}
	}
}
