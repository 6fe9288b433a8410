// Command massuploader is the Mass Client Uploader: a desktop app that gets a
// batch of new clients into the DNA Platform, and its headless commands.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2/app"

	"github.com/dnaplatform/massuploader/assets"
	core "github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/cli"
	_ "github.com/dnaplatform/massuploader/internal/posixlocale" // before Fyne's init: see the package
	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/ui"
)

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		attachParentConsole()
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
	path, err := store.DefaultPath()
	if err == nil {
		var b *core.App
		if b, err = core.Open(path); err == nil {
			defer b.Close()
			a := app.NewWithID("com.dnaplatform.massuploader")
			a.SetIcon(assets.Icon)
			w := a.NewWindow("Mass Client Uploader")
			w.SetMaster()
			a.Lifecycle().SetOnStarted(returnStartupMemory)
			ui.Create(a, w, ui.Options{Demo: *demo, App: b})
			w.ShowAndRun()
			return
		}
	}
	fmt.Fprintln(os.Stderr, "massuploader: the local data cannot be opened:", err)
	os.Exit(cli.ExitFailed)
}

// returnStartupMemory hands the garbage of start-up (font tables parsed for
// measuring, the first layout) back to the system once the first frame is up.
// Otherwise the runtime keeps it as headroom, and an app that mostly idles
// between files would hold ~10 MB it does not use.
func returnStartupMemory() {
	time.AfterFunc(2*time.Second, debug.FreeOSMemory)
}
