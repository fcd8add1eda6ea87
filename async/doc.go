// Package async runs concurrent work in scopes, so that no goroutine
// outlives the call that started it.
//
// Run opens a scope, calls its body and returns only after the body and
// every goroutine started in the scope (with Scope.Go, Scope.TryGo, Spawn
// or OnCancel) have returned. The first child error cancels the scope's
// context and is the error Run returns. The errors that siblings report
// only because they were cancelled are dropped. A child panic cancels the
// siblings too, and Run re-panics in its caller with a *PanicError that
// carries the child's value and stack. Children may start siblings while
// the scope is open; starting one after Run has returned panics. The
// helpers All, Settle, Race, Map, Timeout, Poll and Watch are each built
// on one scope and keep the same promise: race losers, timed-out work and
// polling loops have stopped when the helper returns. Sleep, Send and Recv
// block like time.Sleep and bare channel operations but return the
// context's cause as soon as the context ends.
package async
