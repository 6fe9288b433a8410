package outbox

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
)

// fakePlatform answers the sender from functions a test sets; a nil one
// fails the test if called.
type fakePlatform struct {
	t      *testing.T
	mu     sync.Mutex
	calls  int
	submit func(call int, key string) (platform.SubmitResult, error)
	imp    func(id string) (platform.Import, time.Duration, error)
	lookup func(q platform.LookupRequest) (platform.LookupResult, error)
}

func (f *fakePlatform) SubmitImport(_ context.Context, _ int64, key string, _ []byte) (platform.SubmitResult, error) {
	f.mu.Lock()
	f.calls++
	call := f.calls
	f.mu.Unlock()
	if f.submit == nil {
		f.t.Error("unexpected SubmitImport")
		return platform.SubmitResult{}, context.Canceled
	}
	return f.submit(call, key)
}

func (f *fakePlatform) Import(_ context.Context, id string) (platform.Import, time.Duration, error) {
	if f.imp == nil {
		f.t.Error("unexpected Import")
		return platform.Import{}, 0, context.Canceled
	}
	return f.imp(id)
}

func (f *fakePlatform) Lookup(_ context.Context, q platform.LookupRequest) (platform.LookupResult, error) {
	if f.lookup == nil {
		f.t.Error("unexpected Lookup")
		return platform.LookupResult{}, context.Canceled
	}
	return f.lookup(q)
}

// completed is the platform's answer for an import that created every row.
func completed(rs []Row) platform.Import {
	imp := platform.Import{ID: "imp-1", Status: platform.ImportCompleted, Total: len(rs), Processed: len(rs), Created: len(rs)}
	for _, r := range rs {
		imp.Rows = append(imp.Rows, platform.ImportRow{Row: r.Client.Row, Status: platform.RowCreated, ClientID: "c" + r.Client.Email})
	}
	return imp
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func enqueueRows(t *testing.T, st *store.Store, rs []Row) int64 {
	t.Helper()
	id, err := Enqueue(context.Background(), st, Request{ProfileID: 1, Group: sandbox.DemoGroups()[0], FilePath: "/f.xlsx",
		FileSHA256: "sha-" + rs[0].Client.Email, TemplateVersion: "2026.11", Rows: rs})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestRequestInProgressWaitIsCapped: a 409 request_in_progress with a
// Retry-After of a day waits no longer than the poll cap, then sends again.
func TestRequestInProgressWaitIsCapped(t *testing.T) {
	st := openStore(t)
	rs := rows(2, "inprogress")
	id := enqueueRows(t, st, rs)
	fp := &fakePlatform{t: t, submit: func(call int, _ string) (platform.SubmitResult, error) {
		if call == 1 {
			return platform.SubmitResult{}, &platform.Error{Status: 409, Code: platform.CodeRequestInProgress,
				Message: "still working", RetryAfter: 24 * time.Hour}
		}
		return platform.SubmitResult{Import: completed(rs), Replayed: true}, nil
	}}
	var waits []time.Duration
	opts := fast(func(e Event) {
		if e.Wait > 0 {
			waits = append(waits, e.Wait)
		}
	})
	opts.PollCap = 20 * time.Millisecond
	// The deadline only keeps a regression from hanging the suite.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sub, err := NewSender(st, fp, opts).Run(ctx, id)
	if err != nil || !sub.Finished() {
		t.Fatalf("%v, finished=%v; waits %v", err, sub.Finished(), waits)
	}
	if len(waits) != 1 || waits[0] > opts.PollCap {
		t.Fatalf("waited %v, want one wait of at most %v", waits, opts.PollCap)
	}
}
