package rules

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// CheckSet checks what no single card file can: IDs are unique, and a card
// file is named after its card's ID.
func CheckSet(cards []*Card) Errors {
	var errs Errors
	seen := make(map[string]string)
	for _, c := range cards {
		if prev, ok := seen[c.ID]; ok {
			errs = append(errs, &Error{File: c.Source, Msg: fmt.Sprintf("card ID %s is also used by %s", c.ID, prev)})
		}
		seen[c.ID] = c.Source
		base := strings.TrimSuffix(filepath.Base(c.Source), filepath.Ext(c.Source))
		if base != c.ID {
			errs = append(errs, &Error{File: c.Source, Msg: fmt.Sprintf("card file of %s should be named %s.yaml", c.ID, c.ID)})
		}
	}
	return errs
}

func sortCards(cards []*Card) {
	sort.Slice(cards, func(i, j int) bool { return cards[i].ID < cards[j].ID })
}
