// Package chanleak defines an Analyzer that reports ... (placeholder; its owner replaces this file).
//
// # Analyzer chanleak
//
// chanleak: placeholder.
package chanleak
