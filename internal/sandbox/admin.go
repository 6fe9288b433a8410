package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Message kinds in the mailbox.
const (
	KindInvitation      = "invitation"
	KindCompletionAlert = "completion_alert"
)

// Message is an e-mail the platform queued (GET /sandbox/mailbox).
type Message struct {
	ID       string     `json:"id"`
	Kind     string     `json:"kind"`
	To       string     `json:"to"`
	FromName string     `json:"from_name"`
	Subject  string     `json:"subject"`
	Language string     `json:"language,omitempty"`
	GroupID  int64      `json:"group_id"`
	ImportID string     `json:"import_id"`
	ClientID string     `json:"client_id,omitempty"`
	QueuedAt time.Time  `json:"queued_at"`
	SendAt   *time.Time `json:"send_at,omitempty"`
	Body     string     `json:"body"`
}

func (s *Server) mailLocked(m Message) {
	m.ID = s.newID("msg_", 8)
	m.QueuedAt = s.now().UTC()
	s.mailbox = append(s.mailbox, m)
}

func (s *Server) genLocked() int { return s.gen }

// Clients returns every client record, the demo's existing ones first.
func (s *Server) Clients() []Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.clients)
}

// Mailbox returns every e-mail queued so far.
func (s *Server) Mailbox() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.mailbox)
}

// Requests returns the API request log, oldest first.
func (s *Server) Requests() []RequestLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Reset restores the demo data and forgets tokens, imports, keys, mail and the
// request log; the faults stay as they are.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	s.resetLocked()
}

func (s *Server) handleSandboxClients(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"clients": s.Clients()})
}

func (s *Server) handleSandboxMailbox(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"messages": nonNil(s.Mailbox())})
}

func (s *Server) handleSandboxRequests(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"requests": nonNil(s.Requests())})
}

func (s *Server) handleGetFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Faults())
}

// handleSetFaults changes only the knobs the body names.
func (s *Server) handleSetFaults(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r, 64<<10)
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "validation_failed", err.Error())
		return
	}
	s.mu.Lock()
	f := s.faults
	if err := json.Unmarshal(body, &f); err != nil {
		s.mu.Unlock()
		writeError(w, http.StatusUnprocessableEntity, "validation_failed",
			`Send JSON like {"fault_rate":0.3,"latency":"200ms"}: `+err.Error())
		return
	}
	s.setFaultsLocked(f)
	f = s.faults
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, f)
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
