package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/credentials"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
)

var errNotSignedIn = errors.New("not signed in")

// Resume continues the last sign-in, if there is one; false means the user
// has to sign in (or try the demo).
func (a *App) Resume(ctx context.Context) (bool, error) {
	err := a.ResumeAt(ctx, "", "")
	if errors.Is(err, ErrNoProfile) {
		return false, nil
	}
	return err == nil, err
}

// ResumeAt continues the stored sign-in of the platform at url (username ""
// = the last one used there; url "" = the default profile). Without one it
// returns ErrNoProfile.
func (a *App) ResumeAt(ctx context.Context, url, username string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	sess, err := a.manager().Resume(ctx, url, username)
	if err != nil {
		return err
	}
	a.sess = sess
	return nil
}

// Login signs in to a platform with a password and keeps the sign-in; the
// error is the platform's own (SignIn explains it for a coach).
func (a *App) Login(ctx context.Context, url, username, password string) (*Session, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	sess, err := a.manager().SignIn(ctx, url, username, password)
	if err != nil {
		return nil, err
	}
	a.sess = sess
	return sess, nil
}

// SignIn signs in to a platform with a password.
func (a *App) SignIn(ctx context.Context, url, username, password string) error {
	_, err := a.Login(ctx, url, username, password)
	return Explain(err)
}

// SignInOnce signs in with a password for this run only: the token goes to
// no keyring; the profile (no secret) is kept so that cached data serves
// offline next time.
func (a *App) SignInOnce(ctx context.Context, url, username, password string) error {
	c, err := platform.New(url, platform.Options{})
	if err != nil {
		return err
	}
	lctx, cancel := context.WithTimeout(ctx, time.Minute)
	_, err = c.Login(lctx, username, password)
	cancel()
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	p, err := a.store.ProfileFor(ctx, c.BaseURL(), username)
	if errors.Is(err, store.ErrNotFound) {
		p, err = a.store.SaveProfile(ctx, store.Profile{PlatformURL: c.BaseURL(), Username: username, DisplayName: c.Session().User.DisplayName})
	}
	if err != nil {
		return err
	}
	a.sess = &Session{Client: c, Profile: p, Catalog: catalog.New(c, a.store, p.ID)}
	return nil
}

// Session is the signed-in session, or nil.
func (a *App) Session() *Session {
	sess, _ := a.state()
	return sess
}

// OpenDemo is an app on a fresh demo platform only, with no user data: what
// the command line's --demo uses.
func OpenDemo(ctx context.Context) (*App, error) {
	a := &App{running: map[int64]bool{}}
	if err := a.StartDemo(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// StartDemo starts the sandbox platform in this process and signs in as the
// demo account. The demo keeps its own outbox and cache, apart from the user's.
func (a *App) StartDemo(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stopDemoLocked()
	run, err := sandbox.Start(sandbox.Options{Faults: sandbox.DefaultFaults()}, "")
	if err != nil {
		return fmt.Errorf("starting the demo platform: %w", err)
	}
	st, remove, err := store.OpenTemp("massuploader-demo")
	if err != nil {
		run.Close()
		return err
	}
	m := &manager{Store: st, Credentials: credentials.NewWith(memoryKeyring{}, time.Second)}
	sess, err := m.SignIn(ctx, run.URL, sandbox.DemoUsername, sandbox.DemoPassword)
	if err != nil {
		remove()
		run.Close()
		return fmt.Errorf("signing in to the demo platform: %w", err)
	}
	if a.store != nil {
		a.store.Close()
	}
	a.store, a.sess, a.demo, a.removeDemo = st, sess, run, remove
	return nil
}

func (a *App) stopDemoLocked() {
	if a.demo == nil {
		return
	}
	a.demo.Close()
	a.removeDemo() // closes the demo's database, then deletes its folder
	a.store = nil
	a.demo = nil
	if a.userPath != "" {
		if st, err := store.Open(a.userPath); err == nil {
			a.store = st
		}
	}
	a.sess = nil
}

// Demo is the running demo platform, or nil.
func (a *App) Demo() *sandbox.Running {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.demo
}

// SignOut signs out (of the demo: stops it).
func (a *App) SignOut(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.demo != nil {
		a.stopDemoLocked()
		return nil
	}
	if a.sess == nil {
		return nil
	}
	err := a.manager().SignOut(ctx, a.sess)
	a.sess = nil
	return err
}

func (a *App) manager() *manager {
	return &manager{Store: a.store, Credentials: a.creds}
}

// Status is what the status strip shows.
type Status struct {
	SignedIn     bool
	Who          string
	Platform     string
	Demo         bool
	Online       bool
	OfflineSince time.Time
	KeyringNote  string
	Outbox       int // submissions still waiting or running
	// DataFetchedAt is when the groups on screen came from the platform.
	DataFetchedAt time.Time
}

// Status reports who is signed in, whether the platform answers and what
// waits in the outbox.
func (a *App) Status(ctx context.Context) Status {
	a.mu.Lock()
	sess, demo, st := a.sess, a.demo != nil, a.store
	a.mu.Unlock()
	if sess == nil {
		return Status{}
	}
	s := Status{SignedIn: true, Who: sess.Who(), Platform: sess.Profile.PlatformURL, Demo: demo, Online: true,
		KeyringNote: sess.KeyringNote}
	if since, err := sess.Catalog.Offline(); err != nil {
		s.Online, s.OfflineSince = false, since
	}
	if ids, err := outbox.Unfinished(ctx, st, sess.Profile.ID); err == nil {
		s.Outbox = len(ids)
	}
	if c, err := st.GetCache(ctx, sess.Profile.ID, store.CacheGroups); err == nil {
		s.DataFetchedAt = c.FetchedAt
	}
	return s
}

// memoryKeyring keeps the demo's token out of the OS keyring.
type memoryKeyring struct{}

var demoTokens sync.Map

func (memoryKeyring) Get(s, a string) (string, error) {
	if v, ok := demoTokens.Load(s + a); ok {
		return v.(string), nil
	}
	return "", keyring.ErrNotFound
}
func (memoryKeyring) Set(s, a, v string) error { demoTokens.Store(s+a, v); return nil }
func (memoryKeyring) Delete(s, a string) error { demoTokens.Delete(s + a); return nil }
