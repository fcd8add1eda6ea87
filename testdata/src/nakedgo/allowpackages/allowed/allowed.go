// Package allowed is listed in -allow-packages, so its go statements are
// not reported.
package allowed

func start(f func()) {
	go f()
}
