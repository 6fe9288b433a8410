package outbox

import (
	"context"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/store"
)

// TestReplayedAnswerAfterFinishKeepsTheChunkFinished drives one submission
// from two senders: B sends first and its answer is held back; A sends under
// the same key, gets the import finished and the submission closed; then B's
// answer (the platform's replay of the first 202: queued, nothing processed)
// arrives. It must not move the finished chunk back to accepted with zeroed
// counts; B is stopped (killed) if it goes on to poll.
func TestReplayedAnswerAfterFinishKeepsTheChunkFinished(t *testing.T) {
	st := openStore(t)
	rs := rows(2, "replay")
	id := enqueueRows(t, st, rs)
	inB, releaseB := make(chan struct{}), make(chan struct{})
	ctxB, killB := context.WithCancel(context.Background())
	defer killB()
	fb := &fakePlatform{t: t,
		submit: func(int, string) (platform.SubmitResult, error) {
			close(inB)
			<-releaseB
			return platform.SubmitResult{Import: platform.Import{ID: "imp-1", Status: platform.ImportQueued, Total: len(rs)}}, nil
		},
		imp: func(string) (platform.Import, time.Duration, error) {
			killB() // the window the chunk is not final: the process dies here
			return platform.Import{}, 0, context.Canceled
		},
	}
	fa := &fakePlatform{t: t, submit: func(int, string) (platform.SubmitResult, error) {
		return platform.SubmitResult{Import: completed(rs), Replayed: true}, nil
	}}
	done := make(chan error, 1)
	go func() {
		_, err := NewSender(st, fb, fast(nil)).Run(ctxB, id)
		done <- err
	}()
	<-inB
	if sub, err := NewSender(st, fa, fast(nil)).Run(context.Background(), id); err != nil || !sub.Finished() {
		t.Fatalf("A: %v, finished=%v", err, sub.Finished())
	}
	close(releaseB)
	errB := <-done
	sub, err := Load(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	c := sub.Chunks[0]
	if !sub.Finished() || c.State != ChunkFinished || c.Processed != len(rs) || c.Created != len(rs) {
		t.Fatalf("B (%v) left the chunk %s with %d processed, %d created (submission finished=%v), want finished with %d",
			errB, c.State, c.Processed, c.Created, sub.Finished(), len(rs))
	}
}

// TestExpiredKeyKeepsRowsAnotherRunRecorded: while one run asks the platform
// whether an expired-key chunk's clients exist, another run records them
// created. The first must not overwrite those rows with outcome_unknown, nor
// fail the chunk the other finished.
func TestExpiredKeyKeepsRowsAnotherRunRecorded(t *testing.T) {
	st := openStore(t)
	rs := rows(3, "expired")
	id := enqueueRows(t, st, rs)
	ctx := context.Background()
	if _, err := st.DB().Exec(`UPDATE chunks SET state = ?, first_sent_at = ?, attempts = 1 WHERE submission_id = ?`,
		ChunkSent, store.Time(time.Now().Add(-25*time.Hour)), id); err != nil {
		t.Fatal(err)
	}
	fp := &fakePlatform{t: t, lookup: func(q platform.LookupRequest) (platform.LookupResult, error) {
		// Meanwhile another run got the import's answer and recorded it.
		st.DB().Exec(`UPDATE submission_rows SET status = ?, client_id = 'c' WHERE submission_id = ?`, RowCreated, id)
		st.DB().Exec(`UPDATE chunks SET state = ?, processed = ?, created = ? WHERE submission_id = ?`, ChunkFinished, len(rs), len(rs), id)
		return platform.LookupResult{ExistingEmails: q.Emails}, nil
	}}
	sub, err := NewSender(st, fp, fast(nil)).Run(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c := sub.Chunks[0]; c.State != ChunkFinished || c.Created != len(rs) {
		t.Fatalf("chunk %s with %d created, want finished with %d", c.State, c.Created, len(rs))
	}
	res, err := Results(ctx, st, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != RowCreated {
			t.Errorf("row %d: %s %s, want created (recorded by the other run)", r.Row, r.Status, r.ErrorCode)
		}
	}
}
