package sandbox

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
)

// refreshGrace is how long a rotated refresh token keeps working, so that a
// client whose refresh answer was lost can try again.
const refreshGrace = 60 * time.Second

type accessToken struct {
	user    platform.User
	expires time.Time
}

type refreshToken struct {
	user      platform.User
	rotatedAt time.Time // zero while current
	revoked   bool
}

type userKey struct{}

func userOf(r *http.Request) platform.User {
	u, _ := r.Context().Value(userKey{}).(platform.User)
	return u
}

// authed lets a request through only with a current access token.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dna"`)
			writeError(w, http.StatusUnauthorized, platform.CodeInvalidToken, "Sign in first: the request has no access token.")
			return
		}
		s.mu.Lock()
		at, found := s.access[token]
		now := s.now()
		s.mu.Unlock()
		switch {
		case !found:
			writeError(w, http.StatusUnauthorized, platform.CodeInvalidToken, "The access token is not valid; sign in again.")
		case !now.Before(at.expires):
			writeError(w, http.StatusUnauthorized, platform.CodeTokenExpired, "The access token has expired; refresh it.")
		default:
			h(w, r.WithContext(context.WithValue(r.Context(), userKey{}, at.user)))
		}
	}
}

// issueLocked creates a new access and refresh token pair for u.
func (s *Server) issueLocked(u platform.User) platform.Session {
	ttl := time.Duration(s.faults.TokenTTL)
	at := s.newID("at_", 24)
	rt := s.newID("rt_", 32)
	s.access[at] = accessToken{user: u, expires: s.now().Add(ttl)}
	s.refresh[rt] = &refreshToken{user: u}
	return platform.Session{
		AccessToken: at, RefreshToken: rt, TokenType: "Bearer",
		ExpiresIn: int(ttl.Round(time.Second) / time.Second), User: u,
	}
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if _, ok := readJSON(w, r, 64<<10, &req); !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		if strings.EqualFold(a.user.Username, strings.TrimSpace(req.Username)) && a.password == req.Password {
			writeJSON(w, http.StatusOK, s.issueLocked(a.user))
			return
		}
	}
	writeError(w, http.StatusUnauthorized, platform.CodeInvalidCredentials, "The username or password is not correct.")
}

func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	var req struct {
		RefreshToken string `json:"refresh_token"`
	}
	if _, ok := readJSON(w, r, 64<<10, &req); !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rt, found := s.refresh[req.RefreshToken]
	now := s.now()
	if !found || rt.revoked || (!rt.rotatedAt.IsZero() && now.Sub(rt.rotatedAt) >= refreshGrace) {
		writeError(w, http.StatusUnauthorized, platform.CodeInvalidToken, "The refresh token is not valid; sign in again.")
		return
	}
	if rt.rotatedAt.IsZero() {
		rt.rotatedAt = now
	}
	writeJSON(w, http.StatusOK, s.issueLocked(rt.user))
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	var req struct {
		RefreshToken string `json:"refresh_token"`
	}
	if _, ok := readJSON(w, r, 64<<10, &req); !ok {
		return
	}
	s.mu.Lock()
	if rt, found := s.refresh[req.RefreshToken]; found {
		rt.revoked = true
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// ExpireAccessTokens makes every access token expired, as if their lifetime had
// passed: the next authenticated call answers 401 token_expired.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := s.now().Add(-time.Second)
	for k, at := range s.access {
		at.expires = past
		s.access[k] = at
	}
}
