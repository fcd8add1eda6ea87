// Package killprocess runs an external tool for a task and kills it when
// the task is cancelled.
//
// What goes wrong: the watcher goroutine waits on ctx.Done() and is never
// joined. When the tool exits on its own and the task's context is never
// cancelled, the watcher waits forever. When the context is cancelled
// after Run returned, it kills a process that has already been waited for.
package killprocess

import (
	"context"
	"os/exec"
)

// Run starts the tool and waits for it to exit.
func Run(ctx context.Context, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		_ = cmd.Process.Kill()
	}()
	return cmd.Wait()
}
