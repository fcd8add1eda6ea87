package async

import "time"

// Option configures a scope opened by Run.
type Option struct {
	apply func(*config)
}

// config is the set of options one scope runs with.
type config struct {
	limit      int
	timeout    time.Duration
	hasTimeout bool
	supervise  bool
}

// WithLimit limits the scope to n children running at once. Scope.Go
// blocks while n children run and gives up when the scope's context ends;
// Scope.TryGo returns false instead of blocking. An n below 1 means no
// limit.
func WithLimit(n int) Option {
	return Option{apply: func(c *config) { c.limit = n }}
}

// WithTimeout cancels the scope's context d after Run starts, at once when
// d is zero or less, as context.WithTimeout does. Children that return the
// resulting context.DeadlineExceeded make Run return it.
func WithTimeout(d time.Duration) Option {
	return Option{apply: func(c *config) { c.timeout, c.hasTimeout = d, true }}
}

// Supervise keeps a child error from cancelling its siblings: every child
// runs to completion and Run returns all their errors joined with
// errors.Join. A panic still cancels the scope and re-panics in Run.
func Supervise() Option {
	return Option{apply: func(c *config) { c.supervise = true }}
}
