//go:build race

package bench

// raceEnabled: the race detector slows XML parsing tenfold; tests that the
// workbook package already makes under it are left to the plain run.
const raceEnabled = true
