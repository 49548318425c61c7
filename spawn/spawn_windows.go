package spawn

import "context"

// RunSetsidContext returns [ErrNotSupported] on Windows.
func RunSetsidContext(context.Context, string, []string, SetsidConfig) (SetsidOutcome, error) {
	return SetsidOutcome{}, ErrNotSupported
}

// RunNohupContext returns [ErrNotSupported] on Windows.
func RunNohupContext(context.Context, string, []string, NohupConfig) (NohupOutcome, error) {
	return NohupOutcome{}, ErrNotSupported
}
