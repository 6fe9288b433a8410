package outbox

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/sandbox"
)

// BenchmarkSubmit200 sends a 200-client file to a sandbox that processes rows
// with no delay, with the app's own sender options, and checks that it takes one
// submit request. Target: ≤ 1 s each.
func BenchmarkSubmit200(b *testing.B) {
	e := setup(b, sandbox.Faults{}, 9)
	k := 0
	for b.Loop() {
		id := enqueue(b, e, 101, rows(200, fmt.Sprintf("bench%d-", k)))
		k++
		before := countSubmits(e.run)
		start := time.Now()
		sub, err := NewSender(e.st, e.client, Options{}).Run(context.Background(), id)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, created, _ := sub.Totals(); created != 200 || countSubmits(e.run)-before != 1 {
			b.Fatalf("%d created, %d submit requests", created, countSubmits(e.run)-before)
		}
		if d := time.Since(start); d > time.Second {
			b.Errorf("took %s", d)
		}
	}
}
