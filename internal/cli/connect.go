package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/dnaplatform/massuploader/internal/app"
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

// connect opens the application signed in where the command works; the
// username and password in MASSUPLOADER_USERNAME and MASSUPLOADER_PASSWORD
// sign in once, never stored.
func connect(ctx context.Context, env Env, t target) (*app.App, error) {
	return app.Connect(ctx, app.Target{Demo: t.demo, Platform: t.platform,
		Username: env.Getenv("MASSUPLOADER_USERNAME"), Password: secretEnv(env, "MASSUPLOADER_PASSWORD")})
}

// connectGroup opens the application for a command on a file and finds its
// group, saying on standard error where offline data came from; when it
// returns ok=false, the command ends with code.
func connectGroup(ctx context.Context, env Env, name string, a fileArgs) (conn *app.App, g app.Group, code int, ok bool) {
	conn, err := connect(ctx, env, a.target)
	if err != nil {
		return nil, g, failf(env, "%s: %v", name, err), false
	}
	keyringNote(env, conn)
	g, src, err := conn.Group(ctx, a.group)
	if err != nil {
		conn.Close()
		return nil, g, failf(env, "%s: %v", name, app.Describe(err)), false
	}
	fmt.Fprint(env.Err, sourceNote("groups", src))
	return conn, g, 0, true
}

// keyringNote prints the session's keyring warning, if any.
func keyringNote(env Env, a *app.App) {
	if s := a.Session(); s != nil && s.KeyringNote != "" {
		fmt.Fprintln(env.Err, s.KeyringNote)
	}
}

// sourceNote says, for the terminal, where offline data came from.
func sourceNote(what string, src app.Source) string { return app.SourceNote(what, src, time.Now) }

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
	files, code, ok := parseFlags(fs, args)
	if !ok {
		return a, code, false
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
