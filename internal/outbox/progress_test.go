package outbox

import (
	"context"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/store"
)

// TestOlderProgressDoesNotLowerTheCounts: another run has recorded 2 of 3
// rows processed; this run's poll gets an older answer (1 processed). The
// stored counts must not go back while the import runs.
func TestOlderProgressDoesNotLowerTheCounts(t *testing.T) {
	st := openStore(t)
	rs := rows(3, "older")
	id := enqueueRows(t, st, rs)
	if _, err := st.DB().Exec(`UPDATE chunks SET state = ?, import_id = 'imp-1', first_sent_at = ?, processed = 2, created = 2
		WHERE submission_id = ?`, ChunkAccepted, store.Time(time.Now()), id); err != nil {
		t.Fatal(err)
	}
	polls := 0
	var seen []int
	fp := &fakePlatform{t: t, imp: func(string) (platform.Import, time.Duration, error) {
		polls++
		var processed int
		st.DB().QueryRow(`SELECT processed FROM chunks WHERE submission_id = ?`, id).Scan(&processed)
		seen = append(seen, processed)
		if polls == 1 {
			return platform.Import{ID: "imp-1", Status: platform.ImportProcessing, Total: 3, Processed: 1, Created: 1}, 0, nil
		}
		return completed(rs), 0, nil
	}}
	sub, err := NewSender(st, fp, fast(nil)).Run(context.Background(), id)
	if err != nil || !sub.Finished() {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[1] < 2 {
		t.Fatalf("stored processed count at each poll: %v, want it never below 2", seen)
	}
}
