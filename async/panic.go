package async

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// PanicError is a panic recovered in a child goroutine and raised again in
// the goroutine that joins it. Value is the value passed to panic and Stack
// is the child's stack at the panic, as runtime/debug.Stack formats it.
type PanicError struct {
	Value any
	Stack []byte
}

// newPanicError captures the stack of the calling goroutine, so it must be
// called from the deferred function that recovered value.
func newPanicError(value any) *PanicError {
	return &PanicError{Value: value, Stack: debug.Stack()}
}

// Error returns the panic value followed by the child's stack.
func (p *PanicError) Error() string {
	return fmt.Sprintf("async: child goroutine panicked: %v\n\nchild goroutine stack:\n%s", p.Value, p.Stack)
}

// String returns the same text as Error.
func (p *PanicError) String() string {
	return p.Error()
}

// Unwrap returns the panic value when it is an error, so errors.Is and
// errors.As see through the panic.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// errGoexit is the error of a child that called runtime.Goexit, for
// example through testing.T.FailNow, instead of returning.
var errGoexit = errors.New("async: child goroutine called runtime.Goexit")
