// Package bridge is the seam between the desktop screens and everything else
// (as rymdport's bridge is): the screens call it with what the user asked for,
// and it answers with plain data. It never touches a widget, so all of it can
// be tested without a display.
package bridge

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/dnaplatform/massuploader/internal/atomicfile"
	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/credentials"
	"github.com/dnaplatform/massuploader/internal/draft"
	"github.com/dnaplatform/massuploader/internal/export"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/session"
	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// Bridge holds the app's state outside the screens.
type Bridge struct {
	// SenderOptions tune the outbox sender (tests make it fast).
	SenderOptions outbox.Options

	mu         sync.Mutex
	store      *store.Store
	userPath   string // the user's database, kept while the demo runs
	creds      *credentials.Store
	sess       *session.Session
	demo       *sandbox.Running
	removeDemo func() error // closes the demo database and deletes its folder
	running    map[int64]bool
}

// Open opens the user's local store.
func Open(dbPath string) (*Bridge, error) {
	st, err := store.Open(dbPath)
	if err != nil {
		return nil, err
	}
	return &Bridge{store: st, userPath: dbPath, creds: credentials.New(), running: map[int64]bool{}}, nil
}

// DataPath is where the user's local data lives.
func (b *Bridge) DataPath() string { return b.userPath }

// Close ends the demo platform, if any, and closes the store.
func (b *Bridge) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stopDemoLocked()
	b.store.Close()
}

func (b *Bridge) manager() *session.Manager {
	return &session.Manager{Store: b.store, Credentials: b.creds}
}

// Resume continues the last sign-in, if there is one; false means the user
// has to sign in (or try the demo).
func (b *Bridge) Resume(ctx context.Context) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	sess, err := b.manager().Resume(ctx, "", "")
	if errors.Is(err, session.ErrNoProfile) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	b.sess = sess
	return true, nil
}

// SignIn signs in to a platform with a password.
func (b *Bridge) SignIn(ctx context.Context, url, username, password string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	sess, err := b.manager().SignIn(ctx, url, username, password)
	if err != nil {
		return Explain(err)
	}
	b.sess = sess
	return nil
}

// StartDemo starts the sandbox platform in this process and signs in as the
// demo account. The demo keeps its own outbox and cache, apart from the user's.
func (b *Bridge) StartDemo(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stopDemoLocked()
	run, err := sandbox.Start(sandbox.Options{Faults: sandbox.DefaultFaults()}, "")
	if err != nil {
		return fmt.Errorf("starting the demo platform: %w", err)
	}
	st, remove, err := store.OpenTemp("massuploader-demo")
	if err != nil {
		run.Close()
		return err
	}
	m := &session.Manager{Store: st, Credentials: credentials.NewWith(memoryKeyring{}, time.Second)}
	sess, err := m.SignIn(ctx, run.URL, sandbox.DemoUsername, sandbox.DemoPassword)
	if err != nil {
		remove()
		run.Close()
		return fmt.Errorf("signing in to the demo platform: %w", err)
	}
	b.store.Close()
	b.store, b.sess, b.demo, b.removeDemo = st, sess, run, remove
	return nil
}

func (b *Bridge) stopDemoLocked() {
	if b.demo == nil {
		return
	}
	b.demo.Close()
	b.removeDemo() // closes the demo's database, then deletes its folder
	b.demo = nil
	if st, err := store.Open(b.userPath); err == nil {
		b.store = st
	}
	b.sess = nil
}

// Demo is the running demo platform, or nil.
func (b *Bridge) Demo() *sandbox.Running {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.demo
}

// SignOut signs out (of the demo: stops it).
func (b *Bridge) SignOut(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.demo != nil {
		b.stopDemoLocked()
		return nil
	}
	if b.sess == nil {
		return nil
	}
	err := b.manager().SignOut(ctx, b.sess)
	b.sess = nil
	return err
}

func (b *Bridge) session() (*session.Session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sess == nil {
		return nil, errors.New("not signed in")
	}
	return b.sess, nil
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
func (b *Bridge) Status(ctx context.Context) Status {
	b.mu.Lock()
	sess, demo, st := b.sess, b.demo != nil, b.store
	b.mu.Unlock()
	if sess == nil {
		return Status{}
	}
	s := Status{SignedIn: true, Who: sess.Profile.DisplayName, Platform: sess.Profile.PlatformURL, Demo: demo, Online: true,
		KeyringNote: sess.KeyringNote}
	if s.Who == "" {
		s.Who = sess.Profile.Username
	}
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

// Groups returns the user's groups, live or cached.
func (b *Bridge) Groups(ctx context.Context) ([]platform.Group, catalog.Source, error) {
	sess, err := b.session()
	if err != nil {
		return nil, catalog.Source{}, err
	}
	g, src, err := sess.Catalog.Groups(ctx)
	return g, src, Explain(err)
}

// Reports returns the report catalog, live or cached.
func (b *Bridge) Reports(ctx context.Context) ([]platform.Report, catalog.Source, error) {
	sess, err := b.session()
	if err != nil {
		return nil, catalog.Source{}, err
	}
	r, src, err := sess.Catalog.Reports(ctx)
	return r, src, Explain(err)
}

// SaveTemplate writes the latest template, personalised for the group, to path.
func (b *Bridge) SaveTemplate(ctx context.Context, g platform.Group, path string) (platform.Template, catalog.Source, error) {
	sess, err := b.session()
	if err != nil {
		return platform.Template{}, catalog.Source{}, err
	}
	tpl, src, err := sess.Catalog.Template(ctx)
	if err != nil {
		return tpl, src, Explain(err)
	}
	reports, _, err := sess.Catalog.Reports(ctx)
	if err != nil {
		return tpl, src, Explain(err)
	}
	data, err := template.Personalise(tpl.Data, g, reports)
	if err != nil {
		return tpl, src, err
	}
	if err := atomicfile.WriteFile(path, data, atomicfile.Mode); err != nil {
		return tpl, src, err
	}
	return tpl, src, nil
}

// Checked is a file read and validated for a group.
type Checked struct {
	Path    string
	SHA256  string
	Group   platform.Group
	Engine  *validate.Engine // nil when the file could not be read
	Issues  []validate.Issue
	Counts  validate.Counts
	Offline bool // existing clients were not checked
	// RetryOf is the submission whose failed rows this file holds, or 0.
	RetryOf int64
	// Draft holds the edits kept for this file's content, already applied.
	Draft *draft.Draft
}

// Check reads and validates a file for a group, and asks the platform about
// existing clients when it answers.
func (b *Bridge) Check(ctx context.Context, path string, g platform.Group) (*Checked, error) {
	sess, err := b.session()
	if err != nil {
		return nil, err
	}
	reports, _, err := sess.Catalog.Reports(ctx)
	if err != nil {
		return nil, Explain(err)
	}
	c := &Checked{Path: path, Group: g, Draft: &draft.Draft{}}
	c.SHA256, _ = workbook.SHA256(path) // before reading: a later change is then seen as one
	e, err := validate.ReadFile(path, validate.Context{Group: g, Reports: reports})
	if err != nil {
		c.Issues = []validate.Issue{validate.FileErrorIssue(err)}
		c.Counts = validate.Count(c.Issues)
		return c, nil
	}
	c.Engine = e
	if c.Draft, err = b.LoadDraft(ctx, c); err != nil {
		c.Draft = &draft.Draft{} // an unreadable draft must not keep the file from opening
	}
	if _, off := sess.Catalog.Offline(); off == nil {
		if found, err := sess.Client.Lookup(ctx, e.LookupRequest()); err == nil {
			e.SetExisting(validate.NewExisting(found))
		}
	}
	c.Offline = !e.Checked()
	c.Issues = e.Issues()
	c.Counts = validate.Count(c.Issues)
	_ = b.store.AddRecentFile(ctx, store.RecentFile{Path: path, SHA256: c.SHA256, GroupID: g.ID, OpenedAt: time.Now()})
	return c, nil
}

// RecentFiles lists recently opened files.
func (b *Bridge) RecentFiles(ctx context.Context) []store.RecentFile {
	b.mu.Lock()
	st := b.store
	b.mu.Unlock()
	files, _ := st.RecentFiles(ctx)
	return files
}

// Enqueue puts a checked file without errors in the outbox.
func (b *Bridge) Enqueue(ctx context.Context, c *Checked) (int64, error) {
	sess, err := b.session()
	if err != nil {
		return 0, err
	}
	if c.Engine == nil || c.Counts.Errors > 0 {
		return 0, errors.New("the file still has errors: fix them before submitting")
	}
	var rows []outbox.Row
	for i := range c.Engine.Len() {
		if c.Engine.Removed(i) {
			continue
		}
		r := c.Engine.Row(i)
		original := make([]string, template.NumFields)
		for f := range original {
			original[f] = r.Cells[f].Value
		}
		rows = append(rows, outbox.Row{Client: c.Engine.ImportClient(i), Original: original})
	}
	return outbox.Enqueue(ctx, b.store, outbox.Request{ProfileID: sess.Profile.ID, Group: c.Group, FilePath: c.Path,
		FileSHA256: c.SHA256, TemplateVersion: c.Engine.Header().Version, Rows: rows, RetryOf: c.RetryOf})
}

// Send drives a submission to its end, reporting events; it returns at the end
// or when ctx ends (the work stays in the outbox). A submission already being
// sent by this app is not sent twice at once.
func (b *Bridge) Send(ctx context.Context, id int64, onEvent func(outbox.Event)) (outbox.Submission, error) {
	sess, err := b.session()
	if err != nil {
		return outbox.Submission{}, err
	}
	b.mu.Lock()
	if b.running[id] {
		b.mu.Unlock()
		return outbox.Submission{}, fmt.Errorf("submission %d is already being sent", id)
	}
	b.running[id] = true
	st := b.store
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.running, id)
		b.mu.Unlock()
	}()
	opts := b.SenderOptions
	opts.OnEvent = onEvent
	return outbox.NewSender(st, sess.Client, opts).Run(ctx, id)
}

// Unfinished lists the submissions waiting in the outbox.
func (b *Bridge) Unfinished(ctx context.Context) ([]int64, error) {
	sess, err := b.session()
	if err != nil {
		return nil, err
	}
	return outbox.Unfinished(ctx, b.store, sess.Profile.ID)
}

// History lists past and pending submissions, newest first.
func (b *Bridge) History(ctx context.Context) ([]outbox.Submission, error) {
	sess, err := b.session()
	if err != nil {
		return nil, err
	}
	return outbox.List(ctx, b.store, sess.Profile.ID, 100)
}

// Results returns a submission's rows.
func (b *Bridge) Results(ctx context.Context, id int64) ([]outbox.RowResult, error) {
	return outbox.Results(ctx, b.store, id)
}

// WriteOutcome writes the results workbook and, when rows failed, the retry
// file beside the source file; it returns their paths ("" when not written).
func (b *Bridge) WriteOutcome(ctx context.Context, sub outbox.Submission) (results, retry string, err error) {
	rows, err := outbox.Results(ctx, b.store, sub.ID)
	if err != nil {
		return "", "", err
	}
	results = export.ResultsPath(sub.FilePath)
	if err := export.WriteResults(results, sub, rows); err != nil {
		return "", "", err
	}
	for _, r := range rows {
		if r.Status != outbox.RowCreated {
			sess, serr := b.session()
			if serr != nil {
				return results, "", serr
			}
			tpl, _, terr := sess.Catalog.Template(ctx)
			if terr != nil {
				return results, "", Explain(terr)
			}
			retry = export.RetryPath(sub.FilePath)
			if _, err := export.WriteRetry(retry, tpl.Data, rows); err != nil {
				return results, "", err
			}
			break
		}
	}
	return results, retry, nil
}

// Sentence is an error said for a coach: a whole sentence, capital and full
// stop included, that says what to do.
type Sentence string

func (s Sentence) Error() string { return string(s) }

// Explain turns an error into a sentence a coach can act on.
func Explain(err error) error {
	switch {
	case err == nil:
		return nil
	case platform.ErrorCode(err) == platform.CodeInvalidCredentials:
		return Sentence("The username or password is not correct. Check them and try again.")
	case platform.ErrorCode(err) == platform.CodeInvalidToken:
		return Sentence("Your sign-in has expired. Sign in again.")
	case errors.Is(err, platform.ErrInsecureURL):
		return Sentence("The address must start with https:// (plain http:// is only allowed for this computer).")
	case platform.IsCertificateError(err):
		return Sentence(fmt.Sprintf("The platform's security certificate could not be verified, so nothing was sent. Check the address; if your organisation uses a proxy, ask IT to trust it. (%v)", err))
	case errors.Is(err, catalog.ErrNoData):
		return Sentence("The platform cannot be reached, and nothing is saved from an earlier visit. Check the network, then try again.")
	case platform.IsUnreachable(err):
		return Sentence(fmt.Sprintf("The platform cannot be reached. Check the address and the network. (%v)", err))
	}
	return err
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
