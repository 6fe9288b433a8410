package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/store"
)

// Event reports a submission's progress; the sender emits one per state change
// and per poll (about once a second while an import runs), so a progress bar
// can follow it without being flooded.
type Event struct {
	SubmissionID int64
	Chunk        int    // 1-based number of the chunk being worked on
	Chunks       int    // how many chunks the submission has
	State        string // that chunk's state
	Rows         int
	Processed    int
	Created      int
	Failed       int
	Offline      bool          // the platform does not answer: waiting to try again
	Wait         time.Duration // how long until the next try, when waiting
	ETA          time.Duration // estimated time left, 0 when unknown
	Message      string        // a sentence for the user
	Done         bool          // every chunk is final
}

// Options tune a Sender; the zero value is what the app uses.
type Options struct {
	OnEvent func(Event)
	// PollFloor and PollCap bound the wait between polls of an import
	// (defaults 250 ms and 30 s); the platform's Retry-After is used between them.
	PollFloor, PollCap time.Duration
	// OfflineWait is the first wait when the platform does not answer (default
	// 2 s); it doubles, with jitter, up to OfflineCap (default 2 min).
	OfflineWait, OfflineCap time.Duration
	// KeyLifetime is how long the platform keeps an Idempotency-Key (24 h).
	KeyLifetime time.Duration
	Now         func() time.Time
}

// Sender drives stored submissions to their end.
type Sender struct {
	st   *store.Store
	p    Platform
	opts Options
}

// ErrSignIn means the platform no longer accepts the session: the submission
// waits in the outbox until the user signs in again.
var ErrSignIn = errors.New("the platform asks to sign in again; the submission waits in the outbox")

// NewSender returns a sender for one platform session.
func NewSender(st *store.Store, p Platform, opts Options) *Sender {
	if opts.PollFloor <= 0 {
		opts.PollFloor = 250 * time.Millisecond
	}
	if opts.PollCap <= 0 {
		opts.PollCap = 30 * time.Second
	}
	if opts.OfflineWait <= 0 {
		opts.OfflineWait = 2 * time.Second
	}
	if opts.OfflineCap <= 0 {
		opts.OfflineCap = 2 * time.Minute
	}
	if opts.KeyLifetime <= 0 {
		opts.KeyLifetime = 24 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Sender{st: st, p: p, opts: opts}
}

// run is one Run call's state.
type run struct {
	*Sender
	sub     Submission
	started time.Time
	backoff time.Duration
}

// Run sends and polls a submission until every chunk is final, and returns it.
// It stops early, with the work kept in the outbox, when ctx ends or the
// platform asks to sign in again (ErrSignIn).
func (s *Sender) Run(ctx context.Context, id int64) (Submission, error) {
	sub, err := Load(ctx, s.st, id)
	if err != nil {
		return Submission{}, err
	}
	r := &run{Sender: s, sub: sub, started: s.opts.Now()}
	for i := range r.sub.Chunks {
		for !r.sub.Chunks[i].Final() {
			if err := r.step(ctx, i); err != nil {
				return r.sub, err
			}
		}
	}
	if r.sub.FinishedAt.IsZero() {
		now := s.opts.Now()
		if _, err := s.st.DB().ExecContext(ctx, `UPDATE submissions SET finished_at = ? WHERE id = ? AND finished_at IS NULL`, store.Time(now), id); err != nil {
			return r.sub, fmt.Errorf("outbox: %w", err)
		}
		r.sub.FinishedAt = now
	}
	r.emit(len(r.sub.Chunks)-1, "", func(e *Event) { e.Done = true })
	return r.sub, nil
}

func (r *run) step(ctx context.Context, i int) error {
	// Another window or process may be driving the same submission (it joined
	// this one, or this one joined it): take up what it stored, so that a chunk
	// it got accepted is polled here rather than sent again.
	var stored string
	if err := r.st.DB().QueryRowContext(ctx, `SELECT state FROM chunks WHERE id = ?`, r.sub.Chunks[i].ID).Scan(&stored); err != nil {
		return fmt.Errorf("outbox: reading chunk %d: %w", r.sub.Chunks[i].Seq+1, err)
	}
	if later(stored, r.sub.Chunks[i].State) {
		sub, err := Load(ctx, r.st, r.sub.ID)
		if err != nil {
			return err
		}
		r.sub.Chunks[i] = sub.Chunks[i]
	}
	c := r.sub.Chunks[i]
	if c.Final() {
		return nil
	}
	switch c.State {
	case ChunkQueued, ChunkSent:
		return r.send(ctx, i)
	case ChunkAccepted:
		return r.poll(ctx, i)
	}
	return fmt.Errorf("outbox: chunk %d is in an unknown state %q", c.ID, c.State)
}

func (r *run) emit(i int, msg string, adjust ...func(*Event)) {
	if r.opts.OnEvent == nil {
		return
	}
	rows, processed, created, failed := r.sub.Totals()
	e := Event{
		SubmissionID: r.sub.ID, Chunk: i + 1, Chunks: len(r.sub.Chunks), State: r.sub.Chunks[i].State,
		Rows: rows, Processed: processed, Created: created, Failed: failed, Message: msg,
	}
	if elapsed := r.opts.Now().Sub(r.started); processed > 0 && processed < rows {
		e.ETA = time.Duration(float64(elapsed) / float64(processed) * float64(rows-processed)).Round(time.Second)
	}
	for _, f := range adjust {
		f(&e)
	}
	r.opts.OnEvent(e)
}

// send posts a chunk's stored bytes under its key.
func (r *run) send(ctx context.Context, i int) error {
	c := &r.sub.Chunks[i]
	now := r.opts.Now()
	if c.State == ChunkSent && !c.FirstSentAt.IsZero() && now.Sub(c.FirstSentAt) >= r.opts.KeyLifetime {
		return r.expiredKey(ctx, i)
	}
	if err := r.setChunk(ctx, r.st.DB(), i, fromUnsent, `state = ?, first_sent_at = COALESCE(first_sent_at, ?), attempts = attempts + 1`,
		ChunkSent, store.Time(now)); err != nil {
		return r.takeUp(ctx, i, err)
	}
	c.State, c.Attempts = ChunkSent, c.Attempts+1
	if c.FirstSentAt.IsZero() {
		c.FirstSentAt = now
	}
	r.emit(i, fmt.Sprintf("Sending part %d of %d (%d clients)…", c.Seq+1, len(r.sub.Chunks), c.Rows))
	var body []byte
	if err := r.st.DB().QueryRowContext(ctx, `SELECT request FROM chunks WHERE id = ?`, c.ID).Scan(&body); err != nil {
		return fmt.Errorf("outbox: reading the stored request: %w", err)
	}
	res, err := r.p.SubmitImport(ctx, r.sub.GroupID, c.IdempotencyKey, body)
	if err == nil {
		r.backoff = 0
		return r.accept(ctx, i, res)
	}
	return r.sendFailed(ctx, i, err)
}

func (r *run) accept(ctx context.Context, i int, res platform.SubmitResult) error {
	c := &r.sub.Chunks[i]
	// Another run may have had this answer (or its replay) first and taken
	// the chunk further: then this one is stale and is dropped.
	if err := r.setChunk(ctx, r.st.DB(), i, fromUnsent, `state = ?, import_id = ?, location = ?, import_status = ?`,
		ChunkAccepted, res.Import.ID, res.Location, res.Import.Status); err != nil {
		return r.takeUp(ctx, i, err)
	}
	c.State, c.ImportID, c.ImportStatus = ChunkAccepted, res.Import.ID, res.Import.Status
	r.emit(i, fmt.Sprintf("The platform accepted part %d of %d; it is creating the clients…", c.Seq+1, len(r.sub.Chunks)))
	return r.record(ctx, i, res.Import)
}

// sendFailed decides what a failed send means: wait and resend under the same
// key, or stop the chunk with the platform's words.
func (r *run) sendFailed(ctx context.Context, i int, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var pe *platform.Error
	errors.As(err, &pe)
	switch code := platform.ErrorCode(err); {
	case errors.Is(err, platform.ErrNotSignedIn) || code == platform.CodeInvalidToken:
		return ErrSignIn
	case code == platform.CodeRequestInProgress:
		// The platform's Retry-After, within the poll bounds: a day-long one
		// must not stall the submission for a day.
		wait := min(max(pe.RetryAfter, time.Second), r.opts.PollCap)
		r.emit(i, "The platform is still working on this part; asking again shortly.", func(e *Event) { e.Wait = wait })
		return sleep(ctx, wait)
	case code == platform.CodeIdempotencyKeyReused:
		return r.fail(ctx, i, code, fmt.Sprintf(
			"Please report this: the platform says the key %s of part %d was already used for a different request (%s). Nothing was sent again under a new key, so no client was created twice; the rows of this part were not sent.",
			r.sub.Chunks[i].IdempotencyKey, r.sub.Chunks[i].Seq+1, pe.Message), nil)
	case transient(err):
		return r.waitOffline(ctx, i, err)
	case pe != nil:
		return r.fail(ctx, i, pe.Code, refusal(pe, r.sub.GroupName), pe.Rows)
	}
	return r.waitOffline(ctx, i, err)
}

// transient tells whether a failed call may well succeed if made again: no
// answer, the platform failing on its side or too busy, or an access token
// that expired again before the retried call was served (the client refreshes
// once per call; the next attempt refreshes again).
func transient(err error) bool {
	var pe *platform.Error
	if !errors.As(err, &pe) {
		return true
	}
	return pe.Status >= 500 || pe.Status == 429 || pe.Code == platform.CodeTokenExpired
}

// refusal says why the platform refused a whole chunk, in its own words and
// with what to do.
func refusal(pe *platform.Error, group string) string {
	switch pe.Code {
	case platform.CodeCompletionAlertsMissing:
		return pe.Message + " Add a completion alert e-mail to " + group + " on the platform, then send the retry file."
	case platform.CodeTooManyClients:
		return pe.Message + " The group's limit changed since the file was checked: send the retry file, which is split again."
	case platform.CodeValidationFailed:
		return "The platform refused this part: " + pe.Message + " Fix the rows named, then send the retry file."
	}
	return fmt.Sprintf("The platform refused this part (%d %s): %s", pe.Status, pe.Code, pe.Message)
}

func (r *run) waitOffline(ctx context.Context, i int, _ error) error {
	if r.backoff == 0 {
		r.backoff = r.opts.OfflineWait
	} else {
		r.backoff = min(2*r.backoff, r.opts.OfflineCap)
	}
	wait := r.backoff/2 + rand.N(r.backoff/2+1)
	r.emit(i, "Queued — will send when the platform is reachable.", func(e *Event) {
		e.Offline, e.Wait = true, wait
	})
	return sleep(ctx, wait)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fail ends a chunk whose rows the platform refused as a whole: they are not
// sent, each with the reason (a row named by validation_failed gets its own).
func (r *run) fail(ctx context.Context, i int, code, msg string, rowErrs []platform.FieldError) error {
	return r.failWith(ctx, i, code, msg, rowErrs, nil)
}

// failWith is fail with rowsFirst run in the same transaction, so that its
// row changes stand only if the chunk is failed (another run may have
// finished it meanwhile).
func (r *run) failWith(ctx context.Context, i int, code, msg string, rowErrs []platform.FieldError, rowsFirst func(*sql.Tx) error) error {
	c := &r.sub.Chunks[i]
	err := r.st.Tx(ctx, func(tx *sql.Tx) error {
		if err := r.setChunk(ctx, tx, i, fromNotFinal, `state = ?, error_code = ?, error_message = ?`, ChunkFailed, code, msg); err != nil {
			return err
		}
		if rowsFirst != nil {
			if err := rowsFirst(tx); err != nil {
				return err
			}
		}
		for _, re := range rowErrs {
			if _, err := tx.ExecContext(ctx, `UPDATE submission_rows SET status = ?, error_code = ?, error_message = ?
				WHERE submission_id = ? AND row = ? AND chunk_seq = ? AND status = ?`,
				RowNotSent, re.Code, re.Message+" ("+re.Field+")", r.sub.ID, re.Row, c.Seq, RowPending); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE submission_rows SET status = ?, error_code = ?, error_message = ?
			WHERE submission_id = ? AND chunk_seq = ? AND status = ?`, RowNotSent, code, msg, r.sub.ID, c.Seq, RowPending)
		return err
	})
	if errors.Is(err, errMoved) {
		return r.takeUp(ctx, i, err)
	}
	if err != nil {
		return fmt.Errorf("outbox: recording the refusal: %w", err)
	}
	c.State, c.ErrorCode, c.ErrorMessage = ChunkFailed, code, msg
	r.emit(i, msg)
	return nil
}

// expiredKey handles a chunk whose answer was lost longer ago than the
// platform keeps keys: resending could create its clients twice, so the
// platform is asked first whether they exist.
func (r *run) expiredKey(ctx context.Context, i int) error {
	c := &r.sub.Chunks[i]
	var body []byte
	if err := r.st.DB().QueryRowContext(ctx, `SELECT request FROM chunks WHERE id = ?`, c.ID).Scan(&body); err != nil {
		return fmt.Errorf("outbox: reading the stored request: %w", err)
	}
	var req platform.ImportRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fmt.Errorf("outbox: reading the stored request: %w", err)
	}
	q := platform.LookupRequest{}
	for _, cl := range req.Clients {
		q.Emails = append(q.Emails, strings.ToLower(cl.Email))
	}
	found, err := r.p.Lookup(ctx, q)
	if err != nil {
		if errors.Is(err, platform.ErrNotSignedIn) || platform.ErrorCode(err) == platform.CodeInvalidToken {
			return ErrSignIn
		}
		return r.waitOffline(ctx, i, err)
	}
	if len(found.ExistingEmails) == 0 { // nothing arrived: sending again is safe
		if err := r.setChunk(ctx, r.st.DB(), i, fromSent, `first_sent_at = NULL`); err != nil {
			return r.takeUp(ctx, i, err)
		}
		c.FirstSentAt = time.Time{}
		return nil
	}
	exists := map[string]bool{}
	for _, e := range found.ExistingEmails {
		exists[strings.ToLower(e)] = true
	}
	msg := fmt.Sprintf("Part %d was sent more than %s ago and its answer was lost; %d of its %d clients now exist on the platform. To avoid creating anyone twice it was not sent again: check those clients on the platform, then send the retry file for the rest.",
		c.Seq+1, r.opts.KeyLifetime, len(found.ExistingEmails), len(req.Clients))
	// Only rows still pending: another run may have recorded this chunk's
	// answer while the platform was asked.
	return r.failWith(ctx, i, "outcome_unknown", msg, nil, func(tx *sql.Tx) error {
		for _, cl := range req.Clients {
			if exists[strings.ToLower(cl.Email)] {
				if _, err := tx.ExecContext(ctx, `UPDATE submission_rows SET status = ?, error_code = ?, error_message = ?
					WHERE submission_id = ? AND row = ? AND status = ?`, RowFailed, "outcome_unknown",
					"This client now exists on the platform, most likely created by this submission, whose answer was lost. Check it on the platform.",
					r.sub.ID, cl.Row, RowPending); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// poll reads an accepted import's progress and stores it.
func (r *run) poll(ctx context.Context, i int) error {
	c := &r.sub.Chunks[i]
	imp, wait, err := r.p.Import(ctx, c.ImportID)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var pe *platform.Error
		switch {
		case errors.Is(err, platform.ErrNotSignedIn) || platform.ErrorCode(err) == platform.CodeInvalidToken:
			return ErrSignIn
		case platform.ErrorCode(err) == platform.CodeNotFound:
			return r.fail(ctx, i, platform.CodeNotFound, fmt.Sprintf(
				"The platform no longer knows import %s of part %d; its outcome cannot be read. Check the clients on the platform before sending the retry file.", c.ImportID, c.Seq+1), nil)
		case errors.As(err, &pe) && !transient(err):
			return r.fail(ctx, i, pe.Code, refusal(pe, r.sub.GroupName), nil)
		}
		return r.waitOffline(ctx, i, err)
	}
	r.backoff = 0
	if err := r.record(ctx, i, imp); err != nil {
		return err
	}
	if c.Final() {
		return nil
	}
	return sleep(ctx, min(max(wait, r.opts.PollFloor), r.opts.PollCap))
}
