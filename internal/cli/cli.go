// Package cli runs massuploader's headless commands (SPEC §6): validate,
// template, and the ones that follow. It prints for people, or JSON for scripts.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dnaplatform/massuploader/internal/termtext"
	"github.com/dnaplatform/massuploader/internal/version"
)

// Env is what a command reads and writes.
type Env struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   func(string) string
	// Unsetenv removes a variable once read (nil: the environment is not the
	// process's own and nothing needs removing).
	Unsetenv func(string) error
}

// OSEnv is the process's own standard streams and environment.
func OSEnv() Env {
	return Env{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv, Unsetenv: os.Unsetenv}
}

// secretEnv reads a variable holding a secret and removes it from the
// environment, so that no program the app starts later inherits it. (On
// Linux the process's own /proc/PID/environ keeps the value it started with;
// only the same user can read it.)
func secretEnv(env Env, name string) string {
	v := env.Getenv(name)
	if v != "" && env.Unsetenv != nil {
		env.Unsetenv(name)
	}
	return v
}

// Exit codes (SPEC §6).
const (
	ExitOK       = 0
	ExitProblems = 1 // errors found, rows failed or refused
	ExitFailed   = 2 // could not run: bad arguments, unknown group, no platform
)

type command struct {
	name, usage string
	run         func(ctx context.Context, env Env, args []string) int
}

func commands() []command {
	return []command{
		{"validate", "validate (--demo | --platform URL) --group ID [--json] FILE", runValidate},
		{"template", "template (--demo | --platform URL) [--group ID] -o FILE", runTemplate},
		{"submit", "submit (--demo | --platform URL) --group ID [--json] FILE", runSubmit},
		{"imports", "imports [--demo | --platform URL]   (the outbox, history, and the platform's latest)", runImports},
		{"login", "login --platform URL --username NAME   (password from the terminal or standard input)", runLogin},
		{"logout", "logout [--platform URL] [--username NAME]", runLogout},
	}
}

// IsCommand tells whether args (without the program name) ask for a headless
// command rather than the desktop app.
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "help", "--help", "-h", "--version", "version":
		return true
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return true
		}
	}
	return false
}

// Run runs the command named by args[0] and returns its exit code.
func Run(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		usage(env.Out)
		return ExitOK
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(env.Out, version.String())
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.Err, "massuploader: unknown command %q\n", args[0])
	usage(env.Err)
	return ExitFailed
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  massuploader                 the desktop app")
	fmt.Fprintln(w, "  massuploader --demo          the desktop app on the built-in demo platform")
	for _, c := range commands() {
		fmt.Fprintln(w, "  massuploader "+c.usage)
	}
}

// parse reads flags that may stand before or after the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet("massuploader "+name, flag.ContinueOnError)
	fs.SetOutput(env.Err)
	return fs
}

// failf prints a could-not-run message and returns ExitFailed. The message
// may quote the platform or a file, so its control characters are escaped.
func failf(env Env, format string, args ...any) int {
	fmt.Fprintf(env.Err, "massuploader: %s\n", termtext.Escape(fmt.Sprintf(format, args...)))
	return ExitFailed
}

func isHelp(err error) bool { return errors.Is(err, flag.ErrHelp) }

// parseFlags parses a command's flags; when it returns ok=false (help asked
// for, or a bad flag said on standard error), the command ends with code.
func parseFlags(fs *flag.FlagSet, args []string) (positional []string, code int, ok bool) {
	positional, err := parse(fs, args)
	switch {
	case err != nil && isHelp(err):
		return nil, ExitOK, false
	case err != nil:
		return nil, ExitFailed, false
	}
	return positional, 0, true
}

// oneLine is text from a file or the platform for one line of the terminal.
func oneLine(s string) string { return termtext.Line(s) }
