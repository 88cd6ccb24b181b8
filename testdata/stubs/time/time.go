// Package time is a stand-in for time in card fixtures: the names the
// fixtures and their dependency stubs use, with no behaviour. The real
// package brings the runtime and syscall, which analysistest type-checks
// from source at every version a fixture tries; no card's trigger names a
// time symbol. A fixture asks for it with the header "stub: time" and
// imports "fixlint.test/std/time".
package time

// Duration is the real one's type: an int64 count of nanoseconds.
type Duration int64

const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

type Time struct{ ns int64 }

func Now() Time                    { return Time{} }
func Since(t Time) Duration        { return 0 }
func (t Time) Add(d Duration) Time { return Time{t.ns + int64(d)} }
func (t Time) Sub(u Time) Duration { return Duration(t.ns - u.ns) }
func (t Time) IsZero() bool        { return t.ns == 0 }
