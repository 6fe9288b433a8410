package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/internal/template"
)

// Platform is what the outbox needs of the platform client.
type Platform interface {
	SubmitImport(ctx context.Context, groupID int64, idempotencyKey string, body []byte) (platform.SubmitResult, error)
	Import(ctx context.Context, id string) (platform.Import, time.Duration, error)
	Lookup(ctx context.Context, q platform.LookupRequest) (platform.LookupResult, error)
}

// Row is one validated row to send, with the values the user's file had.
type Row struct {
	Client   platform.ImportClient
	Original []string // the file's values for the template's columns A…I
}

// Request is a validated file, ready to go.
type Request struct {
	ProfileID       int64
	Group           platform.Group
	FilePath        string
	FileSHA256      string
	TemplateVersion string
	Rows            []Row
	RetryOf         int64 // the submission whose failed rows these are, or 0
	// JoinFinished also joins a finished submission of the same file (the
	// command line: nothing is sent twice); otherwise only an unfinished one is.
	JoinFinished bool
}

// Enqueued says what Enqueue did.
type Enqueued struct {
	ID int64
	// Joined means the file (by content) was already in the outbox for this
	// group and account, put there by another window or process, perhaps at the
	// same moment: nothing new was stored and ID is that submission.
	Joined bool
}

// Enqueue stores a submission, see EnqueueOnce, and returns its ID.
func Enqueue(ctx context.Context, st *store.Store, r Request) (int64, error) {
	e, err := EnqueueOnce(ctx, st, r)
	return e.ID, err
}

// EnqueueOnce stores a submission in one transaction, before anything is sent:
// the rows, the split into chunks of at most the group's limit, and for each
// chunk the exact request bytes and a fresh Idempotency-Key. Unless the same
// file is already there: the look-up and the insert share one write
// transaction (taken up front, _txlock=immediate), so two windows or processes
// submitting one file at the same moment get one submission, and the second
// joins it (Enqueued.Joined) instead of sending the rows again under new keys.
// Only with the same rows: an unfinished submission of the file with other
// rows refuses the request with an *OtherRowsError (see findJoin).
func EnqueueOnce(ctx context.Context, st *store.Store, r Request) (Enqueued, error) {
	if len(r.Rows) == 0 {
		return Enqueued{}, errors.New("outbox: nothing to send")
	}
	limit := r.Group.MaxClientsPerImport
	if limit <= 0 {
		limit = len(r.Rows)
	}
	headers, _ := json.Marshal(headerNames())
	now := store.Time(time.Now())
	digest, err := rowsDigest(r.Rows)
	if err != nil {
		return Enqueued{}, err
	}
	var id int64
	joined := false
	err = st.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, joined, err = findJoin(ctx, tx, r, digest)
		if err != nil || joined {
			return err
		}
		var retryOf any
		if r.RetryOf != 0 {
			retryOf = r.RetryOf
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO submissions
			(profile_id, group_id, group_name, file_path, file_name, file_sha256, rows_sha256, template_version, headers, retry_of, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.ProfileID, r.Group.ID, r.Group.Name, r.FilePath, baseName(r.FilePath), r.FileSHA256, digest,
			r.TemplateVersion, string(headers), retryOf, now).Scan(&id)
		if err != nil {
			return err
		}
		for seq, start := 0, 0; start < len(r.Rows); seq, start = seq+1, start+limit {
			part := r.Rows[start:min(start+limit, len(r.Rows))]
			clients := make([]platform.ImportClient, len(part))
			for i, row := range part {
				clients[i] = row.Client
				original, _ := json.Marshal(row.Original)
				if _, err := tx.ExecContext(ctx, `INSERT INTO submission_rows (submission_id, row, chunk_seq, original, status)
					VALUES (?, ?, ?, ?, ?)`, id, row.Client.Row, seq, string(original), RowPending); err != nil {
					return fmt.Errorf("row %d: %w", row.Client.Row, err)
				}
			}
			body, err := platform.EncodeImport(platform.ImportRequest{
				TemplateVersion: template.Version, FileName: baseName(r.FilePath), Clients: clients,
			})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO chunks
				(submission_id, seq, state, idempotency_key, request, rows, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				id, seq, ChunkQueued, uuid.NewString(), body, len(part), now); err != nil {
				return err
			}
		}
		return nil
	})
	var other *OtherRowsError
	if errors.As(err, &other) {
		return Enqueued{}, other // a sentence for the user as it is
	}
	if err != nil {
		return Enqueued{}, fmt.Errorf("outbox: storing the submission: %w", err)
	}
	return Enqueued{ID: id, Joined: joined}, nil
}

func headerNames() []string {
	out := make([]string, len(template.Columns))
	for i, c := range template.Columns {
		out[i] = c.Header
	}
	return out
}

func baseName(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' || path[i] == '\\' {
			return path[i+1:]
		}
	}
	return path
}

// Submission is a stored submission and how far it got.
type Submission struct {
	ID              int64
	ProfileID       int64
	GroupID         int64
	GroupName       string
	FilePath        string
	FileName        string
	FileSHA256      string
	TemplateVersion string
	RetryOf         int64
	CreatedAt       time.Time
	FinishedAt      time.Time // zero while unfinished
	Chunks          []Chunk
}

// Chunk is one import request of a submission.
type Chunk struct {
	ID             int64
	Seq            int
	State          string
	IdempotencyKey string
	Rows           int
	FirstSentAt    time.Time
	Attempts       int
	ImportID       string
	ImportStatus   string
	Processed      int
	Created        int
	Failed         int
	ErrorCode      string
	ErrorMessage   string
}

// Final tells whether the chunk will change no more.
func (c Chunk) Final() bool { return c.State == ChunkFinished || c.State == ChunkFailed }

// Totals adds up a submission's chunks.
func (s Submission) Totals() (rows, processed, created, failed int) {
	for _, c := range s.Chunks {
		rows += c.Rows
		created += c.Created
		switch c.State {
		case ChunkFailed:
			processed += c.Rows
			failed += c.Rows - c.Created
		default:
			processed += c.Processed
			failed += c.Failed
		}
	}
	return
}

// Finished tells whether every chunk is final.
func (s Submission) Finished() bool { return !s.FinishedAt.IsZero() }

// Load reads a submission and its chunks.
func Load(ctx context.Context, st *store.Store, id int64) (Submission, error) {
	var s Submission
	var created string
	var finished, retryOf sql.NullString
	err := st.DB().QueryRowContext(ctx, `SELECT id, profile_id, group_id, group_name, file_path, file_name, file_sha256,
		template_version, retry_of, created_at, finished_at FROM submissions WHERE id = ?`, id).Scan(
		&s.ID, &s.ProfileID, &s.GroupID, &s.GroupName, &s.FilePath, &s.FileName, &s.FileSHA256,
		&s.TemplateVersion, &retryOf, &created, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return Submission{}, store.ErrNotFound
	}
	if err != nil {
		return Submission{}, fmt.Errorf("outbox: reading submission %d: %w", id, err)
	}
	s.CreatedAt = store.ParseTime(created)
	if finished.Valid {
		s.FinishedAt = store.ParseTime(finished.String)
	}
	if retryOf.Valid {
		fmt.Sscan(retryOf.String, &s.RetryOf)
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT id, seq, state, idempotency_key, rows, first_sent_at, attempts,
		import_id, import_status, processed, created, failed, error_code, error_message
		FROM chunks WHERE submission_id = ? ORDER BY seq`, id)
	if err != nil {
		return Submission{}, fmt.Errorf("outbox: reading chunks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Chunk
		var first sql.NullString
		if err := rows.Scan(&c.ID, &c.Seq, &c.State, &c.IdempotencyKey, &c.Rows, &first, &c.Attempts,
			&c.ImportID, &c.ImportStatus, &c.Processed, &c.Created, &c.Failed, &c.ErrorCode, &c.ErrorMessage); err != nil {
			return Submission{}, fmt.Errorf("outbox: reading chunks: %w", err)
		}
		if first.Valid {
			c.FirstSentAt = store.ParseTime(first.String)
		}
		s.Chunks = append(s.Chunks, c)
	}
	return s, rows.Err()
}

// List returns a profile's submissions, newest first (0 = every profile).
func List(ctx context.Context, st *store.Store, profileID int64, limit int) ([]Submission, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT id FROM submissions WHERE ? = 0 OR profile_id = ?
		ORDER BY id DESC LIMIT ?`, profileID, profileID, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: listing submissions: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]Submission, 0, len(ids))
	for _, id := range ids {
		s, err := Load(ctx, st, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Unfinished lists the IDs of a profile's submissions that still have work.
func Unfinished(ctx context.Context, st *store.Store, profileID int64) ([]int64, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT id FROM submissions WHERE profile_id = ? AND finished_at IS NULL ORDER BY id`, profileID)
	if err != nil {
		return nil, fmt.Errorf("outbox: listing unfinished submissions: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// FindByFile returns the latest submission of a file (by content) to a group.
func FindByFile(ctx context.Context, st *store.Store, profileID, groupID int64, sha string) (int64, error) {
	var id int64
	err := st.DB().QueryRowContext(ctx, `SELECT id FROM submissions WHERE profile_id = ? AND group_id = ? AND file_sha256 = ?
		ORDER BY id DESC LIMIT 1`, profileID, groupID, sha).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, store.ErrNotFound
	}
	return id, err
}

// RowResult is the outcome of one row.
type RowResult struct {
	Row          int
	Status       string
	ClientID     string
	ErrorCode    string
	ErrorMessage string
	Original     []string
}

// Results returns every row of a submission, in row order.
func Results(ctx context.Context, st *store.Store, id int64) ([]RowResult, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT row, status, client_id, error_code, error_message, original
		FROM submission_rows WHERE submission_id = ? ORDER BY row`, id)
	if err != nil {
		return nil, fmt.Errorf("outbox: reading results: %w", err)
	}
	defer rows.Close()
	var out []RowResult
	for rows.Next() {
		var r RowResult
		var original string
		if err := rows.Scan(&r.Row, &r.Status, &r.ClientID, &r.ErrorCode, &r.ErrorMessage, &original); err != nil {
			return nil, fmt.Errorf("outbox: reading results: %w", err)
		}
		_ = json.Unmarshal([]byte(original), &r.Original)
		out = append(out, r)
	}
	return out, rows.Err()
}
