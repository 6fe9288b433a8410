package outbox

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
)

// TestOneFileOneSubmissionUnderARace enqueues one file from two goroutines at
// the same moment, each with its own database handle (as two processes, or
// the desktop window and the command line, have): there must be one
// submission, and both get its ID.
func TestOneFileOneSubmissionUnderARace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "race.db")
	handles := make([]*store.Store, 2)
	for i := range handles {
		st, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		handles[i] = st
	}
	group := sandbox.DemoGroups()[0]
	for round := range 20 {
		req := Request{ProfileID: 1, Group: group, FilePath: "/files/c.xlsx", FileSHA256: fmt.Sprintf("sha%d", round),
			TemplateVersion: "2026.11", Rows: rows(450, fmt.Sprintf("race%d-", round))}
		ids := make([]int64, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range handles {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				ids[i], errs[i] = Enqueue(context.Background(), handles[i], req)
			}()
		}
		close(start)
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		if ids[0] != ids[1] {
			t.Fatalf("round %d: one file became two submissions (%d and %d)", round, ids[0], ids[1])
		}
	}
	var subs, keys int
	handles[0].DB().QueryRow(`SELECT COUNT(*) FROM submissions`).Scan(&subs)
	handles[0].DB().QueryRow(`SELECT COUNT(DISTINCT idempotency_key) FROM chunks`).Scan(&keys)
	if subs != 20 || keys != 20*3 {
		t.Fatalf("%d submissions with %d keys, want 20 with 60", subs, keys)
	}
}

func TestEnqueueOnceSaysItJoined(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "j.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	req := Request{ProfileID: 1, Group: sandbox.DemoGroups()[0], FilePath: "/f.xlsx", FileSHA256: "s", Rows: rows(3, "j")}
	first, err := EnqueueOnce(ctx, st, req)
	if err != nil || first.Joined {
		t.Fatalf("%+v %v", first, err)
	}
	for _, tc := range []struct {
		name         string
		finished     bool
		joinFinished bool
		group        int64
		wantJoined   bool
	}{
		{"unfinished, same group", false, false, 0, true},
		{"unfinished, another group", false, false, 999, false},
		{"finished, command line joins", true, true, 0, true},
		{"finished, desktop sends again", true, false, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.finished {
				st.DB().Exec(`UPDATE submissions SET finished_at = ? WHERE id = ?`, store.Time(time.Now()), first.ID)
			}
			r := req
			r.JoinFinished = tc.joinFinished
			if tc.group != 0 {
				r.Group = platform.Group{ID: tc.group, Name: "other", MaxClientsPerImport: 200}
			}
			got, err := EnqueueOnce(ctx, st, r)
			if err != nil || got.Joined != tc.wantJoined || (got.Joined && got.ID != first.ID) {
				t.Fatalf("%+v %v, want joined=%v of %d", got, err, tc.wantJoined, first.ID)
			}
		})
	}
}
