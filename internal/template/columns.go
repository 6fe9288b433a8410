// Package template describes the "Mass Create New Client" import template
// (SPEC §2) and writes it as an .xlsx workbook.
package template

// Version is the template version this app writes and the platform expects.
const Version = "2026.11"

// LegacyVersion is the older layout the app still reads and migrates.
const LegacyVersion = "2025.02"

// Sheet and property names of the workbook.
const (
	InstructionsSheet = "Instructions"
	ClientsSheet      = "Clients"
	ListsSheet        = "Lists"
	VersionProperty   = "TemplateVersion"
)

// Field identifies what a column holds, whatever its letter in a user's file.
type Field int

// The template's fields, in column order.
const (
	FirstName Field = iota
	LastName
	Email
	Username
	CommunicationReport
	NaturalBehaviorReport
	Language
	InviteOn
	Reference
	NumFields
)

// Column is one column of the Clients sheet.
type Column struct {
	Field    Field
	Letter   string
	Header   string
	Key      string // the field's name in the platform's JSON and in issues
	Required bool
	Text     bool    // formatted as text so Excel keeps leading zeros and long digits
	Width    float64 // in Excel character units
	Help     string  // what the Instructions sheet says about it
}

// Columns are the Clients sheet's columns, A to I.
var Columns = [NumFields]Column{
	{FirstName, "A", "First Name", "first_name", true, false, 18,
		"Required. Up to 50 characters: letters of any alphabet, spaces, apostrophes (' or ’), hyphens and periods."},
	{LastName, "B", "Last Name", "last_name", true, false, 20,
		"Required. Same rules as First Name."},
	{Email, "C", "Email", "email", true, false, 32,
		"Required. The client's e-mail address, where the invitation goes. Each address once per file."},
	{Username, "D", "Username", "username", false, true, 22,
		"Optional; empty means the e-mail address. 3 to 64 of: letters A–Z a–z, digits, and . _ @ + -"},
	{CommunicationReport, "E", "Communication DNA Report ID", "communication_report_id", false, true, 18,
		"The number of a Communication DNA report this group may use. Fill E, F or both."},
	{NaturalBehaviorReport, "F", "Natural Behavior Report ID", "natural_behavior_report_id", false, true, 18,
		"The number of a Natural Behavior report this group may use. Fill E, F or both."},
	{Language, "G", "Language", "language", false, false, 14,
		"Optional; empty means English. A code or a name: en English, es Spanish, fr French, de German, zh Chinese, pt Portuguese, ja Japanese."},
	{InviteOn, "H", "Send Invitation On", "invite_on", false, false, 16,
		"Optional; empty means now. A date from today to one year ahead (a date cell, or text as YYYY-MM-DD)."},
	{Reference, "I", "Reference", "reference", false, true, 18,
		"Optional. Your own ID for this client, up to 64 characters."},
}

// LegacyHeaders are the headers of the 2025.02 template, columns A to G.
var LegacyHeaders = []string{"First Name", "Last Name", "Email Address", "Username", "Report ID 1", "Report ID 2", "Language"}

// String is the field's key.
func (f Field) String() string {
	if f < 0 || f >= NumFields {
		return "unknown"
	}
	return Columns[f].Key
}

// Header is the field's header in the template.
func (f Field) Header() string { return Columns[f].Header }
