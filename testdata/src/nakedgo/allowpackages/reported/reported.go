// Package reported is not listed in -allow-packages.
package reported

func start(f func()) {
	go f() // want `goroutine started in start is never joined`
}
