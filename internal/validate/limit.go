package validate

// MaxIssuesPerCode is how many issues of one code a report lists; the rest
// are counted, not listed: a list of 100 000 rows that are all wrong the same
// way says so in a page, not in a million lines.
const MaxIssuesPerCode = 1000

// Limit keeps the first perCode issues of each code, in order, and counts
// the issues of each code it leaves out (nil when it leaves none out).
func Limit(issues []Issue, perCode int) (kept []Issue, omitted map[string]int) {
	seen := map[string]int{}
	kept = issues[:0:0]
	for _, is := range issues {
		if seen[is.Code]++; seen[is.Code] > perCode {
			if omitted == nil {
				omitted = map[string]int{}
			}
			omitted[is.Code]++
			continue
		}
		kept = append(kept, is)
	}
	return kept, omitted
}
