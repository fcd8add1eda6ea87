// Package allowfiles has a generated file that -allow-files lists.
package allowfiles

func start(f func()) {
	go f() // want `goroutine started in start is never joined`
}
