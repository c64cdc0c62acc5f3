/** A one-line progress bar for terminals, redrawn in place with a carriage return. */
export function progressBar(stream: NodeJS.WriteStream, total: number) {
  let shown = false;
  return {
    update(done: number, text: string) {
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - text.length - 12));
      const filled = Math.round((Math.min(done, total) / Math.max(1, total)) * width);
      const pct = `${Math.floor((100 * done) / Math.max(1, total))}`.padStart(3);
      stream.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${pct}%  ${text}\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
