/** Shared by the server children: read the JSON input, report READY, stop cleanly on SIGTERM. */
export function input<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

export function ready(info: unknown, close: () => Promise<void>): void {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close()
      .catch((error) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
