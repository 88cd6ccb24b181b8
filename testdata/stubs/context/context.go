// Package context is a stand-in for context in card fixtures, for the
// same reason as the time stand-in beside it (the real package imports
// time). Cards whose triggers name context functions (FIX-0026, FIX-0060)
// keep the real package in their fixtures. A fixture asks for it with the
// headers "stub: context" and "stub: time".
package context

import "fixlint.test/std/time"

type Context interface {
	Deadline() (deadline time.Time, ok bool)
	Done() <-chan struct{}
	Err() error
	Value(key any) any
}

type CancelFunc func()

type emptyCtx struct{}

func (emptyCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (emptyCtx) Done() <-chan struct{}       { return nil }
func (emptyCtx) Err() error                  { return nil }
func (emptyCtx) Value(key any) any           { return nil }

func Background() Context { return emptyCtx{} }
func TODO() Context       { return emptyCtx{} }

func WithCancel(parent Context) (Context, CancelFunc) { return parent, func() {} }
func WithTimeout(parent Context, d time.Duration) (Context, CancelFunc) {
	return parent, func() {}
}
func WithDeadline(parent Context, t time.Time) (Context, CancelFunc) { return parent, func() {} }
func WithValue(parent Context, key, val any) Context                 { return parent }
func WithoutCancel(parent Context) Context                           { return parent }
