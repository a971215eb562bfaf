package uitest_test

import (
	"testing"

	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

// Work handed to Do from other goroutines runs on the test goroutine,
// in order, when the test waits for it; Drain runs what is left.
func TestWaitForRunsQueuedWork(t *testing.T) {
	u := uitest.New(t)
	var got []int
	done := make(chan struct{})
	go func() {
		for i := 1; i <= 3; i++ {
			u.Do(func() { got = append(got, i) })
		}
		close(done)
	}()
	u.WaitFor("two calls", func() bool { return len(got) == 2 })
	if len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("after WaitFor ran %v, want [1 2]", got)
	}
	<-done
	u.Drain()
	if len(got) != 3 || got[2] != 3 {
		t.Fatalf("after Drain ran %v, want [1 2 3]", got)
	}
	if w := u.Window(); w.Content() != nil {
		t.Errorf("a new window has content %v", w.Content())
	}
}
