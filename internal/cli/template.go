package cli

import (
	"context"
	"fmt"

	"github.com/dnaplatform/massuploader/internal/app"
)

func runTemplate(ctx context.Context, env Env, args []string) int {
	fs := newFlags("template", env)
	var t target
	t.flags(fs)
	groupID := fs.Int64("group", 0, "personalise the template for this group (dropdowns of its reports)")
	out := fs.String("o", "", "where to write the template (.xlsx)")
	rest, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if err := t.check(); err != nil {
		return failf(env, "template: %v", err)
	}
	if *out == "" || len(rest) > 0 {
		return failf(env, "template: say where to write it: -o FILE")
	}
	conn, err := connect(ctx, env, t)
	if err != nil {
		return failf(env, "template: %v", err)
	}
	defer conn.Close()
	tpl, src, err := conn.Template(ctx)
	if err != nil {
		return failf(env, "template: downloading the template: %v", app.Describe(err))
	}
	fmt.Fprint(env.Err, sourceNote("template", src))
	what := "the generic template"
	if *groupID == 0 {
		_, _, err = conn.SaveGenericTemplate(ctx, *out)
	} else {
		g, _, gerr := conn.Group(ctx, *groupID)
		if gerr != nil {
			return failf(env, "template: %v", app.Describe(gerr))
		}
		if _, _, rerr := conn.Reports(ctx); rerr != nil {
			return failf(env, "template: reading the report catalog: %v", app.Describe(rerr))
		}
		_, _, err = conn.SaveTemplate(ctx, g, *out)
		what = fmt.Sprintf("the template for group %d %s", g.ID, g.Name)
	}
	if err != nil {
		return failf(env, "template: %v", err)
	}
	fmt.Fprintf(env.Out, "Saved %s (version %s) to %s\n", oneLine(what), oneLine(tpl.Version), oneLine(*out))
	return ExitOK
}
