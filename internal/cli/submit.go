package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/termtext"
)

// submitJSON is the --json answer of submit (SPEC §6).
type submitJSON struct {
	Imports []importJSON `json:"imports"`
	Rows    []rowJSON    `json:"rows"`
}

type importJSON struct {
	ID        string `json:"id"`
	GroupID   int64  `json:"group_id"`
	Part      int    `json:"part"`
	State     string `json:"state"`
	Status    string `json:"status"`
	Total     int    `json:"total"`
	Processed int    `json:"processed"`
	Created   int    `json:"created"`
	Failed    int    `json:"failed"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
}

type rowJSON struct {
	Row      int    `json:"row"`
	Status   string `json:"status"`
	ClientID string `json:"client_id,omitempty"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"message,omitempty"`
}

func runSubmit(ctx context.Context, env Env, args []string) int {
	a, code, ok := parseFileArgs("submit", "print the result as JSON (progress goes to standard error)", env, args)
	if !ok {
		return code
	}
	path := a.file
	progress := env.Out
	if a.asJSON {
		progress = env.Err
	}
	conn, group, code, ok := connectGroup(ctx, env, "submit", a)
	if !ok {
		return code
	}
	defer conn.Close()
	sha, err := app.Fingerprint(path)
	if err != nil {
		return failf(env, "submit: reading %s: %v", path, err)
	}

	sub, found, err := conn.Submitted(ctx, group.ID, sha)
	if err != nil {
		return failf(env, "submit: %v", err)
	}
	id := sub.ID
	switch {
	case found && sub.Finished():
		fmt.Fprintf(progress, "This file was already submitted to %s on %s; nothing is sent twice. Its results:\n",
			oneLine(group.Name), sub.CreatedAt.Local().Format("2006-01-02 15:04"))
	case found:
		fmt.Fprintf(progress, "Resuming the submission of %s to %s started %s…\n",
			oneLine(sub.FileName), oneLine(group.Name), sub.CreatedAt.Local().Format("2006-01-02 15:04"))
	default:
		c, err := conn.Check(ctx, path, group)
		if err != nil {
			return failf(env, "submit: reading the report catalog: %v", app.Describe(err))
		}
		if c.Engine == nil {
			printIssues(env.Out, answer(c, path))
			return ExitProblems
		}
		if c.Counts.Errors > 0 {
			// The clients the look-up found may be this very file's, sent by
			// another window or process that started at the same moment.
			if other, found, ferr := conn.Submitted(ctx, group.ID, sha); ferr == nil && found {
				id = other.ID
				fmt.Fprintf(progress, "This file is already being submitted to %s by another window or process; following that submission instead of sending it twice…\n", oneLine(group.Name))
				break
			}
			printIssues(env.Err, answer(c, path))
			fmt.Fprintf(env.Err, "\nNot submitted: fix the %s first (nothing was sent).\n", app.Plural(c.Counts.Errors, "error", "errors"))
			return ExitProblems
		}
		// Another window or process may have put the same file in the outbox
		// since the look-up above: then this run joins it and follows it to
		// its end (both send under the same keys; nothing is created twice).
		q, err := conn.EnqueueOnce(ctx, c)
		if err != nil {
			return failf(env, "submit: %v", err)
		}
		id = q.ID
		if q.Joined {
			fmt.Fprintf(progress, "This file is already being submitted to %s by another window or process; following that submission instead of sending it twice…\n", oneLine(group.Name))
		} else {
			fmt.Fprintf(progress, "%s clients for %s are in the outbox; sending…\n", fmt.Sprint(c.Rows()), oneLine(group.Name))
		}
	}

	printer := newProgress(progress)
	sub, err = conn.Send(ctx, id, printer.event)
	printer.end()
	switch {
	case app.IsSignInNeeded(err):
		return failf(env, "submit: %v (massuploader login, then submit again)", err)
	case ctx.Err() != nil:
		return failf(env, "submit: stopped; the submission waits in the outbox: run the same submit again to continue")
	case err != nil:
		return failf(env, "submit: %v", err)
	}
	results, err := conn.Results(ctx, id)
	if err != nil {
		return failf(env, "submit: %v", err)
	}
	created := 0
	for _, r := range results {
		if r.Status == app.RowCreated {
			created++
		}
	}
	written := outcomeLines(env, conn.WriteOutcome(ctx, sub, path))
	if a.asJSON {
		out := submitJSON{Imports: []importJSON{}, Rows: []rowJSON{}}
		for _, c := range sub.Chunks {
			out.Imports = append(out.Imports, importJSON{ID: c.ImportID, GroupID: sub.GroupID, Part: c.Seq + 1, State: c.State,
				Status: c.ImportStatus, Total: c.Rows, Processed: c.Processed, Created: c.Created, Failed: c.Failed,
				Code: c.ErrorCode, Message: c.ErrorMessage})
		}
		for _, r := range results {
			out.Rows = append(out.Rows, rowJSON{Row: r.Row, Status: r.Status, ClientID: r.ClientID, Code: r.ErrorCode, Message: r.ErrorMessage})
		}
		enc := json.NewEncoder(termtext.JSON(env.Out))
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		fmt.Fprintf(env.Out, "\n%d of %d clients created in %s; invitations are on their way.\n", created, len(results), oneLine(sub.GroupName))
		for _, r := range results {
			if r.Status != app.RowCreated {
				fmt.Fprintf(env.Out, "  row %d: %s — %s %s\n", r.Row, oneLine(strings.ReplaceAll(r.Status, "_", " ")), oneLine(r.ErrorMessage), oneLine(app.FixHint(r.ErrorCode)))
			}
		}
		for _, w := range written {
			fmt.Fprintln(env.Out, oneLine(w))
		}
	}
	if created != len(results) {
		return ExitProblems
	}
	return ExitOK
}

// outcomeLines says what the outcome files are, and (on standard error) why
// one could not be written.
func outcomeLines(env Env, o app.Outcome) []string {
	var said []string
	if o.ResultsErr != nil {
		fmt.Fprintf(env.Err, "massuploader: the results workbook could not be written: %s\n", oneLine(o.ResultsErr.Error()))
	} else {
		said = append(said, "Results: "+o.Results)
	}
	switch {
	case o.Failed == 0:
	case o.NoTemplate:
		fmt.Fprintf(env.Err, "massuploader: the retry file could not be written (no template): %s\n", oneLine(o.RetryErr.Error()))
	case o.RetryErr != nil:
		fmt.Fprintf(env.Err, "massuploader: the retry file could not be written: %s\n", oneLine(o.RetryErr.Error()))
	default:
		said = append(said, fmt.Sprintf("Retry file with the %s that were not created: %s", app.Plural(o.Failed, "row", "rows"), o.Retry))
	}
	return said
}

// progress prints the sender's events: a bar redrawn in place on a terminal,
// or a line per new message elsewhere.
type progress struct {
	w      io.Writer
	tty    bool
	last   string
	at     time.Time
	warned bool // the platform's impossible counts were pointed out
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, tty: ok && term.IsTerminal(int(f.Fd()))}
}

// barWidth is the progress bar's length in cells.
const barWidth = 30

func (p *progress) event(e app.Event) {
	if e.Processed < 0 || e.Processed > e.Rows || e.Created < 0 || e.Failed < 0 {
		if !p.warned {
			p.warned = true
			fmt.Fprintf(p.w, "\nThe platform reported %d of %d rows processed (%d created, %d failed), which cannot be: that is a fault of the platform; the progress shown is kept within 0 and %d, and each row's outcome is still read from the platform.\n",
				e.Processed, e.Rows, e.Created, e.Failed, e.Rows)
		}
		e.Processed = min(max(e.Processed, 0), max(e.Rows, 0))
		e.Created, e.Failed = max(e.Created, 0), max(e.Failed, 0)
	}
	if p.tty {
		if time.Since(p.at) < 100*time.Millisecond && !e.Done {
			return
		}
		p.at = time.Now()
		done := 0
		if e.Rows > 0 {
			done = barWidth * e.Processed / e.Rows
		}
		eta := ""
		if e.ETA > 0 {
			eta = " · about " + e.ETA.String() + " left"
		}
		fmt.Fprintf(p.w, "\r[%s%s] %d/%d · %d created · %d failed%s\033[K", strings.Repeat("█", done), strings.Repeat("░", barWidth-done),
			e.Processed, e.Rows, e.Created, e.Failed, eta)
		if e.Offline && e.Message != p.last {
			fmt.Fprintf(p.w, "\n%s\n", oneLine(e.Message))
		}
		p.last = e.Message
		return
	}
	if e.Message != "" && e.Message != p.last {
		fmt.Fprintln(p.w, oneLine(e.Message))
		p.last = e.Message
	}
}

func (p *progress) end() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
