package app

import (
	"fmt"
	"strings"

	"github.com/dnaplatform/massuploader/internal/validate"
)

// Plural says a count with its noun: "1 row", "2 rows".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Counts are the errors, warnings and rows with errors of a file.
type Counts = validate.Counts

// Count counts errors, warnings and the rows holding errors.
func Count(issues []Issue) Counts { return validate.Count(issues) }

// Summary is the one-line count both front ends show for a checked file:
// "12 rows · 2 errors in 1 row · 0 warnings" (with "(1 removed)" after the
// rows when edits removed some).
func Summary(rows, removed int, n Counts) string {
	s := fmt.Sprintf("%s · %s", Plural(rows, "row", "rows"), Plural(n.Errors, "error", "errors"))
	if removed > 0 {
		s = fmt.Sprintf("%s (%d removed) · %s", Plural(rows, "row", "rows"), removed, Plural(n.Errors, "error", "errors"))
	}
	if n.RowsWithErrors > 0 {
		s += " in " + Plural(n.RowsWithErrors, "row", "rows")
	}
	return s + " · " + Plural(n.Warnings, "warning", "warnings")
}

// Summary is the file's count line, removed rows said apart.
func (c *Checked) Summary() string {
	rows, removed := 0, 0
	if c.Engine != nil {
		rows = c.Engine.Active()
		removed = c.Engine.Len() - rows
	}
	return Summary(rows, removed, c.Counts)
}

// WhatWillHappen says what submitting the file would do, or what to do first.
func (c *Checked) WhatWillHappen() string {
	if c.Engine == nil {
		return "Choose another file, or fix this one and press Re-check."
	}
	if c.Counts.Errors > 0 {
		return "Fix the problems marked in red — here (select a cell and press Enter, or use a suggested fix) or in the file — then submit. Nothing is sent while errors remain."
	}
	g := c.Group
	s := fmt.Sprintf("%s will be created in %s; invitations go out as \"%s\"; alerts to %s.",
		Plural(c.Engine.Active(), "client", "clients"), g.Name, g.InvitationEmail.Subject, strings.Join(g.CompletionAlertEmails, ", "))
	if c.Offline {
		s += " The platform cannot be reached now: the import waits in the outbox and goes when it can."
	}
	return s
}

// ProcessName names a report process for people.
func ProcessName(p string) string { return validate.ProcessName(p) }
