package app

// Signing in and out: the API client, the refresh token in the OS keyring, and
// the profile in the store, joined.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/credentials"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/store"
)

// Session is a signed-in (or resumable) account on one platform.
type Session struct {
	Client  *platform.Client
	Profile store.Profile
	Catalog *catalog.Service
	// KeyringNote is set when the refresh token could not go to the OS keyring:
	// one sentence to show the user.
	KeyringNote string
}

// Who is the name to show for the signed-in user.
func (s *Session) Who() string {
	if s.Profile.DisplayName != "" {
		return s.Profile.DisplayName
	}
	return s.Profile.Username
}

// Host is the platform's host name (the keyring entry's key).
func (s *Session) Host() string { return s.Client.Host() }

// manager makes sessions.
type manager struct {
	Store       *store.Store
	Credentials *credentials.Store
	// Options are passed to every platform client (OnSession is set here).
	Options platform.Options
}

func (m *manager) newClient(url, username string, note *string) (*platform.Client, error) {
	opts := m.Options
	base, err := platform.CheckBaseURL(url)
	if err != nil {
		return nil, err
	}
	// A rotated refresh token is stored before it is used: the old one stops
	// working on the platform a minute later.
	opts.OnSession = func(ctx context.Context, s platform.Session) error {
		saved, err := m.Credentials.Save(ctx, base.Host, username, s.RefreshToken)
		if err != nil {
			return err
		}
		if saved.InMemory {
			*note = saved.Reason
		}
		return nil
	}
	return platform.New(url, opts)
}

// SignIn signs in with a password, keeps the refresh token in the keyring and
// the profile (no secret) in the store, as the default.
func (m *manager) SignIn(ctx context.Context, url, username, password string) (*Session, error) {
	sess := &Session{}
	c, err := m.newClient(url, username, &sess.KeyringNote)
	if err != nil {
		return nil, err
	}
	s, err := c.Login(ctx, username, password)
	if err != nil {
		return nil, err
	}
	p, err := m.Store.SaveProfile(ctx, store.Profile{PlatformURL: c.BaseURL(), Username: username, DisplayName: s.User.DisplayName})
	if err != nil {
		return nil, err
	}
	sess.Client, sess.Profile = c, p
	sess.Catalog = catalog.New(c, m.Store, p.ID)
	return sess, nil
}

// Resume continues the default profile's session, or the profile of url
// (username "" = the last one used there). Nothing is sent: the first call
// refreshes the token. Without a stored token it returns ErrNoProfile.
func (m *manager) Resume(ctx context.Context, url, username string) (*Session, error) {
	var p store.Profile
	var err error
	if url == "" {
		p, err = m.Store.DefaultProfile(ctx)
	} else {
		base, cerr := platform.CheckBaseURL(url)
		if cerr != nil {
			return nil, cerr
		}
		p, err = m.Store.ProfileFor(ctx, base.String(), username)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoProfile
	}
	if err != nil {
		return nil, err
	}
	sess := &Session{Profile: p}
	c, err := m.newClient(p.PlatformURL, p.Username, &sess.KeyringNote)
	if err != nil {
		return nil, err
	}
	token, err := m.Credentials.Load(ctx, c.Host(), p.Username)
	if errors.Is(err, credentials.ErrNotFound) {
		return nil, fmt.Errorf("%s on %s: %w", p.Username, p.PlatformURL, ErrNoProfile)
	}
	if err != nil {
		return nil, err
	}
	c.Resume(token, platform.User{Username: p.Username, DisplayName: p.DisplayName})
	sess.Client = c
	sess.Catalog = catalog.New(c, m.Store, p.ID)
	return sess, nil
}

// SignOut revokes the session on the platform (when it answers) and forgets
// the token here; the profile and its cached data stay for next time.
func (m *manager) SignOut(ctx context.Context, s *Session) error {
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	revokeErr := s.Client.Revoke(rctx)
	cancel()
	if err := m.Credentials.Delete(ctx, s.Client.Host(), s.Profile.Username); err != nil {
		return err
	}
	if revokeErr != nil && !platform.IsUnreachable(revokeErr) && platform.ErrorCode(revokeErr) != platform.CodeInvalidToken {
		return fmt.Errorf("signed out here, but the platform did not confirm: %w", revokeErr)
	}
	return nil
}

// KeyringService is the system keyring's service name for sign-ins.
const KeyringService = credentials.Service

// KeyringAccount is the keyring account a sign-in is kept under.
func KeyringAccount(host, username string) string { return credentials.Account(host, username) }
