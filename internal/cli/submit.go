package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/dnaplatform/massuploader/internal/export"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/termtext"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
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
	conn, err := connect(ctx, env, a.target)
	if err != nil {
		return failf(env, "submit: %v", err)
	}
	defer conn.close()
	if conn.note != "" {
		fmt.Fprintln(env.Err, conn.note)
	}
	group, src, err := conn.catalog.Group(ctx, a.group)
	if err != nil {
		return failf(env, "submit: %v", describe(err))
	}
	fmt.Fprint(env.Err, sourceNote("groups", src))
	sha, err := workbook.SHA256(path)
	if err != nil {
		return failf(env, "submit: reading %s: %v", path, err)
	}

	id, err := outbox.FindByFile(ctx, conn.store, conn.profileID, group.ID, sha)
	switch {
	case err == nil:
		sub, lerr := outbox.Load(ctx, conn.store, id)
		if lerr != nil {
			return failf(env, "submit: %v", lerr)
		}
		if sub.Finished() {
			fmt.Fprintf(progress, "This file was already submitted to %s on %s; nothing is sent twice. Its results:\n",
				oneLine(group.Name), sub.CreatedAt.Local().Format("2006-01-02 15:04"))
		} else {
			fmt.Fprintf(progress, "Resuming the submission of %s to %s started %s…\n",
				oneLine(sub.FileName), oneLine(group.Name), sub.CreatedAt.Local().Format("2006-01-02 15:04"))
		}
	case errors.Is(err, store.ErrNotFound):
		reports, _, err := conn.catalog.Reports(ctx)
		if err != nil {
			return failf(env, "submit: reading the report catalog: %v", describe(err))
		}
		e, rerr := validate.ReadFile(path, validate.Context{Group: group, Reports: reports})
		if rerr != nil {
			res := validateJSON{File: path, Group: groupJSON{group.ID, group.Name}, Issues: []validate.Issue{validate.FileErrorIssue(rerr)}}
			res.Errors = 1
			printIssues(env.Out, res)
			return ExitProblems
		}
		if found, lerr := conn.lookup()(ctx, e.LookupRequest()); lerr == nil {
			e.SetExisting(validate.NewExisting(found))
		}
		issues := e.Issues()
		if n := validate.Count(issues); n.Errors > 0 {
			// The clients the look-up found may be this very file's, sent by
			// another window or process that started at the same moment.
			if other, ferr := outbox.FindByFile(ctx, conn.store, conn.profileID, group.ID, sha); ferr == nil {
				id = other
				fmt.Fprintf(progress, "This file is already being submitted to %s by another window or process; following that submission instead of sending it twice…\n", oneLine(group.Name))
				break
			}
			res := validateJSON{File: path, TemplateVersion: e.Header().Version, Group: groupJSON{group.ID, group.Name},
				Rows: e.Len(), Errors: n.Errors, Warnings: n.Warnings, Issues: issues}
			printIssues(env.Err, res)
			fmt.Fprintf(env.Err, "\nNot submitted: fix the %s first (nothing was sent).\n", plural(n.Errors, "error", "errors"))
			return ExitProblems
		}
		rows := make([]outbox.Row, e.Len())
		for i := range rows {
			r := e.Row(i)
			original := make([]string, template.NumFields)
			for f := range original {
				original[f] = r.Cells[f].Value
			}
			rows[i] = outbox.Row{Client: e.ImportClient(i), Original: original}
		}
		// Another window or process may have put the same file in the outbox
		// since the look-up above: then this run joins it and follows it to
		// its end (both send under the same keys; nothing is created twice).
		q, err := outbox.EnqueueOnce(ctx, conn.store, outbox.Request{
			ProfileID: conn.profileID, Group: group, FilePath: path, FileSHA256: sha,
			TemplateVersion: e.Header().Version, Rows: rows, JoinFinished: true,
		})
		if err != nil {
			return failf(env, "submit: %v", err)
		}
		id = q.ID
		if q.Joined {
			fmt.Fprintf(progress, "This file is already being submitted to %s by another window or process; following that submission instead of sending it twice…\n", oneLine(group.Name))
		} else {
			fmt.Fprintf(progress, "%s clients for %s are in the outbox; sending…\n", fmt.Sprint(e.Len()), oneLine(group.Name))
		}
	default:
		return failf(env, "submit: %v", err)
	}

	printer := newProgress(progress)
	sub, err := outbox.NewSender(conn.store, conn.client, outbox.Options{OnEvent: printer.event}).Run(ctx, id)
	printer.end()
	switch {
	case errors.Is(err, outbox.ErrSignIn):
		return failf(env, "submit: %v (massuploader login, then submit again)", err)
	case ctx.Err() != nil:
		return failf(env, "submit: stopped; the submission waits in the outbox: run the same submit again to continue")
	case err != nil:
		return failf(env, "submit: %v", err)
	}
	results, err := outbox.Results(ctx, conn.store, id)
	if err != nil {
		return failf(env, "submit: %v", err)
	}
	created := 0
	for _, r := range results {
		if r.Status == outbox.RowCreated {
			created++
		}
	}
	written := writeOutcomeFiles(ctx, env, conn, path, sub, results)
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
			if r.Status != outbox.RowCreated {
				fmt.Fprintf(env.Out, "  row %d: %s — %s %s\n", r.Row, oneLine(strings.ReplaceAll(r.Status, "_", " ")), oneLine(r.ErrorMessage), oneLine(export.Fix(r.ErrorCode)))
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

// writeOutcomeFiles writes the results workbook and, when rows failed, the
// retry file, beside the source file; it returns what to tell the user.
func writeOutcomeFiles(ctx context.Context, env Env, conn *connection, source string, sub outbox.Submission, results []outbox.RowResult) []string {
	var said []string
	if err := export.WriteResults(export.ResultsPath(source), sub, results); err != nil {
		fmt.Fprintf(env.Err, "massuploader: the results workbook could not be written: %s\n", oneLine(err.Error()))
	} else {
		said = append(said, "Results: "+export.ResultsPath(source))
	}
	failed := 0
	for _, r := range results {
		if r.Status != outbox.RowCreated {
			failed++
		}
	}
	if failed == 0 {
		return said
	}
	tpl, _, err := conn.catalog.Template(ctx)
	if err != nil {
		fmt.Fprintf(env.Err, "massuploader: the retry file could not be written (no template): %s\n", oneLine(err.Error()))
		return said
	}
	if _, err := export.WriteRetry(export.RetryPath(source), tpl.Data, results); err != nil {
		fmt.Fprintf(env.Err, "massuploader: the retry file could not be written: %s\n", oneLine(err.Error()))
		return said
	}
	return append(said, fmt.Sprintf("Retry file with the %s that were not created: %s", plural(failed, "row", "rows"), export.RetryPath(source)))
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

func (p *progress) event(e outbox.Event) {
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
