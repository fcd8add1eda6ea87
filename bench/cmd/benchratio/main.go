// Command benchratio reads the output of several `go test -bench` runs, each
// starting with its "goos:" header, and prints for chosen pairs of
// benchmarks the median, minimum and maximum of the per-run ratio of their
// ns/op and cpu-ns/op.
//
// On a shared machine the load drifts during a run, so comparing two
// benchmarks within the same run and then taking the median over runs is
// steadier than comparing their medians over the whole file.
//
// Usage:
//
//	benchratio A/B:C/D ... < results.txt
//
// prints A/B divided by C/D, for example
// One/async-spawn-await:One/raw-go-chan.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// resultLine matches one benchmark result with the cpu-ns/op metric that
// the bench package reports.
var resultLine = regexp.MustCompile(`^Benchmark(\S+)-\d+\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) cpu-ns/op`)

// result is the wall and CPU time per operation of one benchmark in one run.
type result struct {
	wall, cpu float64
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchratio NAME:BASELINE ... < results.txt")
		os.Exit(2)
	}
	runs, err := readRuns(bufio.NewScanner(os.Stdin))
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}

	fmt.Printf("%d runs\n", len(runs))
	for _, pair := range os.Args[1:] {
		name, baseline, ok := strings.Cut(pair, ":")
		if !ok {
			fmt.Fprintf(os.Stderr, "benchratio: invalid pair %q: want NAME:BASELINE\n", pair)
			os.Exit(2)
		}
		var wall, cpu []float64
		for _, run := range runs {
			a, okA := run[name]
			b, okB := run[baseline]
			if okA && okB {
				wall = append(wall, a.wall/b.wall)
				cpu = append(cpu, a.cpu/b.cpu)
			}
		}
		if len(wall) == 0 {
			fmt.Fprintf(os.Stderr, "benchratio: no run has both %s and %s\n", name, baseline)
			os.Exit(1)
		}
		fmt.Printf("%s / %s: ns/op %s, cpu-ns/op %s\n", name, baseline, summary(wall), summary(cpu))
	}
}

// readRuns splits the input into runs at each "goos:" header.
func readRuns(sc *bufio.Scanner) ([]map[string]result, error) {
	var runs []map[string]result
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "goos:") || runs == nil {
			runs = append(runs, make(map[string]result))
		}
		m := resultLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		wall, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			return nil, fmt.Errorf("invalid ns/op in %q: %v", line, err)
		}
		cpu, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			return nil, fmt.Errorf("invalid cpu-ns/op in %q: %v", line, err)
		}
		runs[len(runs)-1][m[1]] = result{wall: wall, cpu: cpu}
	}
	return runs, sc.Err()
}

// summary formats the median and range of ratios.
func summary(ratios []float64) string {
	slices.Sort(ratios)
	n := len(ratios)
	median := ratios[n/2]
	if n%2 == 0 {
		median = (ratios[n/2-1] + ratios[n/2]) / 2
	}
	return fmt.Sprintf("median %.2f (min %.2f, max %.2f)", median, ratios[0], ratios[n-1])
}
