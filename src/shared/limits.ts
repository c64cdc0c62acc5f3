/**
 * The largest WebSocket frame browser mode accepts (src/main/server/limits.ts says why 64 MiB). Shared so the page
 * can refuse a too-large request itself, with a message, instead of the server dropping the connection.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
