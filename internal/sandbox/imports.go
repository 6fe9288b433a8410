package sandbox

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/rules"
	"github.com/dnaplatform/massuploader/internal/template"
)

// keyLifetime is how long an Idempotency-Key's first answer is kept for replay.
const keyLifetime = 24 * time.Hour

// maxImportBody bounds a submission's body.
const maxImportBody = 16 << 20

type importJob struct {
	imp     platform.Import // rows included
	userID  string
	group   platform.Group
	clients []platform.ImportClient
	gen     int // the reset generation it belongs to
}

// keyRecord is what an Idempotency-Key stands for. Only accepted submissions are
// kept for replay; a refusal (4xx) is not stored, so the same key can be sent
// again once its cause is fixed.
type keyRecord struct {
	hash       [32]byte
	created    time.Time
	inProgress bool
	status     int
	body       []byte
	location   string
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	entry := entryOf(r)
	user := userOf(r)
	groupID, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, http.StatusNotFound, platform.CodeNotFound, "No group "+r.PathValue("id")+".")
		return
	}
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if key == "" {
		writeError(w, http.StatusBadRequest, platform.CodeIdempotencyKeyMissing,
			"An Idempotency-Key header is required to submit an import.")
		return
	}
	body, err := readBody(r, maxImportBody)
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, platform.CodeValidationFailed, err.Error())
		return
	}
	hash := sha256.Sum256(append([]byte(r.URL.Path+"\n"), body...))
	slot := user.ID + "\x00" + key

	s.mu.Lock()
	rec := s.keys[slot]
	if rec != nil && !rec.inProgress && s.now().Sub(rec.created) >= keyLifetime {
		delete(s.keys, slot)
		rec = nil
	}
	switch {
	case rec == nil:
		s.keys[slot] = &keyRecord{hash: hash, created: s.now(), inProgress: true}
	case rec.inProgress:
		s.mu.Unlock()
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusConflict, platform.CodeRequestInProgress,
			"A request with this Idempotency-Key is still being processed; try again shortly.")
		return
	case rec.hash != hash:
		s.mu.Unlock()
		writeError(w, http.StatusUnprocessableEntity, platform.CodeIdempotencyKeyReused,
			"This Idempotency-Key was already used for a different request.")
		return
	default:
		status, stored, location := rec.status, rec.body, rec.location
		s.mu.Unlock()
		entry.Replayed = true
		w.Header().Set("Idempotent-Replayed", "true")
		w.Header().Set("Location", location)
		writeRaw(w, status, stored)
		return
	}
	latency := time.Duration(s.faults.Latency)
	s.mu.Unlock()

	accepted := false
	defer func() {
		if !accepted { // a refusal is not kept: free the key
			s.mu.Lock()
			delete(s.keys, slot)
			s.mu.Unlock()
		}
	}()
	if latency > 0 && !sleep(r.Context(), latency) {
		return
	}

	var req platform.ImportRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusUnprocessableEntity, platform.CodeValidationFailed, "The request body is not valid JSON: "+err.Error())
		return
	}

	s.mu.Lock()
	group, found := s.groupLocked(groupID)
	if !found {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, platform.CodeNotFound, fmt.Sprintf("No group %d.", groupID))
		return
	}
	if len(group.CompletionAlertEmails) == 0 {
		s.mu.Unlock()
		writeError(w, http.StatusConflict, platform.CodeCompletionAlertsMissing, platform.MsgCompletionAlertsMissing)
		return
	}
	if len(req.Clients) > group.MaxClientsPerImport {
		s.mu.Unlock()
		writeError(w, http.StatusRequestEntityTooLarge, platform.CodeTooManyClients,
			fmt.Sprintf("Group %s takes at most %d clients per import; this one has %d.", group.Name, group.MaxClientsPerImport, len(req.Clients)))
		return
	}
	if problem, rows := s.checkImportLocked(req); problem != "" {
		s.mu.Unlock()
		writeJSON(w, http.StatusUnprocessableEntity, platform.ErrorBody{Error: platform.ErrorDetail{
			Code: platform.CodeValidationFailed, Message: problem, Rows: rows}})
		return
	}

	job := s.newJobLocked(user, group, req)
	answer, _ := json.Marshal(job.imp)
	location := "/api/v1/client-imports/" + job.imp.ID
	rec = s.keys[slot]
	rec.inProgress, rec.status, rec.body, rec.location = false, http.StatusAccepted, answer, location
	accepted = true
	drop := s.faults.DropRate > 0 && s.rng.Float64() < s.faults.DropRate
	paced := s.faults.DelayPerClient > 0
	s.wg.Add(1)
	go s.process(job)
	s.mu.Unlock()

	if drop {
		entry.Dropped = true
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	w.Header().Set("Location", location)
	if paced {
		w.Header().Set("Retry-After", "1")
	}
	writeRaw(w, http.StatusAccepted, answer)
}

// checkImportLocked refuses a malformed request as a whole (422), before any
// row is processed; what remains is judged row by row while processing.
func (s *Server) checkImportLocked(req platform.ImportRequest) (string, []platform.FieldError) {
	if req.TemplateVersion != template.Version {
		return fmt.Sprintf("template_version %q is not supported; use %s.", req.TemplateVersion, template.Version), nil
	}
	if len(req.Clients) == 0 {
		return "The import holds no clients.", nil
	}
	var rows []platform.FieldError
	add := func(row int, field, code, msg string) {
		rows = append(rows, platform.FieldError{Row: row, Field: field, Code: code, Message: msg})
	}
	seen := map[int]bool{}
	now := s.now()
	for _, c := range req.Clients {
		if c.Row < 2 || seen[c.Row] {
			add(c.Row, "row", "invalid_row", "Each client needs its own spreadsheet row number, 2 or more.")
		}
		seen[c.Row] = true
		for _, f := range []struct{ field, value string }{{"first_name", c.FirstName}, {"last_name", c.LastName}, {"email", c.Email}} {
			if strings.TrimSpace(f.value) == "" {
				add(c.Row, f.field, "required", f.field+" is required.")
			}
		}
		if rules.Len(c.FirstName) > rules.MaxNameLen || rules.Len(c.LastName) > rules.MaxNameLen ||
			rules.Len(c.Reference) > rules.MaxReferenceLen {
			add(c.Row, "", "too_long", "A field is longer than the template allows.")
		}
		if c.Email != "" && !rules.ValidEmail(c.Email) {
			add(c.Row, "email", "invalid_email", "The e-mail address is not valid.")
		}
		if c.Username != "" && rules.UsernameProblem(c.Username) != "" {
			add(c.Row, "username", "invalid_username", "The username "+rules.UsernameProblem(c.Username)+".")
		}
		if c.CommunicationReportID == nil && c.NaturalBehaviorReportID == nil {
			add(c.Row, "communication_report_id", "no_report", "At least one report is required.")
		}
		s.checkProcessLocked(c.Row, "communication_report_id", c.CommunicationReportID, platform.ProcessCommunicationDNA, add)
		s.checkProcessLocked(c.Row, "natural_behavior_report_id", c.NaturalBehaviorReportID, platform.ProcessNaturalBehavior, add)
		if c.Language != "" {
			if _, ok := rules.LanguageCode(c.Language); !ok || len(c.Language) != 2 {
				add(c.Row, "language", "invalid_language", "Unknown language code "+c.Language+".")
			}
		}
		if c.InviteOn != "" {
			if d, ok := rules.ParseDate(c.InviteOn); !ok {
				add(c.Row, "invite_on", "invalid_date", "invite_on must be YYYY-MM-DD.")
			} else if !rules.DateInRange(d, now) {
				add(c.Row, "invite_on", "date_out_of_range", "invite_on must be between today and one year ahead.")
			}
		}
	}
	if len(rows) > 0 {
		return fmt.Sprintf("%d problem(s) in the clients; nothing was imported.", len(rows)), rows
	}
	return "", nil
}

func (s *Server) checkProcessLocked(row int, field string, id *int64, process string, add func(int, string, string, string)) {
	if id == nil {
		return
	}
	if rep, ok := s.reportLocked(*id); ok && rep.Process != process {
		add(row, field, "report_wrong_column", fmt.Sprintf("Report %d is a %s report.", *id, rep.Process))
	}
}

func (s *Server) newJobLocked(user platform.User, group platform.Group, req platform.ImportRequest) *importJob {
	now := s.now().UTC()
	imp := platform.Import{
		ID: "imp_" + uuid.NewString(), GroupID: group.ID, Status: platform.ImportQueued,
		Total: len(req.Clients), CreatedAt: now,
		Rows: make([]platform.ImportRow, len(req.Clients)),
	}
	for i, c := range req.Clients {
		imp.Rows[i] = platform.ImportRow{Row: c.Row, Status: platform.RowPending}
	}
	job := &importJob{imp: imp, userID: user.ID, group: group, clients: req.Clients, gen: s.genLocked()}
	s.imports[imp.ID] = job
	s.order = append(s.order, imp.ID)
	return job
}

// process works through an import's rows at the configured pace.
func (s *Server) process(job *importJob) {
	defer s.wg.Done()
	for i := range job.clients {
		s.mu.Lock()
		delay := time.Duration(s.faults.DelayPerClient)
		if job.gen != s.genLocked() {
			s.mu.Unlock()
			return // the sandbox was reset
		}
		job.imp.Status = platform.ImportProcessing
		s.mu.Unlock()
		if delay > 0 && !sleep(s.ctx, delay) {
			return
		}
		s.mu.Lock()
		if job.gen == s.genLocked() {
			s.processRowLocked(job, i)
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if job.gen != s.genLocked() {
		return
	}
	finished := s.now().UTC()
	job.imp.Status = platform.ImportCompleted
	job.imp.FinishedAt = &finished
	for _, to := range job.group.CompletionAlertEmails {
		s.mailLocked(Message{
			Kind: KindCompletionAlert, To: to, GroupID: job.group.ID, ImportID: job.imp.ID,
			FromName: "DNA Platform",
			Subject:  fmt.Sprintf("Import finished for %s: %d created, %d failed", job.group.Name, job.imp.Created, job.imp.Failed),
			Body: fmt.Sprintf("Import %s to %s has finished.\nClients: %d\nCreated: %d\nFailed: %d\n",
				job.imp.ID, job.group.Name, job.imp.Total, job.imp.Created, job.imp.Failed),
		})
	}
}

// processRowLocked creates one client, or fails the row with the platform's
// own words.
func (s *Server) processRowLocked(job *importJob, i int) {
	c := job.clients[i]
	out := &job.imp.Rows[i]
	job.imp.Processed++
	fail := func(code, msg string) {
		out.Status, out.Error = platform.RowFailed, &platform.RowError{Code: code, Message: msg}
		job.imp.Failed++
	}
	username := c.Username
	if username == "" {
		username = c.Email
	}
	if invalidCharacters(c) {
		fail(platform.CodeInvalidCharacters, platform.MsgInvalidCharacters)
		return
	}
	if s.taken[strings.ToLower(c.Email)] || s.taken[strings.ToLower(username)] {
		fail(platform.CodeUserExists, platform.MsgUserExists)
		return
	}
	for _, id := range []*int64{c.CommunicationReportID, c.NaturalBehaviorReportID} {
		if id != nil && !job.group.AllowsReport(*id) {
			fail(platform.CodeReportNotAllowed, platform.MsgReportNotAllowedPrefix+job.group.Name)
			return
		}
	}
	for _, id := range []*int64{c.CommunicationReportID, c.NaturalBehaviorReportID} {
		if rep, ok := s.reportLocked(deref(id)); id != nil && (!ok || !rep.Available) {
			fail(platform.CodeInternalError, platform.MsgInternalError)
			return
		}
	}
	language := c.Language
	if language == "" {
		language = rules.DefaultLanguage
	}
	now := s.now().UTC()
	client := Client{
		ID: uuid.NewString(), GroupID: job.group.ID, ImportID: job.imp.ID, Row: c.Row,
		FirstName: c.FirstName, LastName: c.LastName, Email: c.Email, Username: username,
		CommunicationReportID: c.CommunicationReportID, NaturalBehaviorReportID: c.NaturalBehaviorReportID,
		Language: language, InviteOn: c.InviteOn, Reference: c.Reference, CreatedAt: now.Format(time.RFC3339),
	}
	s.clients = append(s.clients, client)
	s.taken[strings.ToLower(c.Email)] = true
	s.taken[strings.ToLower(username)] = true
	out.Status, out.ClientID = platform.RowCreated, client.ID
	job.imp.Created++

	sendAt := now
	if d, ok := rules.ParseDate(c.InviteOn); ok && d.After(now) {
		sendAt = d
	}
	inv := job.group.InvitationEmail
	s.mailLocked(Message{
		Kind: KindInvitation, To: c.Email, GroupID: job.group.ID, ImportID: job.imp.ID, ClientID: client.ID,
		FromName: inv.SenderName, Subject: inv.Subject, Language: language, SendAt: &sendAt,
		Body: fmt.Sprintf("Hello %s,\n\n%s invites you to your discovery. Sign in as %s to begin.\n", c.FirstName, inv.SenderName, username),
	})
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func invalidCharacters(c platform.ImportClient) bool {
	if _, _, bad := rules.FirstInvalidNameRune(c.FirstName); bad {
		return true
	}
	if _, _, bad := rules.FirstInvalidNameRune(c.LastName); bad {
		return true
	}
	for _, v := range []string{c.Email, c.Username, c.Language, c.InviteOn, c.Reference} {
		if _, _, hidden := rules.FirstHidden(v); hidden {
			return true
		}
	}
	return false
}

func (s *Server) handleGetImport(w http.ResponseWriter, r *http.Request) {
	user := userOf(r)
	s.mu.Lock()
	job, found := s.imports[r.PathValue("id")]
	var imp platform.Import
	if found && job.userID == user.ID {
		imp = job.imp
		imp.Rows = slices.Clone(job.imp.Rows)
	}
	s.mu.Unlock()
	if imp.ID == "" {
		writeError(w, http.StatusNotFound, platform.CodeNotFound, "No import "+r.PathValue("id")+".")
		return
	}
	if !imp.Finished() {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, http.StatusOK, imp)
}

func (s *Server) handleListImports(w http.ResponseWriter, r *http.Request) {
	user := userOf(r)
	var groupID int64
	if v := r.URL.Query().Get("group_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, platform.CodeValidationFailed, "group_id must be a number.")
			return
		}
		groupID = id
	}
	limit := 20
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusUnprocessableEntity, platform.CodeValidationFailed, "limit must be a positive number.")
			return
		}
		limit = min(n, 100)
	}
	out := []platform.Import{}
	s.mu.Lock()
	for i := len(s.order) - 1; i >= 0 && len(out) < limit; i-- {
		job := s.imports[s.order[i]]
		if job.userID != user.ID || (groupID != 0 && job.imp.GroupID != groupID) {
			continue
		}
		imp := job.imp
		imp.Rows = nil
		out = append(out, imp)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"imports": out})
}
