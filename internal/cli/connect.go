package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
)

// target is where a command works: the demo sandbox or a platform URL.
type target struct {
	demo     bool
	platform string
}

func (t *target) flags(fs *flag.FlagSet) {
	fs.BoolVar(&t.demo, "demo", false, "use the built-in demo platform (an in-process sandbox)")
	fs.StringVar(&t.platform, "platform", "", "the DNA Platform's address, like https://dna.example.com")
}

func (t *target) check() error {
	switch {
	case t.demo && t.platform != "":
		return errors.New("give either --demo or --platform, not both")
	case !t.demo && t.platform == "":
		return errors.New("say where: --demo, or --platform URL")
	}
	return nil
}

// connection is a signed-in client and what to do when done with it.
type connection struct {
	client *platform.Client
	close  func()
}

// connect signs in: to a fresh in-process sandbox as the demo account, or to a
// platform with MASSUPLOADER_USERNAME and MASSUPLOADER_PASSWORD (used once,
// never stored).
func connect(ctx context.Context, env Env, t target) (*connection, error) {
	if t.demo {
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
		return &connection{client: c, close: run.Close}, nil
	}
	c, err := platform.New(t.platform, platform.Options{})
	if err != nil {
		return nil, err
	}
	user, pass := env.Getenv("MASSUPLOADER_USERNAME"), env.Getenv("MASSUPLOADER_PASSWORD")
	if user == "" || pass == "" {
		return nil, errors.New("not signed in: set MASSUPLOADER_USERNAME and MASSUPLOADER_PASSWORD")
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := c.Login(ctx, user, pass); err != nil {
		return nil, describe(err)
	}
	return &connection{client: c, close: func() {}}, nil
}

// describe says a platform error in a sentence for the terminal.
func describe(err error) error {
	switch {
	case platform.ErrorCode(err) == platform.CodeInvalidCredentials:
		return errors.New("the username or password is not correct")
	case platform.IsCertificateError(err):
		return fmt.Errorf("the platform's certificate could not be verified (is the address right? is a proxy in the way?): %w", err)
	case platform.IsUnreachable(err):
		return fmt.Errorf("the platform cannot be reached (check the address and the network): %w", err)
	}
	return err
}

// findGroup fetches the groups and picks one by ID.
func findGroup(ctx context.Context, c *platform.Client, id int64) (platform.Group, error) {
	groups, err := c.Groups(ctx)
	if err != nil {
		return platform.Group{}, fmt.Errorf("reading your groups: %w", describe(err))
	}
	for _, g := range groups {
		if g.ID == id {
			return g, nil
		}
	}
	msg := fmt.Sprintf("there is no group %d among yours:", id)
	for _, g := range groups {
		msg += fmt.Sprintf(" %d %s;", g.ID, g.Name)
	}
	return platform.Group{}, errors.New(msg)
}
