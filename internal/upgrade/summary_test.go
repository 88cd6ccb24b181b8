package upgrade

import "testing"

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		p    Plan
		want string
	}{
		{Plan{Incomplete: "could not compute the new build list: no network"}, "not planned: could not compute the new build list: no network"},
		{Plan{Fixes: make([]Problem, 2)}, "fixes 2 known problems, breaks nothing in your code"},
		{Plan{Brings: make([]Problem, 1), Breaks: []Break{{Position: "main.go:3:4"}, {}}},
			"fixes no known problem, brings 1 known problem, breaks 2 places (first main.go:3:4)"},
		{Plan{Fixes: make([]Problem, 1), Breaks: []Break{{Position: "a.go:1:2"}}, Migrations: make([]Migration, 2), remainingKnown: true},
			"fixes 1 known problem, breaks 1 place that its migrations fix (a.go:1:2), 2 migrations"},
		{Plan{Fixes: make([]Problem, 1), Breaks: []Break{{Position: "a.go:1:2"}}, Migrations: make([]Migration, 1), Remaining: []Break{{}}, remainingKnown: true},
			"fixes 1 known problem, breaks 1 place (first a.go:1:2), 1 migration"},
	} {
		if got := tc.p.Summary(); got != tc.want {
			t.Errorf("Summary() = %q, want %q", got, tc.want)
		}
	}
}
