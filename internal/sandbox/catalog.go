package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/template"
)

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	groups := slices.Clone(s.groups)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"groups": groups})
}

func (s *Server) handleReports(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	reports := slices.Clone(s.reports)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"reports": reports})
}

func (s *Server) handleTemplate(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", s.etag)
	w.Header().Set("X-Template-Version", template.Version)
	w.Header().Set("Cache-Control", "no-cache")
	for tag := range strings.SplitSeq(r.Header.Get("If-None-Match"), ",") {
		if t := strings.TrimSpace(tag); t == s.etag || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="Mass Create New Client `+template.Version+`.xlsx"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(s.template)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(s.template)
}

func (s *Server) handleLookup(w http.ResponseWriter, r *http.Request) {
	var req platform.LookupRequest
	if _, ok := readJSON(w, r, 1<<20, &req); !ok {
		return
	}
	if len(req.Emails) > platform.MaxLookupItems || len(req.Usernames) > platform.MaxLookupItems {
		writeError(w, http.StatusUnprocessableEntity, platform.CodeValidationFailed,
			"A lookup takes at most 1000 emails and 1000 usernames.")
		return
	}
	out := platform.LookupResult{ExistingEmails: []string{}, ExistingUsernames: []string{}}
	s.mu.Lock()
	for _, e := range req.Emails {
		if l := strings.ToLower(strings.TrimSpace(e)); s.taken[l] {
			out.ExistingEmails = append(out.ExistingEmails, l)
		}
	}
	for _, u := range req.Usernames {
		if l := strings.ToLower(strings.TrimSpace(u)); s.taken[l] {
			out.ExistingUsernames = append(out.ExistingUsernames, l)
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) groupLocked(id int64) (platform.Group, bool) {
	for _, g := range s.groups {
		if g.ID == id {
			return g, true
		}
	}
	return platform.Group{}, false
}

func (s *Server) reportLocked(id int64) (platform.Report, bool) {
	for _, r := range s.reports {
		if r.ID == id {
			return r, true
		}
	}
	return platform.Report{}, false
}
