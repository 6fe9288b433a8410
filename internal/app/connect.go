package app

import (
	"context"
	"errors"

	"github.com/dnaplatform/massuploader/internal/store"
)

// Target is where a command-line run works: the demo sandbox, a platform
// URL, or (with neither) the profile of the last sign-in. With a username and
// a password (and a platform) the sign-in is used once and never stored.
type Target struct {
	Demo               bool
	Platform           string
	Username, Password string
}

// Connect opens an app signed in at the target: a fresh in-process sandbox
// signed in as the demo account (with its own temporary data), a sign-in
// used once, or the stored sign-in of the platform (or of the default
// profile). Its errors are worded for a terminal.
func Connect(ctx context.Context, t Target) (*App, error) {
	if t.Demo {
		return OpenDemo(ctx)
	}
	a, err := OpenUser()
	if err != nil {
		return nil, err
	}
	if t.Username != "" && t.Password != "" && t.Platform != "" {
		err = a.SignInOnce(ctx, t.Platform, t.Username, t.Password)
	} else {
		err = a.ResumeAt(ctx, t.Platform, "")
		if errors.Is(err, ErrNoProfile) && t.Platform == "" {
			err = errors.New("say where: --demo, or --platform URL (and sign in first with massuploader login)")
		}
	}
	if err != nil {
		a.Close()
		return nil, Describe(err)
	}
	return a, nil
}

// OpenUser opens the user's own local data (for login and logout).
func OpenUser() (*App, error) {
	path, err := store.DefaultPath()
	if err != nil {
		return nil, err
	}
	return Open(path)
}
