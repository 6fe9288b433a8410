// Package app is the application layer both front ends share: the window (ui/)
// and the command line (internal/cli) call it with what the user asked for —
// sign in, read the catalog, check a file, edit it, submit it — and get plain
// data back. It never touches a widget or a terminal, so all of it runs
// headless in tests against the in-process sandbox.
package app

import (
	"context"
	"sync"

	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/credentials"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
)

// The types the front ends show, named here so that they reach the lower
// floors only through this package.
type (
	Group      = platform.Group
	Report     = platform.Report
	Source     = catalog.Source
	Submission = outbox.Submission
	RowResult  = outbox.RowResult
	Event      = outbox.Event
	RecentFile = store.RecentFile
)

// Row states of a submission's results, and the natural-behaviour process.
const (
	RowCreated             = outbox.RowCreated
	RowPending             = outbox.RowPending
	ProcessNaturalBehavior = platform.ProcessNaturalBehavior
)

// App holds the application's state: the local store, the sign-in, and the
// demo platform while it runs.
type App struct {
	// SenderOptions tune the outbox sender (tests make it fast).
	SenderOptions outbox.Options

	mu       sync.Mutex
	store    *store.Store
	userPath string // the user's database, kept while the demo runs; "" for a demo-only app
	creds    *credentials.Store
	sess     *Session
	demo     *sandbox.Running
	// removeDemo closes the demo's database and deletes its folder.
	removeDemo func() error
	running    map[int64]bool
}

// Open opens the user's local store.
func Open(dbPath string) (*App, error) {
	st, err := store.Open(dbPath)
	if err != nil {
		return nil, err
	}
	return &App{store: st, userPath: dbPath, creds: credentials.New(), running: map[int64]bool{}}, nil
}

// DataPath is where the user's local data lives.
func (a *App) DataPath() string { return a.userPath }

// Close ends the demo platform, if any, and closes the store.
func (a *App) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stopDemoLocked()
	if a.store != nil {
		a.store.Close()
		a.store = nil
	}
}

// state is the session and store in use now.
func (a *App) state() (*Session, *store.Store) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sess, a.store
}

// session is the signed-in session, or an error saying there is none.
func (a *App) session() (*Session, *store.Store, error) {
	sess, st := a.state()
	if sess == nil {
		return nil, st, errNotSignedIn
	}
	return sess, st, nil
}

// RecentFiles lists recently opened files.
func (a *App) RecentFiles(ctx context.Context) []RecentFile {
	_, st := a.state()
	files, _ := st.RecentFiles(ctx)
	return files
}
