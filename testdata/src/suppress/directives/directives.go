// Package directives exercises //gostructlint:ignore: the test analyzer
// reports every call to work, and the directives silence some of them.
package directives

func work() {}

func reported() {
	work() // want "call to work"
}

func trailing() {
	work() //gostructlint:ignore nakedgo the call is harmless here
}

func ownLine() {
	//gostructlint:ignore nakedgo the next line is silenced
	work()
	work() // want "call to work"
}

func otherAnalyzer() {
	work() //gostructlint:ignore chanleak names another analyzer // want "call to work"
}

func list() {
	work() //gostructlint:ignore chanleak,nakedgo a list of analyzers
}

// wholeFunc is silenced in full by the directive in its doc comment.
//
//gostructlint:ignore nakedgo setup code that runs once
func wholeFunc() {
	work()
	work()
}

func noReason() {
	//gostructlint:ignore nakedgo // want "directive needs a reason"
	work() // want "call to work"
}

func unknown() {
	//gostructlint:ignore nakedgoo a typo in the name // want `unknown analyzer "nakedgoo"`
	work() // want "call to work"
}

func notADirective() {
	//gostructlint:ignored nakedgo a different word is not a directive
	work() // want "call to work"
}
