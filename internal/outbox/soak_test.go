package outbox

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
)

// TestFaultSoak sends 100 submissions of 1–450 rows, each to a sandbox with its
// own random seed that fails 30 % of requests, drops 30 % of submissions after
// processing them, limits the request rate and expires tokens quickly. Every
// row must end in exactly one final state, every client must exist exactly
// once, and no import may be created twice.
func TestFaultSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak")
	}
	seeds := rand.New(rand.NewPCG(2026, 11))
	start := time.Now()
	var totalRows, totalChunks, totalRequests, faults, drops, limited, expired int
	// 10 sandboxes, each with its own random seed, take 10 concurrent
	// submissions each: 100 in all.
	for round := range 10 {
		seed := seeds.Uint64()
		f := sandbox.Faults{FaultRate: 0.3, DropRate: 0.3, RateLimit: 20, TokenTTL: sandbox.Duration(500 * time.Millisecond)}
		e := setup(t, f, seed)
		type job struct {
			id    int64
			rows  int
			label string
		}
		jobs := make([]job, 10)
		for j := range jobs {
			n := 1 + seeds.IntN(450)
			label := fmt.Sprintf("soak%02d%d-", round, j)
			jobs[j] = job{enqueue(t, e, 101, rows(n, label)), n, label}
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(jobs))
		for _, jb := range jobs {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
				defer cancel()
				if _, err := NewSender(e.st, e.client, fast(nil)).Run(ctx, jb.id); err != nil {
					errs <- fmt.Errorf("seed %d, %s (%d rows): %w", seed, jb.label, jb.rows, err)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, c := range e.run.Server.Clients() {
			seen[strings.ToLower(c.Email)]++
		}
		chunks := 0
		for _, jb := range jobs {
			results, err := Results(context.Background(), e.st, jb.id)
			if err != nil || len(results) != jb.rows {
				t.Fatalf("%s: %d results, %v", jb.label, len(results), err)
			}
			for _, r := range results {
				if r.Status != RowCreated || r.ClientID == "" {
					t.Fatalf("seed %d, %s: row %d ended %s %s %s", seed, jb.label, r.Row, r.Status, r.ErrorCode, r.ErrorMessage)
				}
			}
			for i := range jb.rows {
				if email := fmt.Sprintf("%s%04d@example.com", jb.label, i); seen[email] != 1 {
					t.Fatalf("seed %d: %s exists %d times", seed, email, seen[email])
				}
			}
			sub, _ := Load(context.Background(), e.st, jb.id)
			chunks += len(sub.Chunks)
			totalRows += jb.rows
		}
		e.run.Server.SetFaults(sandbox.Faults{TokenTTL: sandbox.Duration(time.Hour)})
		c, _ := platform.New(e.run.URL, platform.Options{})
		if _, err := c.Login(context.Background(), sandbox.DemoUsername, sandbox.DemoPassword); err != nil {
			t.Fatal(err)
		}
		imports, err := c.Imports(context.Background(), 101, 100)
		if err != nil || len(imports) != chunks {
			t.Fatalf("seed %d: %d imports for %d chunks (%v)", seed, len(imports), chunks, err)
		}
		totalChunks += chunks
		for _, r := range e.run.Server.Requests() {
			totalRequests++
			switch {
			case r.Fault:
				faults++
			case r.Dropped:
				drops++
			case r.Status == 429:
				limited++
			case r.Status == 401:
				expired++
			}
		}
	}
	t.Logf("100 submissions, %d rows, %d imports; %d API requests: %d faults, %d dropped submissions, %d rate-limited, %d expired tokens; %s",
		totalRows, totalChunks, totalRequests, faults, drops, limited, expired, time.Since(start).Round(time.Millisecond))
	if faults == 0 || drops == 0 || expired == 0 || limited == 0 {
		t.Fatal("the soak did not meet every kind of fault")
	}
}
