// Package sandbox is a faithful, in-memory model of the DNA Platform API v1
// (SPEC §4, §5): the demo data, auth, imports processed row by row, the
// platform's own error words, idempotency, and injectable faults. The
// dnasandbox command serves it; demo mode and tests start it in-process.
package sandbox

import (
	"github.com/dnaplatform/massuploader/internal/platform"
)

// The demo account (SPEC §5).
const (
	DemoUsername = "coach@demo.example"
	DemoPassword = "demo-password"
)

type account struct {
	user     platform.User
	password string
}

func demoAccounts() []account {
	return []account{{
		user:     platform.User{ID: "usr_demo_coach", Username: DemoUsername, DisplayName: "Demo Coach"},
		password: DemoPassword,
	}}
}

// DemoReports is the demo report catalog (SPEC §5).
func DemoReports() []platform.Report {
	all := []string{"en", "es", "fr", "de", "zh"}
	return []platform.Report{
		{ID: 1001, Name: "Communication DNA Discovery", Process: platform.ProcessCommunicationDNA, Languages: all, Available: true},
		{ID: 1002, Name: "Communication DNA Discovery – Leadership", Process: platform.ProcessCommunicationDNA, Languages: []string{"en"}, Available: true},
		{ID: 2001, Name: "Natural Behavior Discovery", Process: platform.ProcessNaturalBehavior, Languages: all, Available: true},
		{ID: 2002, Name: "Natural Behavior Discovery – Financial", Process: platform.ProcessNaturalBehavior, Languages: []string{"en", "es"}, Available: true},
		{ID: 2003, Name: "Natural Behavior Discovery – Classic", Process: platform.ProcessNaturalBehavior, Languages: []string{"en"}, Available: false},
	}
}

// DemoGroups are the demo groups (SPEC §5).
func DemoGroups() []platform.Group {
	return []platform.Group{
		{ID: 101, Name: "Acme Leadership Cohort", ReportIDs: []int64{1001, 1002, 2001, 2002, 2003},
			CompletionAlertEmails: []string{"alerts@acme.example"}, MaxClientsPerImport: 200,
			InvitationEmail: platform.InvitationEmail{SenderName: "Acme Coaching", Subject: "Your Acme discovery invitation", Language: "en"}},
		{ID: 102, Name: "Northwind Sales Team", ReportIDs: []int64{1001, 2001},
			CompletionAlertEmails: []string{"ops@northwind.example", "coach@demo.example"}, MaxClientsPerImport: 200,
			InvitationEmail: platform.InvitationEmail{SenderName: "Northwind Sales Enablement", Subject: "Discover your communication style", Language: "en"}},
		{ID: 103, Name: "Contoso Interns", ReportIDs: []int64{1001},
			CompletionAlertEmails: []string{}, MaxClientsPerImport: 200,
			InvitationEmail: platform.InvitationEmail{SenderName: "Contoso Early Careers", Subject: "Welcome to your discovery", Language: "en"}},
		{ID: 104, Name: "Fabrikam Advisors", ReportIDs: []int64{2001, 2002},
			CompletionAlertEmails: []string{"advisors@fabrikam.example"}, MaxClientsPerImport: 50,
			InvitationEmail: platform.InvitationEmail{SenderName: "Fabrikam Advisor Development", Subject: "Your Natural Behavior discovery", Language: "en"}},
	}
}

// Client is a client record as the sandbox keeps it (GET /sandbox/clients).
type Client struct {
	ID                      string `json:"id"`
	GroupID                 int64  `json:"group_id,omitempty"`
	ImportID                string `json:"import_id,omitempty"`
	Row                     int    `json:"row,omitempty"`
	FirstName               string `json:"first_name"`
	LastName                string `json:"last_name"`
	Email                   string `json:"email"`
	Username                string `json:"username"`
	CommunicationReportID   *int64 `json:"communication_report_id,omitempty"`
	NaturalBehaviorReportID *int64 `json:"natural_behavior_report_id,omitempty"`
	Language                string `json:"language,omitempty"`
	InviteOn                string `json:"invite_on,omitempty"`
	Reference               string `json:"reference,omitempty"`
	CreatedAt               string `json:"created_at"`
}

func demoClients() []Client {
	return []Client{
		{ID: "9b2f6a0e-0d6c-4c55-9a43-5d1f7f3f0001", FirstName: "Existing", LastName: "Client",
			Email: "existing.client@example.com", Username: "existing.client@example.com", CreatedAt: "2026-01-15T09:00:00Z"},
		{ID: "9b2f6a0e-0d6c-4c55-9a43-5d1f7f3f0002", GroupID: 102, FirstName: "María", LastName: "García",
			Email: "maria.garcia@northwind.example", Username: "mgarcia", CreatedAt: "2026-03-02T14:30:00Z"},
		{ID: "9b2f6a0e-0d6c-4c55-9a43-5d1f7f3f0003", GroupID: 101, FirstName: "John", LastName: "Smith",
			Email: "john.smith@example.org", Username: "jsmith", CreatedAt: "2026-06-20T11:45:00Z"},
	}
}
