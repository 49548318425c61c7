package pin_test

import "github.com/sysprims/sysprims/internal/pin"

func ExampleThreads() {
	restore := pin.Threads()
	// ... many round trips between this goroutine and another thread ...
	restore()
}
