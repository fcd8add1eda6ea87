// Package nakedgo defines an Analyzer that reports goroutines started
// outside a structured scope.
//
// # Analyzer nakedgo
//
// nakedgo: report go statements outside an async scope
//
// Every go statement outside package async
// (github.com/gostructlint/gostructlint/async and its subpackages) starts a
// goroutine that no scope owns: nothing makes sure that it ends before the
// function that started it returns, that its panic reaches the caller, or
// that its error is seen. nakedgo reports each go statement at the go
// keyword, with the way the parent joins the goroutine as the category:
//
//   - nakedgo/waitgroup: a sync.WaitGroup joins it (the goroutine calls
//     Done, the parent calls Wait).
//   - nakedgo/result-channel: the goroutine hands its result back on a
//     channel that the parent receives from.
//   - nakedgo/stop-loop: the goroutine runs a loop until a stop signal
//     (ctx.Done(), a done or quit channel, ctx.Err(), or the closing of a
//     channel it ranges over), and nothing waits for it to stop.
//   - nakedgo/unjoined: nothing joins it.
//
// The related information points at the join: the Wait call, the receive,
// or the stop signal.
//
// Suggested fixes. The WaitGroup fork-join shape is Add, go with a
// deferred Done, then Wait in the same block, in a loop or not, optionally
// with an error channel drained after Wait. Its first fix rewrites the
// block onto async.Run with s.Go, using a context.Context variable in scope
// or context.Background(), and removes the WaitGroup, which nothing else
// may use. Sends on the error channel become the goroutines' returns, and
// the drain loop becomes a check of async.Run's error. Go statements
// inside the moved code get their own fixes on the next run. On files for
// Go 1.25 and later, a second fix replaces Add, go and Done with wg.Go.
//
// For a goroutine that sends one result on a channel that the parent waits
// for in a select, the first fix rewrites the select: with a time.After
// case onto async.Timeout, and with a <-ctx.Done() case onto async.Run with
// async.Spawn and Await. Both cancel the work and wait for it to return, so
// the rewrite helps only work that watches its context, which the fix
// passes in. A second fix gives an unbuffered channel a buffer of one, so
// the abandoned sender can finish.
//
// A watcher, go func() { <-ctx.Done(); cleanup }(), gets a fix that runs
// the cleanup with defer context.AfterFunc(ctx, ...)(), so it runs while
// the function runs and never after it returned.
//
// A producer whose values a range loop right after it consumes gets the
// same rewrite onto async.Run as chanleak's consumer-exit finding: the
// producer sends with async.Send in s.Go, and the loop runs in the
// scope's body.
//
// A goroutine that does something at every tick of a ticker
// (for range t.C with t := time.NewTicker(d), or for range time.Tick(d)),
// started right before the function's final return of an error, is
// rewritten onto async.Watch: the work of each tick becomes the check,
// and the returned expression the function that Watch runs, so the ticks
// stop when the function returns.
//
// When a shape has no rewrite that keeps the code's behaviour, no fix is
// offered. The flag -nakedgo.fixstyle=minimal puts the second fix first.
//
// Flags (lists are comma-separated):
//
//	-nakedgo.allow-packages  import paths whose go statements are not
//	                         reported; a trailing /... also matches the
//	                         packages below
//	-nakedgo.allow-funcs     functions whose go statements (closures
//	                         included) are not reported: pkg.Func,
//	                         (pkg.T).Method or (*pkg.T).Method, where pkg is
//	                         the package name or import path
//	-nakedgo.allow-files     file base names, as filepath.Match globs (for
//	                         example *_gen.go), whose go statements are not
//	                         reported
//	-nakedgo.tests           report in _test.go files (default true)
//	-nakedgo.main            report in package main (default true)
//	-nakedgo.fixstyle        async or minimal: which fix comes first
//	                         (default async)
//
// A //gostructlint:ignore nakedgo <reason> directive silences a finding;
// a directive without a reason, or naming an unknown analyzer, is itself
// reported.
package nakedgo
