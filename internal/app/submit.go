package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/dnaplatform/massuploader/internal/export"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/store"
)

var errSignIn = outbox.ErrSignIn

// Enqueued says what EnqueueOnce did: the submission, and whether it was
// already there (put by another window or process) and joined.
type Enqueued = outbox.Enqueued

// Enqueue puts a checked file without errors in the outbox; an unfinished
// submission of the same file is joined, not stored twice.
func (a *App) Enqueue(ctx context.Context, c *Checked) (int64, error) {
	e, err := a.enqueue(ctx, c, false)
	return e.ID, err
}

// EnqueueOnce is Enqueue for the command line, where nothing is sent twice:
// a finished submission of the same file is joined too.
func (a *App) EnqueueOnce(ctx context.Context, c *Checked) (Enqueued, error) {
	return a.enqueue(ctx, c, true)
}

func (a *App) enqueue(ctx context.Context, c *Checked, joinFinished bool) (Enqueued, error) {
	sess, st, err := a.session()
	if err != nil {
		return Enqueued{}, err
	}
	if c.Engine == nil || c.Counts.Errors > 0 {
		return Enqueued{}, errors.New("the file still has errors: fix them before submitting")
	}
	var rows []outbox.Row
	_, values, kept := c.originals()
	for k, i := range kept {
		rows = append(rows, outbox.Row{Client: c.Engine.ImportClient(i), Original: values[k]})
	}
	return outbox.EnqueueOnce(ctx, st, outbox.Request{ProfileID: sess.Profile.ID, Group: c.Group, FilePath: c.Path,
		FileSHA256: c.SHA256, TemplateVersion: c.Engine.Header().Version, Rows: rows, RetryOf: c.RetryOf,
		JoinFinished: joinFinished})
}

// Submitted finds the submission of a file's content to a group, if it was
// submitted (or started) before; ok=false when it was not.
func (a *App) Submitted(ctx context.Context, groupID int64, sha string) (sub Submission, ok bool, err error) {
	sess, st, err := a.session()
	if err != nil {
		return sub, false, err
	}
	id, err := outbox.FindByFile(ctx, st, sess.Profile.ID, groupID, sha)
	if errors.Is(err, store.ErrNotFound) {
		return sub, false, nil
	}
	if err != nil {
		return sub, false, err
	}
	sub, err = outbox.Load(ctx, st, id)
	return sub, err == nil, err
}

// Send drives a submission to its end, reporting events; it returns at the end
// or when ctx ends (the work stays in the outbox). A submission already being
// sent by this app is not sent twice at once.
func (a *App) Send(ctx context.Context, id int64, onEvent func(Event)) (Submission, error) {
	sess, st, err := a.session()
	if err != nil {
		return Submission{}, err
	}
	a.mu.Lock()
	if a.running[id] {
		a.mu.Unlock()
		return Submission{}, fmt.Errorf("submission %d is already being sent", id)
	}
	a.running[id] = true
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.running, id)
		a.mu.Unlock()
	}()
	opts := a.SenderOptions
	opts.OnEvent = onEvent
	return outbox.NewSender(st, sess.Client, opts).Run(ctx, id)
}

// Unfinished lists the submissions waiting in the outbox.
func (a *App) Unfinished(ctx context.Context) ([]int64, error) {
	sess, st, err := a.session()
	if err != nil {
		return nil, err
	}
	return outbox.Unfinished(ctx, st, sess.Profile.ID)
}

// History lists up to limit past and pending submissions, newest first.
func (a *App) History(ctx context.Context, limit int) ([]Submission, error) {
	sess, st, err := a.session()
	if err != nil {
		return nil, err
	}
	return outbox.List(ctx, st, sess.Profile.ID, limit)
}

// Results returns a submission's rows.
func (a *App) Results(ctx context.Context, id int64) ([]RowResult, error) {
	_, st := a.state()
	return outbox.Results(ctx, st, id)
}

// PlatformImports lists the platform's latest imports (groupID 0: of every group).
func (a *App) PlatformImports(ctx context.Context, groupID int64, limit int) ([]platform.Import, error) {
	sess, _, err := a.session()
	if err != nil {
		return nil, err
	}
	return sess.Client.Imports(ctx, groupID, limit)
}

// Outcome is what WriteOutcome wrote beside the source file.
type Outcome struct {
	Results string // the results workbook, "" when not written
	Retry   string // the retry file of the rows not created, "" when not written
	Failed  int    // rows not created
	// ResultsErr and RetryErr say why a file was not written; NoTemplate is
	// set when the retry file failed for want of the template.
	ResultsErr, RetryErr error
	NoTemplate           bool
}

// ResultsPath is where the results workbook of a source file goes.
func ResultsPath(source string) string { return export.ResultsPath(source) }

// WriteOutcome writes the results workbook and, when rows failed, the retry
// file beside source (the submitted file's path when "").
func (a *App) WriteOutcome(ctx context.Context, sub Submission, source string) Outcome {
	var o Outcome
	if source == "" {
		source = sub.FilePath
	}
	rows, err := a.Results(ctx, sub.ID)
	if err != nil {
		o.ResultsErr = err
		return o
	}
	if err := export.WriteResults(export.ResultsPath(source), sub, rows); err != nil {
		o.ResultsErr = err
	} else {
		o.Results = export.ResultsPath(source)
	}
	for _, r := range rows {
		if r.Status != outbox.RowCreated {
			o.Failed++
		}
	}
	if o.Failed == 0 {
		return o
	}
	tpl, _, err := a.Template(ctx)
	if err != nil {
		o.RetryErr, o.NoTemplate = err, true
		return o
	}
	if _, err := export.WriteRetry(export.RetryPath(source), tpl.Data, rows); err != nil {
		o.RetryErr = err
		return o
	}
	o.Retry = export.RetryPath(source)
	return o
}

// Err is the first thing that went wrong, or nil.
func (o Outcome) Err() error {
	switch {
	case o.ResultsErr != nil:
		return o.ResultsErr
	case o.NoTemplate:
		return Explain(o.RetryErr)
	}
	return o.RetryErr
}

// FixHint says how to fix a row the platform refused, by its error code.
func FixHint(code string) string { return export.Fix(code) }
