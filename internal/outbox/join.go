package outbox

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// OtherRowsError refuses a submit of a file whose earlier submission is still
// unfinished with other rows (the desktop sends its edited rows, without the
// ones removed in the app): joining it would send the old rows, and sending
// both could create a client twice.
type OtherRowsError struct {
	ID int64 // the unfinished submission
}

func (e *OtherRowsError) Error() string {
	return fmt.Sprintf("an earlier submission of this file (#%d in History) is still waiting in the outbox with other rows; "+
		"it is sent whenever the app is signed in and the platform answers. Let it finish, then submit again "+
		"(a submission cannot be cancelled, because part of it may already be on the platform)", e.ID)
}

// rowsDigest names a set of rows by content: each row's client and values in
// order, so that an edited value, a removed row or a new order all differ.
func rowsDigest(rows []Row) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, r := range rows {
		if err := enc.Encode(r.Client); err != nil {
			return "", fmt.Errorf("outbox: row %d: %w", r.Client.Row, err)
		}
		if err := enc.Encode(r.Original); err != nil {
			return "", fmt.Errorf("outbox: row %d: %w", r.Client.Row, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// findJoin looks, inside EnqueueOnce's write transaction, for the submission
// a request joins: the same file (profile, group, content) with the same rows,
// unfinished, or finished too when r.JoinFinished. An unfinished one with
// other rows refuses the request (OtherRowsError). The command line
// (JoinFinished) also takes a finished one with other rows: it never sends a
// file twice, as FindByFile already decides for it. A submission stored
// before rows were digested (empty digest) is taken as the same rows, as it was then.
func findJoin(ctx context.Context, tx *sql.Tx, r Request, digest string) (id int64, joined bool, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, rows_sha256, finished_at IS NOT NULL FROM submissions
		WHERE profile_id = ? AND group_id = ? AND file_sha256 = ? AND (? OR finished_at IS NULL)
		ORDER BY id DESC`, r.ProfileID, r.Group.ID, r.FileSHA256, r.JoinFinished)
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	var other, finished int64
	for rows.Next() {
		var cand int64
		var sum string
		var done bool
		if err := rows.Scan(&cand, &sum, &done); err != nil {
			return 0, false, err
		}
		switch {
		case sum == digest || sum == "":
			return cand, true, nil
		case !done && other == 0:
			other = cand
		case done && finished == 0:
			finished = cand
		}
	}
	if err := rows.Err(); err != nil {
		return 0, false, err
	}
	switch {
	case other != 0:
		return 0, false, &OtherRowsError{ID: other}
	case finished != 0: // only listed when r.JoinFinished
		return finished, true, nil
	}
	return 0, false, nil
}
