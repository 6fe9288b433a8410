// Command massuploader is the Mass Client Uploader: a desktop app that gets a
// batch of new clients into the DNA Platform, and its headless commands.
package main

import (
	"context"
	"flag"
	"os"
	"os/signal"

	"fyne.io/fyne/v2/app"

	"github.com/dnaplatform/massuploader/assets"
	"github.com/dnaplatform/massuploader/internal/cli"
	"github.com/dnaplatform/massuploader/ui"
)

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := cli.Run(ctx, cli.OSEnv(), args)
		stop()
		os.Exit(code)
	}
	fs := flag.NewFlagSet("massuploader", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "run on the built-in demo platform, signed in as the demo account")
	if err := fs.Parse(args); err != nil {
		os.Exit(cli.ExitFailed)
	}
	a := app.NewWithID("com.dnaplatform.massuploader")
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Mass Client Uploader")
	ui.Create(a, w, ui.Options{Demo: *demo})
	w.ShowAndRun()
}
