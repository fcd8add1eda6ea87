// Package suppressed shows //gostructlint:ignore directives on nakedgo
// findings.
package suppressed

func withReason(f func()) {
	go f() //gostructlint:ignore nakedgo the callback only writes to a log that outlives the process
}

func onTheLineBefore(f func()) {
	//gostructlint:ignore nakedgo,chanleak the worker lives as long as the process
	go f()
}

// wholeFunction is silenced by its doc comment.
//
//gostructlint:ignore nakedgo the pool joins these goroutines in Close
func wholeFunction(f func()) {
	go f()
	go f()
}

func withoutReason(f func()) {
	/* want `gostructlint:ignore directive needs a reason` */ //gostructlint:ignore nakedgo
	go f()                                                    // want `goroutine started in withoutReason is never joined`
}

func unknownName(f func()) {
	/* want `gostructlint:ignore names unknown analyzer "nakedog"` */ //gostructlint:ignore nakedog a misspelt analyzer name
	go f()                                                            // want `goroutine started in unknownName is never joined`
}

func otherAnalyzer(f func()) {
	//gostructlint:ignore chanleak silences another analyzer only
	go f() // want `goroutine started in otherAnalyzer is never joined`
}
