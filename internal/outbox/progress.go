package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dnaplatform/massuploader/internal/platform"
)

// record stores an import's progress: the counts, and each row's outcome
// matched by its row number.
func (r *run) record(ctx context.Context, i int, imp platform.Import) error {
	c := &r.sub.Chunks[i]
	state := c.State
	if imp.Finished() {
		state = ChunkFinished
	}
	err := r.st.Tx(ctx, func(tx *sql.Tx) error {
		for _, row := range imp.Rows {
			var code, msg string
			if row.Error != nil {
				code, msg = row.Error.Code, row.Error.Message
			}
			switch row.Status {
			case platform.RowCreated, platform.RowFailed:
				if _, err := tx.ExecContext(ctx, `UPDATE submission_rows SET status = ?, client_id = ?, error_code = ?, error_message = ?
					WHERE submission_id = ? AND row = ? AND chunk_seq = ? AND status = ?`,
					row.Status, row.ClientID, code, msg, r.sub.ID, row.Row, c.Seq, RowPending); err != nil {
					return err
				}
			}
		}
		if state == ChunkFinished { // a row the platform never reported is not left pending
			if _, err := tx.ExecContext(ctx, `UPDATE submission_rows SET status = ?, error_code = ?, error_message = ?
				WHERE submission_id = ? AND chunk_seq = ? AND status = ?`, RowFailed, "not_processed",
				"The platform finished the import without processing this row. Send it again with the retry file.",
				r.sub.ID, c.Seq, RowPending); err != nil {
				return err
			}
		}
		if state == ChunkFinished {
			return r.setChunk(ctx, tx, i, fromAccepted, `state = ?, import_status = ?, processed = ?, created = ?, failed = ?`,
				state, imp.Status, imp.Processed, imp.Created, imp.Failed)
		}
		// While it runs, another run's poll may have stored a newer answer:
		// the counts only grow.
		return r.setChunk(ctx, tx, i, fromAccepted, `import_status = ?, processed = MAX(processed, ?), created = MAX(created, ?), failed = MAX(failed, ?)`,
			imp.Status, imp.Processed, imp.Created, imp.Failed)
	})
	if errors.Is(err, errMoved) { // another run finished or failed it: this answer is older
		return r.takeUp(ctx, i, err)
	}
	if err != nil {
		return fmt.Errorf("outbox: recording progress: %w", err)
	}
	c.State, c.ImportStatus = state, imp.Status
	if state == ChunkFinished {
		c.Processed, c.Created, c.Failed = imp.Processed, imp.Created, imp.Failed
	} else {
		c.Processed, c.Created, c.Failed = max(c.Processed, imp.Processed), max(c.Created, imp.Created), max(c.Failed, imp.Failed)
	}
	msg := fmt.Sprintf("Part %d of %d: %d of %d processed, %d created, %d failed.", c.Seq+1, len(r.sub.Chunks), imp.Processed, imp.Total, imp.Created, imp.Failed)
	r.emit(i, msg)
	return nil
}
