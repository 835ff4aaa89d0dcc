// The zero the device program's global buffers start from.
//
// A global `InlineArray<N, T>(repeating: 0)` makes the Swift 6.3 SIL optimizer try to fold the initializer
// into static data, in time quadratic in N: the outbox's 98,304-byte payload store alone took 165 s of CPU
// per Embedded target (16,384 bytes: 5 s), nearly all of the device module's compile. Behind a call it may
// not inline, the value is not a constant, the attempt is skipped, and the buffer is what it was before:
// zeroed (memset) by the global's one-time initializer, in .bss. Locals and struct fields are not affected.

/// 0, as a value the optimizer does not see through (see the file header).
@inline(never)
func unfoldedZero<T: FixedWidthInteger>() -> T { 0 }
