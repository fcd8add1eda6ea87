// Package wgmisuse defines an Analyzer that reports misuse of
// sync.WaitGroup that go vet's waitgroup check does not see.
//
// # Analyzer wgmisuse
//
// wgmisuse: report sync.WaitGroup misuse that loses or blocks goroutines
//
// Each finding has a category that names its shape:
//
//   - wgmisuse/add-in-goroutine: Add inside the goroutine it counts,
//     anywhere in its body. The parent may reach Wait before the Add runs,
//     and Wait then returns early.
//   - wgmisuse/wait-in-loop: Wait inside the loop that starts the counted
//     goroutines, after an Add before the loop counted all of them, so the
//     first Wait blocks forever.
//   - wgmisuse/done-skipped: a counted goroutine has a path (an early
//     return, an error branch) that ends without Done. Paths that end in
//     panic, os.Exit, log.Fatal, t.Fatal or another call that never
//     returns do not count.
//   - wgmisuse/count-mismatch: an Add whose count cannot match the
//     goroutines started. Examples are Add(2) followed by one go statement
//     before Wait, and Add(len(x)) followed by a range over x that skips
//     items before its go statement. A third is an Add followed by a return
//     or continue that bypasses the go statement while the group lives on.
//   - wgmisuse/done-never: Add on a group that nothing in the package
//     decrements, while Wait waits on it.
//   - wgmisuse/wait-before-drain: Wait before the parent drains an
//     unbuffered channel that the counted goroutines send on: the senders
//     block, never call Done, and Wait never returns.
//   - wgmisuse/wait-in-counted: Wait inside a goroutine that the same
//     group counts, before its own Done.
//   - wgmisuse/copied: a WaitGroup passed by value and then used, so the
//     calls reach a copy: a parameter of type sync.WaitGroup, or a value
//     receiver, parameter or goroutine argument of a struct that holds one
//     with no pointer in between.
//
// The analyzer prefers silence to a false positive: it reports a shape
// only when the path that goes wrong is plain in the code, and stays
// silent when the group escapes to code it cannot see. It follows a
// goroutine into a function literal or a function declared in the same
// package, but not into function values, so a worker that receives its
// body as a func parameter is not checked. count-mismatch compares a count
// with go statements only when it is a constant or len of the ranged
// slice, and wait-before-drain only checks channels made in the function
// that calls Wait.
//
// Fixes: where the function is a plain fork-join, the first fix rewrites
// it onto async.Run with s.Go. The smallest local repair follows: X.Go in
// files of Go 1.25 or later, defer X.Done() at the top of the goroutine,
// X.Add before the go statement, X.Wait after the loop, the matching count,
// or *sync.WaitGroup in place of the copy. The -fixstyle flag (async or
// minimal) chooses which fix comes first.
package wgmisuse
