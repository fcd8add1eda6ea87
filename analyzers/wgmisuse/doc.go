// Package wgmisuse defines an Analyzer that reports ... (placeholder; its owner replaces this file).
//
// # Analyzer wgmisuse
//
// wgmisuse: placeholder.
package wgmisuse
