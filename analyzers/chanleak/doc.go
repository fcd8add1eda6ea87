// Package chanleak defines an Analyzer that reports goroutines that block
// forever on a channel.
//
// # Analyzer chanleak
//
// chanleak: report goroutines blocked forever on channels
//
// The analyzer follows each channel through the SSA form of the package:
// through local variables, closures, arguments and results of the
// package's functions, and into unexported struct fields. It also follows
// calls of function values when every use of the function literal ends in
// calls within the package, such as a callback passed to a function of the
// package or a closure that one returns. A channel that reaches code the
// analyzer cannot see (an interface, another package, an exported field)
// is left alone. For each goroutine that uses a channel it
// searches the paths of the function that started it (the parent) for a
// return that leaves the goroutine blocked. Each finding names the shape
// in its category:
//
//   - chanleak/abandoned-sender: a goroutine sends on a channel without
//     room for its sends, and the parent can return (a timeout or
//     ctx.Done case, another select case, an early error return) without
//     receiving. The channel may come from a helper that starts the
//     goroutine and returns the channel, in this package or another one
//     (a fact on the helper carries its summary across packages). Also a
//     send on an unbuffered channel that nothing receives from, and a send
//     made while holding a mutex that the receiving goroutine takes before
//     it receives.
//   - chanleak/fan-in: goroutines started in a loop send on an unbuffered
//     channel, and the parent receives once, or leaves its receive loop
//     early (the first result wins, or a return at the first error). Also
//     two or more separate go statements that each send once on a channel
//     with room for fewer sends, when the function that starts them can
//     return after fewer receives than there are senders, as in
//     return <-done: the goroutines that lose the race block forever. The
//     fix gives the channel one place per sender, so the first result
//     still wins.
//   - chanleak/orphaned-receiver: a goroutine waits on a channel that some
//     path of the parent never sends on or closes, or receives in a loop
//     with no way out (it waits forever after the last send). Also a
//     receive from a channel that nothing sends on or closes, or whose only close is
//     deferred by the function that makes it and waits on it; a receive
//     from an unbuffered channel whose every send has a default case, or
//     gives up on cancellation or a timer; a receive made while holding a
//     mutex that the sender takes first; a wait for ctx.Done() of a
//     context made by context.WithCancel from context.Background whose
//     cancel function no reachable code calls, or only the waiter after
//     its wait; a Wait on a *sync.Cond in an unexported field on which
//     no code of the package calls Signal or Broadcast, when the field's
//     value goes nowhere but its method calls.
//   - chanleak/range-unclosed: a goroutine or the parent ranges over a
//     channel that some path never closes.
//   - chanleak/consumer-exit: the receiver leaves its loop while a
//     goroutine keeps sending on the unbuffered channel, including a loop
//     whose select returns on another case, and a range loop that is the
//     only receiver.
//   - chanleak/double-send: a goroutine can send more often on one path
//     than the parent receives, or a function sends more often than the
//     buffer holds right after making the channel, before any goroutine
//     that could receive starts.
//
// The analyzer stays silent on a buffered channel with room for every
// send, a channel that is closed instead of sent on, a receive on every
// path (deferred receives included), sends in a select that also waits
// for cancellation or has a default, and channels that escape. It also
// stays silent on a send that runs once into a receive loop that no code
// of the package calls, such as a handler that a server runs, unless a go
// statement of the package starts the sender directly: the order of the
// send and the loop's return then depends on steps it cannot see.
//
// Protocols that it cannot follow but that make common code safe also
// keep it silent: a select case on a nil channel or on a channel that
// nothing sends on (it is never chosen), a receive loop that leaves on a
// signal from the sending goroutine itself, a callback that the receiving
// loop hands out with its requests, a loop that several goroutines run,
// a channel made anew in each round, a send behind a flag that it sets
// (if !sent { ch <- v; sent = true }), a receive under a lock from a
// buffered channel (a semaphore, or a value already delivered), senders
// that give up on a context that only the receiver cancels, in a defer,
// senders on a buffered channel that the receiver stops by a cancel or a
// close as it leaves, a range loop whose senders run a fixed number of
// times, and <-make(chan T), which blocks on purpose. Several
// receives from goroutines started in a loop are taken as enough unless
// the loop counts up to a constant larger than the receives.
//
// In a command (package main) and in test files, code that main, init,
// the tests, a function value or an interface call cannot reach counts
// as never running.
//
// For an abandoned sender of the simplest shape, the first suggested fix
// rewrites the goroutine onto package async: the goroutine computes one
// value and sends it as its last statement, and right after the go
// statement the parent selects between receiving it and time.After(d)
// or ctx.Done(). The select becomes an if statement on the result of
// async.Timeout(ctx, d, work), with a context.Context in scope or
// context.Background(), or of async.Run on ctx with async.Spawn and
// task.Await(ctx). The work takes the context as a parameter, in place
// of the parent's context where it used that, and returns the value with
// the context's error. So the receive branch runs when the value comes in
// time, and the other branch otherwise. The parent
// then waits for the work to return before it goes on, so the rewrite
// only helps work that watches its context. There is no rewrite when the
// goroutine sends more than once, returns early, reads a variable that
// the parent assigns after the go statement or watches another context,
// or when the channel is used outside the make call, the send and the
// receive.
//
// For go statements that race to send the one value the parent receives
// (return <-ch, v := <-ch, v = <-ch or <-ch right after them), the first
// suggested fix rewrites them onto async.Race: each goroutine becomes a
// function that returns its value with a nil error, so Race returns the
// first value, as the receive did, and then cancels the others' context
// and waits for them. A loop whose body is one such go statement collects
// the functions in a slice for Race. The same limits as above apply to
// each goroutine.
//
// For a producer goroutine whose range loop consumer can return early,
// the first suggested fix moves both into async.Run. The producer runs
// with s.Go and sends with async.Send. The loop stays in the scope's body,
// where its returns become assignments of the function's results, and a
// deferred s.Cancel stops the producer when the loop leaves. It needs
// the loop after the go statement in one block, a function without named
// results, sends that are statements of the producer itself, and, when
// the producer uses the context in scope, a deferred close. Run waits for
// the producer, so one blocked elsewhere, as in a read from a pipe that
// stays open, delays the return that used to leave it behind.
//
// The other suggested fixes are minimal repairs: a buffer for every send
// at the make call (make(chan T, 1), or len(x) for one goroutine per item
// of x), a deferred close for a channel that only signals or is ranged
// over, or a stop channel that the parent closes and the sends also wait
// for. The -fixstyle flag chooses which fix comes first.
package chanleak
