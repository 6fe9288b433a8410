package outbox

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
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

// TestEnqueueOnceWithOtherRows submits one file again with other rows (the
// desktop sends its edits, without the rows removed in the app) while the
// first submission is unfinished: that must not join the old rows.
func TestEnqueueOnceWithOtherRows(t *testing.T) {
	group := sandbox.DemoGroups()[0]
	typo, fixed := rows(5, "typo"), rows(3, "fixed")
	for _, tc := range []struct {
		name         string
		finished     bool
		joinFinished bool
		second       []Row
		wantErr      bool
		wantJoined   bool
	}{
		{"unfinished, same rows joins", false, false, typo, false, true},
		{"unfinished, other rows is refused", false, false, fixed, true, false},
		{"unfinished, other rows is refused on the command line too", false, true, fixed, true, false},
		{"finished, other rows from the desktop is a new submission", true, false, fixed, false, false},
		{"finished, command line never sends the file twice", true, true, fixed, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := store.Open(filepath.Join(t.TempDir(), "o.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			ctx := context.Background()
			req := Request{ProfileID: 1, Group: group, FilePath: "/f.xlsx", FileSHA256: "same-file", Rows: typo}
			first, err := EnqueueOnce(ctx, st, req)
			if err != nil {
				t.Fatal(err)
			}
			if tc.finished {
				st.DB().Exec(`UPDATE submissions SET finished_at = ? WHERE id = ?`, store.Time(time.Now()), first.ID)
			}
			req.Rows, req.JoinFinished = tc.second, tc.joinFinished
			got, err := EnqueueOnce(ctx, st, req)
			var other *OtherRowsError
			if tc.wantErr {
				if !errors.As(err, &other) || other.ID != first.ID || !strings.Contains(err.Error(), "still waiting in the outbox with other rows") {
					t.Fatalf("%+v %v, want an OtherRowsError naming #%d", got, err, first.ID)
				}
				return
			}
			if err != nil || got.Joined != tc.wantJoined || (got.Joined != (got.ID == first.ID)) {
				t.Fatalf("%+v %v, want joined=%v of %d", got, err, tc.wantJoined, first.ID)
			}
			if !got.Joined {
				res, err := Results(ctx, st, got.ID)
				if err != nil || len(res) != len(tc.second) || res[0].Original[2] != tc.second[0].Original[2] {
					t.Fatalf("new submission holds %d rows (%v), want the %d new ones", len(res), err, len(tc.second))
				}
			}
		})
	}
}

// TestEnqueueOnceLegacySubmissionJoins: a submission stored before rows were
// digested has none; it is joined as before rather than refused forever.
func TestEnqueueOnceLegacySubmissionJoins(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "o.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	req := Request{ProfileID: 1, Group: sandbox.DemoGroups()[0], FilePath: "/f.xlsx", FileSHA256: "old", Rows: rows(4, "old")}
	first, err := EnqueueOnce(ctx, st, req)
	if err != nil {
		t.Fatal(err)
	}
	st.DB().Exec(`UPDATE submissions SET rows_sha256 = '' WHERE id = ?`, first.ID)
	req.Rows = rows(2, "new")
	got, err := EnqueueOnce(ctx, st, req)
	if err != nil || !got.Joined || got.ID != first.ID {
		t.Fatalf("%+v %v, want joined %d", got, err, first.ID)
	}
}
