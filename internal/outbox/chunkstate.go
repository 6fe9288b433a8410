package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/dnaplatform/massuploader/internal/store"
)

// Two runs may drive one submission (a window and the command line, or two
// windows that joined it), and an answer may arrive after the other run has
// moved the chunk on: every change of a chunk's state is therefore a
// compare-and-set on the state it was read in, so a chunk never moves back
// (a replayed 202 must not turn a finished chunk into an accepted one with
// nothing processed).

// errMoved means another run moved the chunk on since this one read it: this
// run's change is dropped and it takes up the stored chunk instead.
var errMoved = errors.New("outbox: the chunk moved on in another run")

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// setChunk changes chunk i only while its stored state is one of from, and
// returns errMoved when it is not.
func (r *run) setChunk(ctx context.Context, q execer, i int, from []string, set string, args ...any) error {
	c := &r.sub.Chunks[i]
	args = append(args, store.Time(r.opts.Now()), c.ID)
	for _, f := range from {
		args = append(args, f)
	}
	res, err := q.ExecContext(ctx, `UPDATE chunks SET `+set+`, updated_at = ? WHERE id = ? AND state IN (?`+
		strings.Repeat(", ?", len(from)-1)+`)`, args...)
	if err != nil {
		return fmt.Errorf("outbox: updating chunk %d: %w", c.Seq+1, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("outbox: updating chunk %d: %w", c.Seq+1, err)
	}
	if n == 0 {
		return errMoved
	}
	return nil
}

// takeUp ends a step whose change another run overtook (errMoved): the chunk
// is reloaded as stored, and Run's loop goes on from there. Other errors pass.
func (r *run) takeUp(ctx context.Context, i int, err error) error {
	if !errors.Is(err, errMoved) {
		return err
	}
	sub, lerr := Load(ctx, r.st, r.sub.ID)
	if lerr != nil {
		return lerr
	}
	r.sub.Chunks[i] = sub.Chunks[i]
	return nil
}

// later tells whether chunk state a is further along than b.
func later(a, b string) bool {
	rank := map[string]int{ChunkQueued: 0, ChunkSent: 1, ChunkAccepted: 2, ChunkFinished: 3, ChunkFailed: 3}
	return rank[a] > rank[b]
}

// Where each change may start from.
var (
	fromUnsent   = []string{ChunkQueued, ChunkSent}
	fromSent     = []string{ChunkSent}
	fromAccepted = []string{ChunkAccepted}
	fromNotFinal = []string{ChunkQueued, ChunkSent, ChunkAccepted}
)
