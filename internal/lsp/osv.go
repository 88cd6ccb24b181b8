package lsp

import "sync"

// osvState is what the server last heard from Options.DefaultOSV.
type osvState struct {
	osvMu       sync.Mutex
	osvPath     string // the database of the last check
	osvInfo     string
	osvWarning  string
	osvAnswered bool
}

// checkOSV is the OSV database of a check: Config.OSV, or, when that is
// "", what Options.DefaultOSV says now (the copy of fixlint osv update,
// which an update may replace while the server runs). What it says about
// the database is logged when it changes, not at every check; a warning
// (an old database) is also shown.
func (s *server) checkOSV() string {
	if s.opts.Config.OSV != "" || s.opts.DefaultOSV == nil {
		return s.opts.Config.OSV
	}
	path, info, warning := s.opts.DefaultOSV()
	s.osvMu.Lock()
	changed := !s.osvAnswered || path != s.osvPath || info != s.osvInfo || warning != s.osvWarning
	s.osvPath, s.osvInfo, s.osvWarning, s.osvAnswered = path, info, warning, true
	s.osvMu.Unlock()
	if changed {
		if info != "" {
			s.logf(messageInfo, "%s", info)
		}
		if warning != "" {
			s.logf(messageWarning, "%s", warning)
			// window/showMessage takes the parameters of logMessage.
			s.notify("window/showMessage", LogMessageParams{Type: messageWarning, Message: "fixlint: " + warning})
		}
	}
	return path
}

// lastOSV is the OSV database of the last check, for hover's catalog.
func (s *server) lastOSV() string {
	if s.opts.Config.OSV != "" || s.opts.DefaultOSV == nil {
		return s.opts.Config.OSV
	}
	s.osvMu.Lock()
	defer s.osvMu.Unlock()
	return s.osvPath
}
