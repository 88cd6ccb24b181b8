// Proof for FIX-0047: pgx.CollectRows over a result with no rows, with a
// stand-in pgx.Rows (no server needed), and the fix option (AppendRows onto
// an empty, non-nil slice).
package main

import (
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// noRows is a pgx.Rows for a query that matched nothing.
type noRows struct{}

func (noRows) Close()                                       {}
func (noRows) Err() error                                   { return nil }
func (noRows) CommandTag() pgconn.CommandTag                { return pgconn.NewCommandTag("SELECT 0") }
func (noRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (noRows) Next() bool                                   { return false }
func (noRows) Scan(dest ...any) error                       { return nil }
func (noRows) Values() ([]any, error)                       { return nil, nil }
func (noRows) RawValues() [][]byte                          { return nil }
func (noRows) Conn() *pgx.Conn                              { return nil }

func describe(names []string, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	b, _ := json.Marshal(names)
	return fmt.Sprintf("nil slice %v, len %d, json.Marshal %s", names == nil, len(names), b)
}

func main() {
	// The trigger: collect a query's rows, and none match.
	names, err := pgx.CollectRows(noRows{}, pgx.RowTo[string])
	fmt.Println("trigger CollectRows(no rows):", describe(names, err))
	// Fix option: append onto an empty slice that is not nil.
	names, err = pgx.AppendRows(make([]string, 0), noRows{}, pgx.RowTo[string])
	fmt.Println("fix AppendRows(make([]T, 0), ...):", describe(names, err))
}
