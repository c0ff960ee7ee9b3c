// SSE allows CRLF, LF and a lone CR as line endings. The parser cannot end a line on a CR at the end of
// a chunk (an LF may follow in the next one), so a CR-only server's last event would wait for its next
// bytes (a ping, tens of seconds later). Rewriting every ending to LF as bytes arrive, remembering a
// trailing CR to swallow the LF that may start the next chunk, dispatches each event as it completes.

/** Returns a function that rewrites each decoded chunk, in order, to LF line endings. */
export function createLineEndingNormalizer(): (text: string) => string {
  let endedWithCR = false
  return (text) => {
    if (text === '') return text
    const rest = endedWithCR && text.charCodeAt(0) === 10 ? text.slice(1) : text
    endedWithCR = text.charCodeAt(text.length - 1) === 13
    return rest.indexOf('\r') === -1 ? rest : rest.replace(/\r\n?/g, '\n')
  }
}
