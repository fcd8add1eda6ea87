// Package allowfuncs has functions listed in -allow-funcs.
package allowfuncs

// Server serves in the background.
type Server struct{}

// Serve is allowed as allowfuncs.Serve.
func Serve(f func()) {
	go f()
}

// Run is allowed as (*allowfuncs.Server).Run, closures included.
func (s *Server) Run(f func()) {
	func() {
		go f()
	}()
}

// Listen is allowed by import path, as (nakedgo/allowfuncs.Server).Listen.
func (s Server) Listen(f func()) {
	go f()
}

// Close is not listed.
func (s *Server) Close(f func()) {
	go f() // want `goroutine started in Close is never joined`
}
