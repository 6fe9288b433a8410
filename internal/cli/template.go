package cli

import (
	"context"
	"fmt"

	"github.com/dnaplatform/massuploader/internal/atomicfile"
	"github.com/dnaplatform/massuploader/internal/template"
)

func runTemplate(ctx context.Context, env Env, args []string) int {
	fs := newFlags("template", env)
	var t target
	t.flags(fs)
	groupID := fs.Int64("group", 0, "personalise the template for this group (dropdowns of its reports)")
	out := fs.String("o", "", "where to write the template (.xlsx)")
	rest, err := parse(fs, args)
	if err != nil {
		if isHelp(err) {
			return ExitOK
		}
		return ExitFailed
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
	defer conn.close()
	tpl, src, err := conn.catalog.Template(ctx)
	if err != nil {
		return failf(env, "template: downloading the template: %v", describe(err))
	}
	fmt.Fprint(env.Err, sourceNote("template", src))
	data, what := tpl.Data, "the generic template"
	if *groupID != 0 {
		g, _, err := conn.catalog.Group(ctx, *groupID)
		if err != nil {
			return failf(env, "template: %v", describe(err))
		}
		reports, _, err := conn.catalog.Reports(ctx)
		if err != nil {
			return failf(env, "template: reading the report catalog: %v", describe(err))
		}
		if data, err = template.Personalise(tpl.Data, g, reports); err != nil {
			return failf(env, "template: %v", err)
		}
		what = fmt.Sprintf("the template for group %d %s", g.ID, g.Name)
	}
	if err := atomicfile.WriteFile(*out, data, atomicfile.Mode); err != nil {
		return failf(env, "template: %v", err)
	}
	fmt.Fprintf(env.Out, "Saved %s (version %s) to %s\n", oneLine(what), oneLine(tpl.Version), oneLine(*out))
	return ExitOK
}
