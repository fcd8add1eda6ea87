// Package ctxdone defines an Analyzer that reports blocking code that
// ignores the cancellation of a context in scope.
//
// # Analyzer ctxdone
//
// ctxdone: report blocking code that ignores a cancellable context
//
// A context is in scope where a function has a context.Context parameter,
// captures one, holds the Context() of a request or stream, or derives one
// from these. Deriving means context.WithCancel, WithTimeout, WithDeadline,
// WithValue, WithCancelCause, or any call that takes the context and
// returns a new one. context.WithoutCancel does not count, and code after it is taken to
// have left the context on purpose. context.Background and context.TODO do
// not count unless given a timeout or deadline, and neither does the
// Context of testing.T, which is cancelled only after the test returns.
// With such a context in scope, ctxdone reports:
//
//   - select-no-done: a select with no default and no case that can end
//     the wait: no ctx.Done(), no other Done() or struct{} stop channel,
//     no timer.
//   - done-no-exit: a ctx.Done() case, in a select that is a statement of
//     a loop, whose body is empty or a lone break, when nothing else in the
//     loop looks at the context. The loop goes on after cancellation.
//   - blocking-op: a send or receive outside any select, in a function with
//     a context parameter or one that selects on the Done channel of a
//     context field such as w.ctx. The channel is one that the caller passes in, a
//     struct field that holds an unbuffered channel, or a local unbuffered
//     channel whose other end is a goroutine that gives up when the context
//     is cancelled. Receives from channels that the package
//     closes, from Done channels and from timers are not reported.
//   - sleep: time.Sleep in an endless loop that never looks at the
//     context; outside test files also a single time.Sleep in a function
//     with a context parameter; and loops that wait on a ticker without
//     looking at the context.
//   - goroutine-ignores-ctx: a go statement whose function never sees any
//     context and either runs a loop that nothing can end, or sends on a
//     local unbuffered channel that the parent stops receiving from when
//     its select returns through another case.
//
// Code "looks at" the context when it uses any expression of type
// context.Context: ctx.Err(), ctx.Done(), or a call that passes ctx.
//
// Fixes: the first rewrites onto package async (async.Send, async.Sleep,
// and async.Poll for a loop that checks a condition, breaks, and sleeps),
// the second adds a ctx.Done() case that returns the function's zero values
// and ctx.Err(), or gives an abandoned goroutine's channel a buffer of one. The -fixstyle flag (async or minimal) selects which comes
// first. A fix is offered only where the enclosing function can return:
// its results' zero values must be writable in the file. In a test function
// with no results the fix calls t.Fatal instead of returning. Receives get
// no async.Recv rewrite, because it fails on a closed channel where a
// receive returns at once.
package ctxdone
