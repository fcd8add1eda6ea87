// Command nomain has go statements in package main, which -main=false
// leaves out.
package main

func main() {
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
}
