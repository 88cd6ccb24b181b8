// A demo module for fixlint: it pins versions with known problems. The
// dependencies under vendor/ are small stubs written for this demo, with
// the real modules' signatures, so that it builds without the network.
module example.com/demo

go 1.22

require (
	github.com/getkin/kin-openapi v0.143.0
	github.com/go-resty/resty/v2 v2.16.3
)
