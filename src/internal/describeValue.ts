// For error messages about a value that came from outside: `String()` throws for a null-prototype object,
// a throwing `toString` or a hostile proxy, and that TypeError would replace the error being built.

/** `String(value)`, or the value's type when converting it throws. */
export function describeValue(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value)
  } catch {
    return typeof value
  }
}
