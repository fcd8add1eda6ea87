// Package inner sits below an allowed package and matches its /... pattern.
package inner

func start(f func()) {
	go f()
}
