/**
 * Server-sent events read from a fetch response. EventSource cannot send the bearer header (nor POST, which
 * /chat/stream is), so the stream is parsed here, by the rules of the HTML standard: lines end in \n or \r\n, a blank
 * line dispatches, "data" lines join with \n, one space after the colon is dropped, lines starting with ":" are comments.
 */
export async function* serverSentEvents(response, signal) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let partial = '';
  let event = { name: 'message', data: [] };
  try {
    for (;;) {
      if (signal?.aborted) return;
      const { value, done } = await reader.read();
      if (done) break;
      partial += value;
      let newline;
      while ((newline = partial.indexOf('\n')) >= 0) {
        let line = partial.slice(0, newline);
        partial = partial.slice(newline + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (event.data.length) yield { name: event.name, data: event.data.join('\n') };
          event = { name: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) text = text.slice(1);
        if (field === 'event') event.name = text;
        else if (field === 'data') event.data.push(text);
      }
    }
    if (event.data.length) yield { name: event.name, data: event.data.join('\n') };
  } finally {
    reader.cancel().catch(() => {});
  }
}
