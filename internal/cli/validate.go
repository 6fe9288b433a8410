package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/termtext"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// validateJSON is the --json answer of validate (SPEC §6).
type validateJSON struct {
	File            string           `json:"file"`
	TemplateVersion string           `json:"template_version"`
	Group           groupJSON        `json:"group"`
	Rows            int              `json:"rows"`
	Errors          int              `json:"errors"`
	Warnings        int              `json:"warnings"`
	Issues          []validate.Issue `json:"issues"`
	// Omitted counts, by code, the issues beyond validate.MaxIssuesPerCode
	// that are counted in errors and warnings but not listed.
	Omitted map[string]int `json:"omitted,omitempty"`
}

type groupJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func runValidate(ctx context.Context, env Env, args []string) int {
	a, code, ok := parseFileArgs("validate", "print the result as JSON", env, args)
	if !ok {
		return code
	}
	conn, err := connect(ctx, env, a.target)
	if err != nil {
		return failf(env, "validate: %v", err)
	}
	defer conn.close()
	if conn.note != "" {
		fmt.Fprintln(env.Err, conn.note)
	}
	group, src, err := conn.catalog.Group(ctx, a.group)
	if err != nil {
		return failf(env, "validate: %v", describe(err))
	}
	fmt.Fprint(env.Err, sourceNote("groups", src))
	reports, src, err := conn.catalog.Reports(ctx)
	if err != nil {
		return failf(env, "validate: reading the report catalog: %v", describe(err))
	}
	fmt.Fprint(env.Err, sourceNote("report catalog", src))
	res := check(ctx, conn.lookup(), a.file, validate.Context{Group: group, Reports: reports})
	if a.asJSON {
		if err := writeValidateJSON(termtext.JSON(env.Out), res); err != nil {
			return failf(env, "validate: %v", err)
		}
	} else {
		printIssues(env.Out, res)
	}
	if res.Errors > 0 {
		return ExitProblems
	}
	return ExitOK
}

// check reads and validates a file, then asks the platform about existing
// clients (offline: the existing_not_checked warning).
func check(ctx context.Context, lookup lookupFunc, path string, vctx validate.Context) validateJSON {
	res := validateJSON{File: filepath.Base(path), Group: groupJSON{vctx.Group.ID, vctx.Group.Name}}
	e, err := validate.ReadFile(path, vctx)
	if err != nil {
		res.Issues = []validate.Issue{validate.FileErrorIssue(err)}
	} else {
		// Existing clients are never cached: offline, the check is not made and
		// the existing_not_checked warning says so.
		if found, err := lookup(ctx, e.LookupRequest()); err == nil {
			e.SetExisting(validate.NewExisting(found))
		}
		res.TemplateVersion = e.Header().Version
		res.Rows = e.Len()
		res.Issues = e.Issues()
	}
	if res.Issues == nil {
		res.Issues = []validate.Issue{}
	}
	n := validate.Count(res.Issues)
	res.Errors, res.Warnings = n.Errors, n.Warnings
	res.Issues, res.Omitted = validate.Limit(res.Issues, validate.MaxIssuesPerCode)
	return res
}

type lookupFunc func(context.Context, platform.LookupRequest) (platform.LookupResult, error)

// printIssues prints a readable table, grouped by row.
func printIssues(w io.Writer, r validateJSON) {
	version := r.TemplateVersion
	if version == "" {
		version = "unknown"
	}
	fmt.Fprintf(w, "%s · template %s · group %d %s\n", oneLine(r.File), oneLine(version), r.Group.ID, oneLine(r.Group.Name))
	n := validate.Count(r.Issues)
	n.Errors, n.Warnings = r.Errors, r.Warnings // the listed issues may be fewer (Omitted)
	summary := fmt.Sprintf("%s · %s", plural(r.Rows, "row", "rows"), plural(n.Errors, "error", "errors"))
	if n.RowsWithErrors > 0 {
		summary += " in " + plural(n.RowsWithErrors, "row", "rows")
	}
	summary += " · " + plural(n.Warnings, "warning", "warnings")
	fmt.Fprintln(w, summary)
	defer printOmitted(w, r.Omitted)
	if len(r.Issues) == 0 {
		fmt.Fprintln(w, "No problems found: the file is ready to submit.")
		return
	}
	codeWidth := 0
	for _, is := range r.Issues {
		codeWidth = max(codeWidth, len(is.Code))
	}
	last := -1
	for _, is := range r.Issues {
		if is.Row != last {
			last = is.Row
			switch is.Row {
			case 0:
				fmt.Fprintln(w, "\nFile and group")
			case 1:
				fmt.Fprintln(w, "\nHeader row")
			default:
				fmt.Fprintf(w, "\nRow %d\n", is.Row)
			}
		}
		where := is.Column
		if where == "" {
			where = "-"
		}
		fmt.Fprintf(w, "  %-7s  %-3s  %-*s  %s\n", strings.ToUpper(is.Severity), oneLine(where), codeWidth, oneLine(is.Code), oneLine(is.Message))
	}
}
