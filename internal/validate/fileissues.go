package validate

import (
	"fmt"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/template"
)

// FileIssues are the issues of the file and the group (rows 0 and 1).
func (e *Engine) FileIssues() []Issue {
	var out []Issue
	h := e.header
	g := e.ctx.Group
	for _, u := range h.Unknown {
		out = append(out, Issue{Severity: Warning, Code: CodeUnknownColumn, Row: 1, Column: u.Letter, Value: u.Header,
			Message: fmt.Sprintf("The column \"%s\" is not part of the template; it is ignored. Rename it to a template header if it holds client data.", u.Header)})
	}
	for _, f := range h.Missing {
		name := f.Header()
		if h.Legacy && f == template.CommunicationReport {
			name = "Report ID 1"
		}
		out = append(out, Issue{Severity: Error, Code: CodeMissingColumn, Row: 1, Field: f.String(), Value: name,
			Message: fmt.Sprintf("The header \"%s\" is missing from row 1 of the Clients sheet. Get the latest template and copy the clients into it, or restore the header.", name)})
	}
	if h.Legacy {
		out = append(out, Issue{Severity: Warning, Code: CodeTemplateOutdated, Value: template.LegacyVersion,
			Message: fmt.Sprintf("This file uses the old %s template. Its rows were moved to the %s layout (each report ID to the column of its process); nothing needs doing now, but use the latest template next time.", template.LegacyVersion, template.Version)})
	}
	n := e.Active()
	switch {
	case n == 0:
		out = append(out, Issue{Severity: Error, Code: CodeEmptyFile,
			Message: "The Clients sheet has no clients: fill one row per client, from row 2 down."})
	case n < 5:
		out = append(out, Issue{Severity: Warning, Code: CodeTooFewRows, Value: fmt.Sprint(n),
			Message: fmt.Sprintf("Only %d client(s). That is fine, but for fewer than 5 clients scheduling them one by one on the platform may be quicker.", n)})
	}
	if g.MaxClientsPerImport > 0 && n > g.MaxClientsPerImport {
		parts := (n + g.MaxClientsPerImport - 1) / g.MaxClientsPerImport
		out = append(out, Issue{Severity: Warning, Code: CodeSplitImport, Value: fmt.Sprint(n),
			Message: fmt.Sprintf("%d clients is more than %s takes in one import (%d); they will be sent as %d imports, one after the other.", n, g.Name, g.MaxClientsPerImport, parts)})
	}
	if len(g.CompletionAlertEmails) == 0 {
		out = append(out, Issue{Severity: Error, Code: CodeCompletionAlertsMissing, Value: g.Name,
			Message: platform.MsgCompletionAlertsMissing + " Add a completion alert e-mail to " + g.Name + " on the platform (group settings › Completion Alerts), then refresh."})
	}
	if e.existing == nil && n > 0 {
		out = append(out, Issue{Severity: Warning, Code: CodeExistingNotChecked,
			Message: "The platform could not be reached, so rows were not checked against existing clients. They will be when it is reachable again; a row whose client exists would fail then."})
	}
	Sort(out)
	return out
}
