package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/dnaplatform/massuploader/internal/app"
)

func runLogin(ctx context.Context, env Env, args []string) int {
	fs := newFlags("login", env)
	url := fs.String("platform", "", "the DNA Platform's address, like https://dna.example.com")
	username := fs.String("username", "", "your username on the platform")
	rest, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if *url == "" || *username == "" || len(rest) > 0 {
		return failf(env, "login: usage: massuploader login --platform URL --username NAME")
	}
	password := secretEnv(env, "MASSUPLOADER_PASSWORD")
	if password == "" {
		var err error
		if password, err = readPassword(env); err != nil {
			return failf(env, "login: reading the password: %v", err)
		}
	}
	if password == "" {
		return failf(env, "login: no password given")
	}
	a, err := app.OpenUser()
	if err != nil {
		return failf(env, "login: %v", err)
	}
	defer a.Close()
	lctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	sess, err := a.Login(lctx, *url, *username, password)
	if err != nil {
		return failf(env, "login: %v", app.Describe(err))
	}
	who := sess.Who()
	fmt.Fprintf(env.Out, "Signed in to %s as %s.\n", oneLine(sess.Profile.PlatformURL), oneLine(who))
	if sess.KeyringNote != "" {
		fmt.Fprintln(env.Err, sess.KeyringNote)
	} else {
		fmt.Fprintf(env.Out, "The sign-in is kept in the system keyring (%s, %s); the password is not stored.\n",
			app.KeyringService, app.KeyringAccount(sess.Host(), sess.Profile.Username))
	}
	return ExitOK
}

// readPassword reads from the terminal without echo, or a line of standard input.
func readPassword(env Env) (string, error) {
	if f, ok := env.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Err, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Err)
		return string(b), err
	}
	line, err := bufio.NewReader(env.In).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("nothing on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func runLogout(ctx context.Context, env Env, args []string) int {
	fs := newFlags("logout", env)
	url := fs.String("platform", "", "the platform to sign out of (default: the last one signed in to)")
	username := fs.String("username", "", "the account (default: the last one used there)")
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	a, err := app.OpenUser()
	if err != nil {
		return failf(env, "logout: %v", err)
	}
	defer a.Close()
	err = a.ResumeAt(ctx, *url, *username)
	if errors.Is(err, app.ErrNoProfile) {
		fmt.Fprintln(env.Out, "Not signed in.")
		return ExitOK
	}
	if err != nil {
		return failf(env, "logout: %v", err)
	}
	sess := a.Session()
	if err := a.SignOut(ctx); err != nil {
		return failf(env, "logout: %v", err)
	}
	fmt.Fprintf(env.Out, "Signed out of %s (%s); the sign-in was removed from the system keyring.\n", oneLine(sess.Profile.PlatformURL), oneLine(sess.Profile.Username))
	return ExitOK
}
