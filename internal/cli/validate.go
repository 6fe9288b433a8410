package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/termtext"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// validateJSON is the --json answer of validate (SPEC §6).
type validateJSON struct {
	File            string      `json:"file"`
	TemplateVersion string      `json:"template_version"`
	Group           groupJSON   `json:"group"`
	Rows            int         `json:"rows"`
	Errors          int         `json:"errors"`
	Warnings        int         `json:"warnings"`
	Issues          []app.Issue `json:"issues"`
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
	conn, group, code, ok := connectGroup(ctx, env, "validate", a)
	if !ok {
		return code
	}
	defer conn.Close()
	_, src, err := conn.Reports(ctx)
	if err != nil {
		return failf(env, "validate: reading the report catalog: %v", app.Describe(err))
	}
	fmt.Fprint(env.Err, sourceNote("report catalog", src))
	c, err := conn.Check(ctx, a.file, group)
	if err != nil {
		return failf(env, "validate: %v", app.Describe(err))
	}
	res := answer(c, filepath.Base(a.file))
	res.Issues, res.Omitted = validate.Limit(res.Issues, validate.MaxIssuesPerCode)
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

// answer is a checked file as validate answers it.
func answer(c *app.Checked, name string) validateJSON {
	res := validateJSON{File: name, TemplateVersion: c.Version(), Group: groupJSON{c.Group.ID, c.Group.Name},
		Rows: c.Rows(), Errors: c.Counts.Errors, Warnings: c.Counts.Warnings, Issues: c.Issues}
	if res.Issues == nil {
		res.Issues = []app.Issue{}
	}
	return res
}

// printIssues prints a readable table, grouped by row.
func printIssues(w io.Writer, r validateJSON) {
	version := r.TemplateVersion
	if version == "" {
		version = "unknown"
	}
	fmt.Fprintf(w, "%s · template %s · group %d %s\n", oneLine(r.File), oneLine(version), r.Group.ID, oneLine(r.Group.Name))
	n := app.Count(r.Issues)
	n.Errors, n.Warnings = r.Errors, r.Warnings // the listed issues may be fewer (Omitted)
	fmt.Fprintln(w, app.Summary(r.Rows, 0, n))
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
