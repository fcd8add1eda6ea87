// Package notests has go statements in a test file, which -tests=false
// leaves out.
package notests

func start(f func()) {
	go f() // want `goroutine started in start is never joined`
}
