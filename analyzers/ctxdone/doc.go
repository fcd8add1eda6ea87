// Package ctxdone defines an Analyzer that reports ... (placeholder; its owner replaces this file).
//
// # Analyzer ctxdone
//
// ctxdone: placeholder.
package ctxdone
