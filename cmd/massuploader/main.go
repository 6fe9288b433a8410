// Command massuploader is the Mass Client Uploader: a desktop app that gets a
// batch of new clients into the DNA Platform, and its headless commands.
package main

import (
	"flag"
	"fmt"
	"os"

	"fyne.io/fyne/v2/app"

	"github.com/dnaplatform/massuploader/assets"
	"github.com/dnaplatform/massuploader/ui"
)

func main() {
	fs := flag.NewFlagSet("massuploader", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "run on an in-process sandbox, signed in as the demo account")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	_ = demo
	a := app.NewWithID("com.dnaplatform.massuploader")
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Mass Client Uploader")
	ui.Create(a, w)
	w.ShowAndRun()
	fmt.Fprint(os.Stderr)
}
