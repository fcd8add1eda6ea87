// Package nakedgo defines an Analyzer that reports ... (placeholder; its owner replaces this file).
//
// # Analyzer nakedgo
//
// nakedgo: placeholder.
package nakedgo
