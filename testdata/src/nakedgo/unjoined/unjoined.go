// Package unjoined holds goroutines that nothing joins.
package unjoined

import "log"

// Server logs in the background.
type Server struct{ name string }

// Start logs once, on a goroutine that nothing waits for.
func (s *Server) Start() {
	go log.Printf("server %s started", s.name) // want `goroutine started in Start is never joined: nothing waits for it to end`
}

// fire starts a literal and forgets it.
func fire(f func()) {
	go func() { // want `goroutine started in fire is never joined: nothing waits for it to end`
		f()
	}()
}

// nested starts a goroutine from a function literal.
func nested() func() {
	return func() {
		go fire(func() {}) // want `goroutine started in a function literal in nested is never joined`
	}
}

var started = func() bool {
	go func() {}() // want `goroutine started in a package-level initialiser is never joined`
	return true
}()
