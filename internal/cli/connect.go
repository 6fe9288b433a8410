package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/credentials"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/session"
	"github.com/dnaplatform/massuploader/internal/store"
)

// target is where a command works: the demo sandbox, a platform URL, or (with
// neither) the profile of the last sign-in.
type target struct {
	demo     bool
	platform string
}

func (t *target) flags(fs *flag.FlagSet) {
	fs.BoolVar(&t.demo, "demo", false, "use the built-in demo platform (an in-process sandbox)")
	fs.StringVar(&t.platform, "platform", "", "the DNA Platform's address, like https://dna.example.com (default: the last one signed in to)")
}

func (t *target) check() error {
	if t.demo && t.platform != "" {
		return errors.New("give either --demo or --platform, not both")
	}
	return nil
}

// Catalog is what commands read from the platform, live or cached.
type Catalog interface {
	Group(ctx context.Context, id int64) (platform.Group, catalog.Source, error)
	Reports(ctx context.Context) ([]platform.Report, catalog.Source, error)
	Template(ctx context.Context) (platform.Template, catalog.Source, error)
}

// connection is a signed-in client and what to do when done with it.
type connection struct {
	client    *platform.Client
	catalog   Catalog
	store     *store.Store // in demo mode, a temporary one
	profileID int64
	note      string // a keyring warning for the user
	close     func()
}

// lookup asks the platform about existing clients, unless the catalog already
// found it offline (then the wait would only delay the same answer).
func (c *connection) lookup() lookupFunc {
	return func(ctx context.Context, q platform.LookupRequest) (platform.LookupResult, error) {
		if o, ok := c.catalog.(interface{ Offline() (time.Time, error) }); ok {
			if _, err := o.Offline(); err != nil {
				return platform.LookupResult{}, err
			}
		}
		return c.client.Lookup(ctx, q)
	}
}

// openStore opens the local database.
func openStore() (*store.Store, error) {
	path, err := store.DefaultPath()
	if err != nil {
		return nil, err
	}
	return store.Open(path)
}

func manager(st *store.Store) *session.Manager {
	return &session.Manager{Store: st, Credentials: credentials.New()}
}

// connect gets a session: a fresh in-process sandbox signed in as the demo
// account; or, with MASSUPLOADER_USERNAME and MASSUPLOADER_PASSWORD set, a
// sign-in used once and never stored; or the stored sign-in of the platform
// (or of the default profile).
func connect(ctx context.Context, env Env, t target) (*connection, error) {
	if t.demo {
		return connectDemo(ctx)
	}
	st, err := openStore()
	if err != nil {
		return nil, err
	}
	m := manager(st)
	var sess *session.Session
	user, pass := env.Getenv("MASSUPLOADER_USERNAME"), secretEnv(env, "MASSUPLOADER_PASSWORD")
	switch {
	case user != "" && pass != "" && t.platform != "":
		c, cerr := platform.New(t.platform, platform.Options{})
		if cerr != nil {
			st.Close()
			return nil, cerr
		}
		lctx, cancel := context.WithTimeout(ctx, time.Minute)
		_, err = c.Login(lctx, user, pass)
		cancel()
		if err == nil {
			// The profile (no secret) is kept, so that cached data serves offline.
			p, perr := st.ProfileFor(ctx, c.BaseURL(), user)
			if errors.Is(perr, store.ErrNotFound) {
				p, perr = st.SaveProfile(ctx, store.Profile{PlatformURL: c.BaseURL(), Username: user, DisplayName: c.Session().User.DisplayName})
			}
			if perr != nil {
				err = perr
			}
			sess = &session.Session{Client: c, Profile: p, Catalog: catalog.New(c, st, p.ID)}
		}
	default:
		sess, err = m.Resume(ctx, t.platform, "")
		if errors.Is(err, session.ErrNoProfile) && t.platform == "" {
			err = errors.New("say where: --demo, or --platform URL (and sign in first with massuploader login)")
		}
	}
	if err != nil {
		st.Close()
		return nil, describe(err)
	}
	return &connection{client: sess.Client, catalog: sess.Catalog, store: st, profileID: sess.Profile.ID,
		note: sess.KeyringNote, close: func() { st.Close() }}, nil
}

func connectDemo(ctx context.Context) (*connection, error) {
	run, err := sandbox.Start(sandbox.Options{Faults: sandbox.DefaultFaults()}, "")
	if err != nil {
		return nil, fmt.Errorf("starting the demo platform: %w", err)
	}
	c, err := platform.New(run.URL, platform.Options{})
	if err == nil {
		_, err = c.Login(ctx, sandbox.DemoUsername, sandbox.DemoPassword)
	}
	if err != nil {
		run.Close()
		return nil, fmt.Errorf("signing in to the demo platform: %w", err)
	}
	// The demo's platform lives only for this run, and so does its outbox.
	st, remove, err := store.OpenTemp("massuploader-demo")
	if err != nil {
		run.Close()
		return nil, err
	}
	return &connection{client: c, catalog: liveCatalog{c}, store: st, close: func() {
		remove()
		run.Close()
	}}, nil
}

// liveCatalog reads straight from the platform (the demo keeps no cache).
type liveCatalog struct{ c *platform.Client }

func (l liveCatalog) Group(ctx context.Context, id int64) (platform.Group, catalog.Source, error) {
	groups, err := l.c.Groups(ctx)
	if err != nil {
		return platform.Group{}, catalog.Source{}, err
	}
	g, err := catalog.FindGroup(groups, id)
	return g, catalog.Source{Live: true, FetchedAt: time.Now()}, err
}

func (l liveCatalog) Reports(ctx context.Context) ([]platform.Report, catalog.Source, error) {
	r, err := l.c.Reports(ctx)
	return r, catalog.Source{Live: true, FetchedAt: time.Now()}, err
}

func (l liveCatalog) Template(ctx context.Context) (platform.Template, catalog.Source, error) {
	t, err := l.c.Template(ctx, "")
	return t, catalog.Source{Live: true, FetchedAt: time.Now()}, err
}

// describe says a platform error in a sentence for the terminal.
func describe(err error) error {
	switch {
	case platform.ErrorCode(err) == platform.CodeInvalidCredentials:
		return errors.New("the username or password is not correct")
	case platform.ErrorCode(err) == platform.CodeInvalidToken:
		return errors.New("the stored sign-in is no longer valid: sign in again with massuploader login")
	case platform.IsCertificateError(err):
		return fmt.Errorf("the platform's certificate could not be verified (is the address right? is a proxy in the way?): %w", err)
	case platform.IsUnreachable(err):
		return fmt.Errorf("the platform cannot be reached (check the address and the network): %w", err)
	}
	return err
}

// sourceNote says, for the terminal, where offline data came from.
func sourceNote(what string, src catalog.Source) string {
	if src.Live {
		return ""
	}
	return fmt.Sprintf("offline: using the %s saved %s ago\n", what, time.Since(src.FetchedAt).Round(time.Minute))
}

// fileArgs are the arguments of the commands that take a group and a file.
type fileArgs struct {
	target
	group  int64
	asJSON bool
	file   string
}

// parseFileArgs reads "(--demo | --platform URL) --group ID [--json] FILE";
// when it returns ok=false, the command ends with code.
func parseFileArgs(name, jsonHelp string, env Env, args []string) (a fileArgs, code int, ok bool) {
	fs := newFlags(name, env)
	a.flags(fs)
	fs.Int64Var(&a.group, "group", 0, "the group's ID")
	fs.BoolVar(&a.asJSON, "json", false, jsonHelp)
	files, err := parse(fs, args)
	switch {
	case err != nil && isHelp(err):
		return a, ExitOK, false
	case err != nil:
		return a, ExitFailed, false
	}
	if err := a.check(); err != nil {
		return a, failf(env, "%s: %v", name, err), false
	}
	if a.group == 0 || len(files) != 1 {
		return a, failf(env, "%s: usage: massuploader %s (--demo | --platform URL) --group ID [--json] FILE", name, name), false
	}
	a.file = files[0]
	return a, 0, true
}
