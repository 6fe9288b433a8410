// Package platform is the client of the DNA Platform API v1 (SPEC §4): one method
// per call, typed requests and answers, token refresh, and careful retries.
package platform

import "time"

// User is the account a session belongs to.
type User struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
}

// Session is what auth/token and auth/refresh answer.
type Session struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	User         User   `json:"user"`
}

// InvitationEmail is a group's "Customize Email" settings.
type InvitationEmail struct {
	SenderName string `json:"sender_name"`
	Subject    string `json:"subject"`
	Language   string `json:"language"`
}

// Group is where clients are scheduled.
type Group struct {
	ID                    int64           `json:"id"`
	Name                  string          `json:"name"`
	ReportIDs             []int64         `json:"report_ids"`
	CompletionAlertEmails []string        `json:"completion_alert_emails"`
	MaxClientsPerImport   int             `json:"max_clients_per_import"`
	InvitationEmail       InvitationEmail `json:"invitation_email"`
}

// AllowsReport tells whether the group's report access settings include id.
func (g Group) AllowsReport(id int64) bool {
	for _, r := range g.ReportIDs {
		if r == id {
			return true
		}
	}
	return false
}

// The two discovery processes a report can belong to.
const (
	ProcessCommunicationDNA = "communication_dna"
	ProcessNaturalBehavior  = "natural_behavior"
)

// Report is one discovery report of the catalog.
type Report struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Process   string   `json:"process"`
	Languages []string `json:"languages"`
	Available bool     `json:"available"`
}

// SupportsLanguage tells whether the report can be taken in the language code.
func (r Report) SupportsLanguage(code string) bool {
	for _, l := range r.Languages {
		if l == code {
			return true
		}
	}
	return false
}

// Template is the import workbook as the platform serves it.
type Template struct {
	Data        []byte
	ETag        string
	Version     string
	NotModified bool // the platform answered 304 to the ETag given; Data is empty
}

// LookupRequest asks which emails and usernames already belong to clients.
type LookupRequest struct {
	Emails    []string `json:"emails"`
	Usernames []string `json:"usernames"`
}

// LookupResult lists, in lower case, the ones that exist.
type LookupResult struct {
	ExistingEmails    []string `json:"existing_emails"`
	ExistingUsernames []string `json:"existing_usernames"`
}

// MaxLookupItems is how many emails (and as many usernames) one lookup may carry.
const MaxLookupItems = 1000

// ImportClient is one row of an import request.
type ImportClient struct {
	Row                     int    `json:"row"`
	FirstName               string `json:"first_name"`
	LastName                string `json:"last_name"`
	Email                   string `json:"email"`
	Username                string `json:"username,omitempty"`
	CommunicationReportID   *int64 `json:"communication_report_id"`
	NaturalBehaviorReportID *int64 `json:"natural_behavior_report_id"`
	Language                string `json:"language,omitempty"`
	InviteOn                string `json:"invite_on,omitempty"` // YYYY-MM-DD; empty = now
	Reference               string `json:"reference,omitempty"`
}

// ImportRequest is the body of POST /groups/{id}/client-imports.
type ImportRequest struct {
	TemplateVersion string         `json:"template_version"`
	FileName        string         `json:"file_name"`
	Clients         []ImportClient `json:"clients"`
}

// Import states.
const (
	ImportQueued     = "queued"
	ImportProcessing = "processing"
	ImportCompleted  = "completed"
	ImportFailed     = "failed"
)

// Row states within an import.
const (
	RowPending = "pending"
	RowCreated = "created"
	RowFailed  = "failed"
)

// RowError is the platform's reason a row failed.
type RowError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ImportRow is the outcome of one row.
type ImportRow struct {
	Row      int       `json:"row"`
	Status   string    `json:"status"`
	ClientID string    `json:"client_id,omitempty"`
	Error    *RowError `json:"error,omitempty"`
}

// Import is one submission being (or having been) processed.
type Import struct {
	ID         string      `json:"id"`
	GroupID    int64       `json:"group_id"`
	Status     string      `json:"status"`
	Total      int         `json:"total"`
	Processed  int         `json:"processed"`
	Created    int         `json:"created"`
	Failed     int         `json:"failed"`
	CreatedAt  time.Time   `json:"created_at"`
	FinishedAt *time.Time  `json:"finished_at"`
	Rows       []ImportRow `json:"rows,omitempty"`
}

// Finished tells whether the platform will change the import no more.
func (i Import) Finished() bool {
	return i.Status == ImportCompleted || i.Status == ImportFailed
}

// SubmitResult is the platform's answer to a submission.
type SubmitResult struct {
	Import   Import
	Location string // the import's status URL path
	Replayed bool   // the answer is a replay of an earlier request with the same key
}
