/**
 * The largest WebSocket frame browser mode accepts (src/main/server/limits.ts says why 64 MiB). Shared so the page
 * can refuse a too-large request itself, with a message, instead of the server dropping the connection.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/**
 * The largest graph a request (and the CLI) takes: far past any real network, small enough to analyse at once.
 * Here, free of zod, so the command line checks a file against it without loading the request schemas.
 */
export const MAX_NODES = 100_000;
export const MAX_EDGES = 400_000;

/** The most CPU threads a training run may ask for (requests and the CLI's --threads). */
export const MAX_THREADS = 256;
